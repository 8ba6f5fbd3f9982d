/**
 * The fallback decision on real pages: a redesigned page (test/harness/redesign.ts) the site's
 * adapter no longer recognises still gets one occurrence per distinct paper, in page order,
 * from its links; a page the adapter reads never falls back, and costs no second pass.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { choosePapers, FALLBACK_ATTR, withFallback } from '../../src/content/fallback';
import { arxiv } from '../../src/sites/arxiv';
import { links } from '../../src/sites/links';
import { adapterFor } from '../../src/sites/registry';
import type { PaperOccurrence } from '../../src/sites/types';
import { generateArxivListing, generatedIds } from '../fixtures/arxiv-listing';
import { SHARED_MISSING } from '../harness/fixtures';
import { REDESIGNED, redesign } from '../harness/redesign';
import { pageHtml, SITE_PAGES } from '../harness/site-pages';

const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const ids = (found: PaperOccurrence[]) => found.map((o) => o.id);
const distinct = (list: string[]) => [...new Set(list)];
const inPageOrder = (found: PaperOccurrence[]) =>
  found.every((o, i) => i === 0 || (found[i - 1]!.anchor.compareDocumentPosition(o.anchor) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);

beforeAll(() => {
  const win = window as unknown as { happyDOM?: { settings?: { handleDisabledFileLoadingAsSuccess: boolean } } };
  if (win.happyDOM?.settings) win.happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
});

describe('a redesigned page: every distinct paper once, in page order, from its links', () => {
  for (const name of REDESIGNED) {
    const page = SITE_PAGES.find((p) => p.name === name)!;
    const html = pageHtml(page);
    it.skipIf(html === null)(`${name}${html === null ? ` (skipped: ${SHARED_MISSING})` : ''}`, () => {
      const url = new URL(page.url);
      const site = adapterFor(url)!;
      const before = parse(html!);
      const listed = distinct(ids(site.findPapers(before, url)));
      const linked = ids(links.findPapers(before, url));

      const after = parse(redesign(parse(html!)));
      expect(site.findPapers(after, url)).toEqual([]); // the redesign is one the adapter does not survive
      const choice = choosePapers(site, after, url);
      expect(choice.fallback).toBe(true);
      // One occurrence per distinct paper, in page order: the ones the unchanged page linked.
      expect(ids(choice.papers)).toEqual(linked);
      expect(distinct(ids(choice.papers))).toHaveLength(choice.papers.length);
      expect(inPageOrder(choice.papers)).toBe(true);
      // Every paper the adapter listed before is still there, in the same order.
      expect(ids(choice.papers).filter((id) => listed.includes(id))).toEqual(listed);
    });
  }
});

describe('how far short an adapter must fall', () => {
  const page = SITE_PAGES.find((p) => p.name === 'shared/arxiv/arxiv-list-cs.CL-recent-2026-07-28.html')!;
  const html = pageHtml(page);
  const url = new URL(page.url);
  /** The page with its last `n` entries' dt/dd turned into divs: the adapter misses those. */
  const breakLast = (n: number) => {
    const doc = parse(html!);
    const dts = [...doc.querySelectorAll('dl dt')].slice(-n);
    for (const dt of dts) {
      for (const el of [dt.nextElementSibling!, dt]) {
        const div = doc.createElement('div');
        div.append(...el.childNodes);
        el.replaceWith(div);
      }
    }
    return doc;
  };

  it.skipIf(html === null)('falls back when the adapter finds fewer than half of the linked papers (20 of 50)', () => {
    const doc = breakLast(30);
    expect(arxiv.findPapers(doc, url)).toHaveLength(20);
    const choice = choosePapers(arxiv, doc, url);
    expect(choice.fallback).toBe(true);
    expect(choice.papers).toHaveLength(50);
  });

  it.skipIf(html === null)('keeps the adapter when it finds most of them (40 of 50)', () => {
    const doc = breakLast(10);
    const choice = choosePapers(arxiv, doc, url);
    expect(choice.fallback).toBe(false);
    expect(choice.papers).toHaveLength(40);
  });

  it('never on a page about one paper, whose references link many (the HTML view)', () => {
    const page = SITE_PAGES.find((p) => p.name === 'own/arxiv-html-view.html')!;
    const doc = parse(pageHtml(page)!);
    const url = new URL(page.url);
    expect(links.findPapers(doc, url).length).toBeGreaterThan(2);
    expect(choosePapers(arxiv, doc, url)).toMatchObject({ fallback: false, papers: [{ id: 'arxiv:2607.01001' }] });
  });
});

describe('a 2000-entry listing the adapter reads', () => {
  const URL_ = new URL('https://arxiv.org/list/cs.LG/pastweek?skip=0&show=2000');
  const listing = generateArxivListing({ entries: 2000, view: 'pastweek' });

  it('no fallback, and no second pass over every link to decide so', () => {
    const spy = vi.spyOn(links, 'findPapers');
    try {
      const choice = choosePapers(arxiv, parse(listing), URL_);
      expect(choice.fallback).toBe(false);
      expect(ids(choice.papers)).toEqual(generatedIds({ entries: 2000, view: 'pastweek' }));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

});

describe('withFallback: <html> says when Margin falls back, decided again on every scan', () => {
  it('marks the page while it falls back, and unmarks it when the adapter recognises the page again', () => {
    const url = new URL('https://arxiv.org/list/cs/new');
    const page = SITE_PAGES.find((p) => p.name === 'own/arxiv-list-new.html')!;
    const doc = parse(pageHtml(page)!);
    const guarded = withFallback(arxiv);
    const original = doc.body.innerHTML;

    expect(guarded.findPapers(doc, url)).toHaveLength(8);
    expect(doc.documentElement.hasAttribute(FALLBACK_ATTR)).toBe(false);

    // The page swaps in a layout the adapter does not know (as a client-side render would).
    doc.body.innerHTML = parse(redesign(parse(pageHtml(page)!))).body.innerHTML;
    expect(guarded.findPapers(doc, url)).toHaveLength(11);
    expect(guarded.fallback).toBe(true);
    expect(doc.documentElement.getAttribute(FALLBACK_ATTR)).toBe('arxiv');

    doc.body.innerHTML = original;
    expect(guarded.findPapers(doc, url)).toHaveLength(8);
    expect(guarded.fallback).toBe(false);
    expect(doc.documentElement.hasAttribute(FALLBACK_ATTR)).toBe(false);
  });

  it('leaves the links adapter (sites the user turned on) as it is', () => {
    const doc = parse('<p>nothing here</p><a href="https://arxiv.org/abs/1706.03762">x</a>');
    const guarded = withFallback(links);
    expect(guarded.findPapers(doc, new URL('https://blog.example/post'))).toHaveLength(1);
    expect(guarded.fallback).toBe(false);
    expect(doc.documentElement.hasAttribute(FALLBACK_ATTR)).toBe(false);
  });
});
