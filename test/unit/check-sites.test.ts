/**
 * What `npm run check-sites` reports, pinned: on every saved real page and every page of our
 * own, the papers the adapter Margin picks finds against the distinct papers the page links
 * to. A change in either number means an adapter or the link reading changed what users see.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_MISSING } from '../harness/fixtures';
import { checkPage, pageHtml, SITE_PAGES } from '../harness/site-pages';

// [adapter, papers found, papers linked]: where they differ, the page links papers that are not
// its entries (comments' "see arXiv:…", references, related papers) or names its paper only in
// its <head>.
const EXPECTED: Record<string, [string, number, number]> = {
  'shared/huggingface/hf-papers-daily-2024-08-01.html': ['huggingface', 13, 13],
  'shared/huggingface/hf-papers-daily-2026-07-02.html': ['huggingface', 31, 31],
  'shared/arxiv/arxiv-list-cs-new-2018-07-20-old-markup.html': ['arxiv', 87, 90],
  'shared/arxiv/arxiv-list-cs.CL-recent-2026-07-28.html': ['arxiv', 50, 50],
  'shared/arxiv/arxiv-list-cs-2301-month-show3.html': ['arxiv', 3, 4],
  'shared/arxiv/arxiv-search-abstract-distributed-systems-2025-12.html': ['arxiv', 200, 200],
  'shared/arxiv/arxiv-abs-2106.09608-2021.html': ['arxiv', 1, 1],
  'shared/arxiv/arxiv-abs-2004.10162-2020.html': ['arxiv', 1, 1],
  'shared/arxiv/arxiv-abs-1902.02534-head-only-commonmeta.html': ['arxiv', 1, 0],
  'shared/others/google-scholar-search-2016-05-14.html': ['links', 0, 0],
  'shared/others/acl-anthology-author-andreas-madsack.html': ['links', 0, 0],
  'shared/others/acl-anthology-paper-2021.naacl-main.208.html': ['links', 0, 0],
  'shared/others/biorxiv-article-page.html': ['links', 0, 0],
  'shared/others/paperswithcode-method-vae-2024-12.html': ['links', 1, 1],
  'own/hf-listing-edge-cases.html': ['huggingface', 4, 4],
  'own/hf-listing-broken-json.html': ['huggingface', 2, 2],
  'own/hf-search-diffusion.html': ['huggingface', 3, 3],
  'own/hf-paper-page.html': ['huggingface', 3, 5],
  'own/arxiv-list-new.html': ['arxiv', 8, 11],
  'own/arxiv-list-legacy-recent.html': ['arxiv', 3, 3],
  'own/arxiv-catchup.html': ['arxiv', 4, 4],
  'own/arxiv-search-results.html': ['arxiv', 3, 4],
  'own/arxiv-abs-old-style.html': ['arxiv', 1, 0],
  'own/arxiv-html-view.html': ['arxiv', 1, 3],
  'own/links-blog.html': ['links', 3, 3],
};

beforeAll(() => {
  const win = window as unknown as { happyDOM?: { settings?: { handleDisabledFileLoadingAsSuccess: boolean } } };
  if (win.happyDOM?.settings) win.happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
});

describe('check-sites: papers found vs papers linked, on every page we have', () => {
  it('has an expectation for every page it checks, and checks every page of our own', () => {
    expect(SITE_PAGES.map((p) => p.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const page of SITE_PAGES) {
    const html = pageHtml(page);
    const [adapter, found, linked] = EXPECTED[page.name] ?? ['?', -1, -1];
    it.skipIf(html === null)(
      `${page.name}: ${adapter} finds ${found}, the page links ${linked}, no fallback${html === null ? ` (skipped: ${SHARED_MISSING})` : ''}`,
      () => {
        const c = checkPage(new DOMParser().parseFromString(html!, 'text/html'), page.url);
        expect([c.adapter, c.found, c.linked]).toEqual([adapter, found, linked]);
        // An unchanged page never falls back: Margin shows what the site's adapter found.
        expect(c.fallback).toBe(false);
        expect(c.shown).toHaveLength(found);
      },
    );
  }
});
