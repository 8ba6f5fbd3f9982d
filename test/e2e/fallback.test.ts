/**
 * A redesigned site in real Chromium: saved real pages, redesigned (test/harness/redesign.ts),
 * served at their real URLs. Margin falls back to their paper links, says so, keeps the
 * keyboard working, and what the user does there shows on the page as it was.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { links } from '../../src/sites/links';
import { adapterFor } from '../../src/sites/registry';
import { launch, waitReady, type Session } from '../harness/chromium';
import { closeDom, parsePage } from '../harness/dom';
import { hasShared, SHARED_MISSING } from '../harness/fixtures';
import { deepActive } from '../harness/pages';
import { redesign } from '../harness/redesign';
import { pageHtml, SITE_PAGES } from '../harness/site-pages';

const PAGES = [
  'shared/arxiv/arxiv-list-cs-new-2018-07-20-old-markup.html',
  'shared/arxiv/arxiv-list-cs.CL-recent-2026-07-28.html',
  'shared/huggingface/hf-papers-daily-2024-08-01.html',
  'shared/huggingface/hf-papers-daily-2026-07-02.html',
].map((name) => SITE_PAGES.find((p) => p.name === name)!);
// The redesigned page is served at the page's URL; the page as it was, at the same URL with `?as-was`.
const asWas = (url: string) => `${url}${url.includes('?') ? '&' : '?'}as-was`;
const NOTE = /layout was not recognised/;

interface Prepared {
  url: string;
  /** Distinct papers the page as it was links to, in page order: what the fallback should show. */
  linked: string[];
  /** What the site's adapter finds on the page as it was. */
  listed: string[];
}
const prepared: Prepared[] = [];
let s: Session;

beforeAll(async () => {
  s = await launch();
  const served = new Map<string, { body: string }>();
  if (hasShared) {
    for (const page of PAGES) {
      const html = pageHtml(page)!;
      const url = new URL(page.url);
      const doc = parsePage(html);
      prepared.push({
        url: page.url,
        linked: links.findPapers(doc, url).map((o) => o.id),
        listed: [...new Set(adapterFor(url)!.findPapers(doc, url).map((o) => o.id))],
      });
      served.set(page.url, { body: redesign(parsePage(html)) });
      served.set(asWas(page.url), { body: html });
    }
  }
  await closeDom();
  s.serve(served);
});
afterAll(async () => {
  await s?.close();
});
afterEach(async () => {
  await Promise.all(s.context.pages().map((p) => p.close()));
});

async function open(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await waitReady(page);
  return page;
}
const hostIds = (page: Page) =>
  page.$$eval('paper-margin[data-status]', (els) => els.map((e) => e.getAttribute('data-paper-id')));
const fallbackAttr = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-paper-margin-fallback'));
const barText = (page: Page) =>
  page.evaluate(() => document.querySelector('paper-margin-bar')?.shadowRoot?.textContent ?? '');
const host = (page: Page, id: string) => page.locator(`paper-margin[data-paper-id="${id}"]`);
const skipped = hasShared ? '' : ` (skipped: ${SHARED_MISSING})`;

describe('a redesigned listing: every distinct paper once, in page order, and the page bar says why', () => {
  for (const [i, page] of PAGES.entries()) {
    it.skipIf(!hasShared)(`${page.name}${skipped}`, async () => {
      const { url, linked, listed } = prepared[i]!;
      const tab = await open(url);
      await expect.poll(() => hostIds(tab)).toEqual(linked);
      expect((await hostIds(tab)).filter((id) => listed.includes(id!))).toEqual(listed);
      expect(await fallbackAttr(tab)).toBe(adapterFor(new URL(url))!.id);
      await expect.poll(() => barText(tab)).toMatch(NOTE);
    });
  }
});

describe('the same pages as they were: never the fallback', () => {
  for (const [i, page] of PAGES.entries()) {
    it.skipIf(!hasShared)(`${page.name}${skipped}`, async () => {
      const { url, listed } = prepared[i]!;
      const tab = await open(asWas(url));
      expect(await hostIds(tab)).toEqual(listed);
      expect(await fallbackAttr(tab)).toBeNull();
      await expect.poll(() => barText(tab)).toMatch(/\d+ new/);
      expect(await barText(tab)).not.toMatch(NOTE);
    });
  }
});

describe('working through the fallback', () => {
  it.skipIf(!hasShared)(`j walks the papers; q and a tag made there show on the page as it was${skipped}`, async () => {
    const { url, linked } = prepared[1]!; // arXiv cs.CL recent, 2026 markup
    const [first, second] = linked as [string, string];
    const tab = await open(url);
    await tab.keyboard.press('j');
    await expect.poll(() => host(tab, first).getAttribute('data-current')).toBe('');
    await tab.keyboard.press('j');
    await expect.poll(() => host(tab, second).getAttribute('data-current')).toBe('');
    await tab.keyboard.press('q');
    await expect.poll(() => host(tab, second).getAttribute('data-status')).toBe('queued');
    await tab.keyboard.press('t');
    await expect.poll(() => deepActive(tab)).toMatch(/paper-margin>input\[New tag\]/);
    await tab.keyboard.type('redesign');
    await tab.keyboard.press('Enter');
    await expect.poll(() => host(tab, second).getAttribute('data-tags')).toBe('redesign');

    const before = await open(asWas(url));
    expect(await fallbackAttr(before)).toBeNull();
    await expect.poll(() => host(before, second).getAttribute('data-status')).toBe('queued');
    expect(await host(before, second).getAttribute('data-tags')).toBe('redesign');
    expect(await host(before, first).getAttribute('data-status')).toBe('none');
  });

  it.skipIf(!hasShared)(`a Hugging Face page that re-renders itself in a new layout, and back${skipped}`, async () => {
    const { url, listed } = prepared[3]!; // the 2026 daily page
    const tab = await open(asWas(url));
    expect(await fallbackAttr(tab)).toBeNull();
    // A client-side render in a layout Margin does not know: the cards become plain divs.
    await tab.evaluate(() => {
      const list = document.querySelector('article')!.parentElement!;
      const cards = [...list.childNodes];
      Object.assign(window, { swapped: { list, cards } });
      const next = [...list.querySelectorAll('article')].map((card) => {
        const div = document.createElement('div');
        div.append(...[...card.childNodes].map((n) => n.cloneNode(true)));
        div.querySelectorAll('paper-margin').forEach((h) => h.remove());
        return div;
      });
      list.replaceChildren(...next);
    });
    await expect.poll(() => fallbackAttr(tab)).toBe('huggingface');
    await expect.poll(() => hostIds(tab)).toEqual(listed);
    await expect.poll(() => barText(tab)).toMatch(NOTE);

    // And back: the adapter recognises the cards again.
    await tab.evaluate(() => {
      const { list, cards } = (window as unknown as { swapped: { list: Element; cards: Node[] } }).swapped;
      list.replaceChildren(...cards);
    });
    await expect.poll(() => fallbackAttr(tab)).toBeNull();
    await expect.poll(() => hostIds(tab)).toEqual(listed);
    await expect.poll(() => barText(tab)).not.toMatch(NOTE);
  });
});
