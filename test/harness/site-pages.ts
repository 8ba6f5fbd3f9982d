/**
 * Every page Margin's adapters are checked against, with the URL it was served at: the saved
 * real pages in ../shared/fixtures and the project's own pages in test/fixtures. Read by
 * `npm run check-sites` and by the unit test that pins what each adapter finds on each.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { choosePapers } from '../../src/content/fallback';
import { adapterFor } from '../../src/sites/registry';
import { links } from '../../src/sites/links';
import { OWN_FIXTURES, SHARED_FIXTURES } from './fixtures';

export interface SitePage {
  /** `shared/<path>` (a saved real page) or `own/<file>` (test/fixtures). */
  name: string;
  url: string;
}

export const SITE_PAGES: readonly SitePage[] = [
  { name: 'shared/huggingface/hf-papers-daily-2024-08-01.html', url: 'https://huggingface.co/papers/date/2024-08-01' },
  { name: 'shared/huggingface/hf-papers-daily-2026-07-02.html', url: 'https://huggingface.co/papers/date/2026-07-02' },
  { name: 'shared/arxiv/arxiv-list-cs-new-2018-07-20-old-markup.html', url: 'https://arxiv.org/list/cs/new' },
  { name: 'shared/arxiv/arxiv-list-cs.CL-recent-2026-07-28.html', url: 'https://arxiv.org/list/cs.CL/recent' },
  { name: 'shared/arxiv/arxiv-list-cs-2301-month-show3.html', url: 'https://arxiv.org/list/cs/2301?skip=0&show=3' },
  {
    name: 'shared/arxiv/arxiv-search-abstract-distributed-systems-2025-12.html',
    url: 'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&size=200',
  },
  { name: 'shared/arxiv/arxiv-abs-2106.09608-2021.html', url: 'https://arxiv.org/abs/2106.09608' },
  { name: 'shared/arxiv/arxiv-abs-2004.10162-2020.html', url: 'https://arxiv.org/abs/2004.10162' },
  { name: 'shared/arxiv/arxiv-abs-1902.02534-head-only-commonmeta.html', url: 'https://arxiv.org/abs/1902.02534' },
  {
    name: 'shared/others/google-scholar-search-2016-05-14.html',
    url: 'https://scholar.google.co.jp/scholar?q=%22Learning+deep+architectures+for+AI%22',
  },
  { name: 'shared/others/acl-anthology-author-andreas-madsack.html', url: 'https://aclanthology.org/people/andreas-madsack/' },
  { name: 'shared/others/acl-anthology-paper-2021.naacl-main.208.html', url: 'https://aclanthology.org/2021.naacl-main.208/' },
  { name: 'shared/others/biorxiv-article-page.html', url: 'https://www.biorxiv.org/content/article' },
  { name: 'shared/others/paperswithcode-method-vae-2024-12.html', url: 'https://paperswithcode.com/method/vae' },
  { name: 'own/hf-listing-edge-cases.html', url: 'https://huggingface.co/papers/date/2026-07-02' },
  { name: 'own/hf-listing-broken-json.html', url: 'https://huggingface.co/papers' },
  { name: 'own/hf-search-diffusion.html', url: 'https://huggingface.co/papers?q=diffusion' },
  { name: 'own/hf-paper-page.html', url: 'https://huggingface.co/papers/2310.03714' },
  { name: 'own/arxiv-list-new.html', url: 'https://arxiv.org/list/cs/new' },
  { name: 'own/arxiv-list-legacy-recent.html', url: 'https://arxiv.org/list/math.GT/recent' },
  { name: 'own/arxiv-catchup.html', url: 'https://arxiv.org/catchup/cs.LG/2026-07-01?abs=True&page=1' },
  { name: 'own/arxiv-search-results.html', url: 'https://arxiv.org/search/?query=consensus&searchtype=all' },
  { name: 'own/arxiv-abs-old-style.html', url: 'https://arxiv.org/abs/hep-th/9711200' },
  { name: 'own/arxiv-html-view.html', url: 'https://arxiv.org/html/2607.01001v2' },
  { name: 'own/links-blog.html', url: 'https://blog.example.org/2026/07/reading-list' },
];

/** The page's file, or null when it is a saved real page and those are not here. */
export function pageFile(page: SitePage): string | null {
  const [where, ...rest] = page.name.split('/');
  const path = join(where === 'own' ? OWN_FIXTURES : SHARED_FIXTURES, ...rest);
  return existsSync(path) ? path : null;
}

export function pageHtml(page: SitePage): string | null {
  const file = pageFile(page);
  return file ? readFileSync(file, 'utf8') : null;
}

export interface SiteCheck {
  /** The adapter the registry picks for the page's URL. */
  adapter: string;
  /** Distinct papers that adapter finds. */
  found: number;
  /** Distinct papers the page links to (what the links adapter finds). */
  linked: number;
  /** Papers the page links to that the adapter did not find (a comment's "see arXiv:…"). */
  missed: number;
  /** Papers the adapter found that the page does not link (an abstract page's own paper, from its meta tags). */
  unlinked: number;
  /** Whether Margin would fall back to the page's paper links there. */
  fallback: boolean;
  /** The ids Margin would annotate, in page order, one per distinct paper. */
  shown: string[];
}

export function checkPage(doc: Document, pageUrl: string): SiteCheck {
  const url = new URL(pageUrl);
  const adapter = adapterFor(url)!;
  const distinct = (ids: string[]) => [...new Set(ids)];
  const choice = choosePapers(adapter, doc, url);
  const found = new Set(adapter.findPapers(doc, url).map((o) => o.id));
  const linked = new Set(links.findPapers(doc, url).map((o) => o.id));
  return {
    adapter: adapter.id,
    found: found.size,
    linked: linked.size,
    missed: [...linked].filter((id) => !found.has(id)).length,
    unlinked: [...found].filter((id) => !linked.has(id)).length,
    fallback: choice.fallback,
    shown: distinct(choice.papers.map((o) => o.id)),
  };
}
