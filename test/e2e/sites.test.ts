import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launch, waitReady, type Page, type Session } from '../harness/browser';
import { callIn } from '../harness/pages';
import { hasShared, ownFixture, SHARED_MISSING, sharedFixture } from '../harness/fixtures';
import { generateArxivListing, generatedIds } from '../fixtures/arxiv-listing';

const HF = 'https://huggingface.co/papers';
const BIG = 'https://arxiv.org/list/cs.LG/pastweek?skip=0&show=2000';
const CATCHUP = 'https://arxiv.org/catchup/cs.LG/2026-07-01?abs=True&page=1';
const SHARED_PAGES: Array<[string, string, number]> = [
  ['https://huggingface.co/papers/date/2024-08-01', 'huggingface/hf-papers-daily-2024-08-01.html', 13],
  ['https://huggingface.co/papers/date/2026-07-02', 'huggingface/hf-papers-daily-2026-07-02.html', 31],
  ['https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&size=200', 'arxiv/arxiv-search-abstract-distributed-systems-2025-12.html', 200],
  ['https://arxiv.org/abs/2004.10162', 'arxiv/arxiv-abs-2004.10162-2020.html', 1],
];
const bigIds = generatedIds({ entries: 2000, view: 'pastweek' });

let s: Session;
beforeAll(async () => {
  s = await launch();
  const pages = new Map([
    [HF, { body: ownFixture('hf-listing-edge-cases.html') }],
    [BIG, { body: generateArxivListing({ entries: 2000, view: 'pastweek' }) }],
    [CATCHUP, { body: ownFixture('arxiv-catchup.html') }],
  ]);
  if (hasShared) for (const [url, file] of SHARED_PAGES) pages.set(url, { body: sharedFixture(file) });
  s.serve(pages);
});
afterAll(async () => {
  await s?.close();
});
afterEach(async () => {
  await Promise.all(s.context.pages().map((p) => p.close()));
});

async function open(url: string): Promise<Page> {
  const page = await s.context.newPage();
  page.on('dialog', (d) => {
    throw new Error(`the page opened a dialog: ${d.message()}`);
  });
  await page.goto(url);
  await waitReady(page);
  return page;
}
// Margin's hosts carry data-status (a page could have its own <paper-margin> elements).
const hostIds = (page: Page) =>
  page.$$eval('paper-margin[data-status]', (els) => els.map((e) => e.getAttribute('data-paper-id')));

describe('every paper on a page gets its host, at the real URLs', () => {
  // What the page itself links as its papers, read with the test's own selectors.
  const pageIds = (page: Page) =>
    page.evaluate(() => {
      const links = document.querySelectorAll<HTMLAnchorElement>('article h3 a[href^="/papers/"], li.arxiv-result p.list-title a[href*="/abs/"]');
      const ids = [...links].map((a) => `arxiv:${a.getAttribute('href')!.replace(/^.*\/(papers|abs)\//, '').replace(/v\d+$/, '')}`);
      const meta = document.querySelector('meta[name="citation_arxiv_id"]')?.getAttribute('content');
      return ids.length ? ids : meta ? [`arxiv:${meta}`] : [];
    });
  for (const [url, file, count] of SHARED_PAGES) {
    it.skipIf(!hasShared)(`${count} on ${file}${hasShared ? '' : ` (skipped: ${SHARED_MISSING})`}`, async () => {
      const page = await open(url);
      const ids = await hostIds(page);
      expect(ids).toHaveLength(count);
      expect(ids).toEqual(await pageIds(page));
    });
  }

  it('2000 on a generated 2000-entry pastweek listing, in page order', async () => {
    const page = await open(BIG);
    expect(await hostIds(page)).toEqual(bigIds);
  });

  it('every entry of a catchup page', async () => {
    const page = await open(CATCHUP);
    expect((await hostIds(page)).length).toBeGreaterThan(2);
  });
});

describe('a Hugging Face page that changes itself', () => {
  it('gives a re-rendered card its host back, never two', async () => {
    const page = await open(HF);
    const before = await hostIds(page);
    await page.evaluate(() => {
      // What a framework re-render does: the same card, fresh DOM, without Margin's host.
      const card = document.querySelector('article')!;
      const fresh = card.cloneNode(true) as Element;
      fresh.querySelectorAll('paper-margin').forEach((h) => h.remove());
      card.replaceWith(fresh);
    });
    await expect.poll(() => page.$$eval('article:first-of-type paper-margin', (els) => els.length)).toBe(1);
    expect(await hostIds(page)).toEqual(before);
  });

  it('annotates the cards of another day swapped in without a page load', async () => {
    const page = await open(HF);
    const t = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('article')];
      const parent = cards[0]!.parentElement!;
      const next = cards.slice(0, 3).map((card, i) => {
        const fresh = card.cloneNode(true) as Element;
        fresh.querySelectorAll('paper-margin').forEach((h) => h.remove());
        fresh.querySelectorAll('a[href^="/papers/"]').forEach((a) => a.setAttribute('href', `/papers/2606.0990${i}`));
        return fresh;
      });
      cards.forEach((c) => c.remove());
      parent.append(...next);
      history.pushState({}, '', '/papers/date/2026-07-01');
      return performance.now();
    });
    await expect.poll(() => hostIds(page)).toEqual(['arxiv:2606.09900', 'arxiv:2606.09901', 'arxiv:2606.09902']);
    const took = (await page.evaluate(() => performance.now())) - t;
    console.log(`  swapped cards annotated after ${Math.round(took)} ms (includes polling)`);
  });

  it('shows a title made of markup as text, and runs none of it', async () => {
    const page = await open(HF);
    const group = page.locator('paper-margin[data-paper-id="arxiv:2607.00033"]').first().getByRole('group');
    await expect.poll(async () => (await group.getAttribute('aria-label')) ?? '').toContain('<img src=x onerror=alert(1)>');
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src])').length)).toBe(0);
    const inShadow = await page.evaluate(() =>
      [...document.querySelectorAll('paper-margin')].reduce((n, h) => n + (h.shadowRoot?.querySelectorAll('img, script').length ?? 0), 0),
    );
    expect(inShadow).toBe(0);
  });
});

describe('Margin on a site the user turned it on for', () => {
  const BLOG = 'https://blog.example/reading-list';
  let granted: Session;
  let extDir: string;

  beforeAll(async () => {
    // Chromium's permission prompt cannot be answered headless: load a copy of the build
    // whose manifest already grants the test site, as a user's "Allow" would.
    extDir = mkdtempSync(join(tmpdir(), 'margin-granted-'));
    cpSync(DIST, extDir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
    manifest.host_permissions = ['https://blog.example/*'];
    writeFileSync(join(extDir, 'manifest.json'), JSON.stringify(manifest));
    granted = await launch({ extension: extDir });
    granted.serve(new Map([[BLOG, { body: ownFixture('links-blog.html') }]]));
  });
  afterAll(async () => {
    await granted?.close();
    rmSync(extDir, { recursive: true, force: true });
  });

  async function siteAccess(req: { origin: string; on?: boolean }) {
    const page = await granted.context.newPage();
    await page.goto(granted.extensionUrl('src/options/index.html'));
    try {
      return await callIn<{ origin: string; on: boolean }>(page, 'siteAccess', req);
    } finally {
      await page.close();
    }
  }

  it('does nothing there until turned on; then annotates each distinct paper link; off removes it', async () => {
    const first = await granted.context.newPage();
    await first.goto(BLOG);
    await first.waitForTimeout(500);
    expect(await hostIds(first)).toEqual([]);
    expect(await first.evaluate(() => document.documentElement.hasAttribute('data-paper-margin'))).toBe(false);
    await first.close();

    expect(await siteAccess({ origin: 'https://blog.example', on: true })).toMatchObject({ on: true });
    expect(await siteAccess({ origin: 'https://blog.example' })).toMatchObject({ on: true });
    const page = await granted.context.newPage();
    await page.goto(BLOG);
    await waitReady(page);
    const ids = await hostIds(page);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    await page.close();

    expect(await siteAccess({ origin: 'https://blog.example', on: false })).toMatchObject({ on: false });
    const after = await granted.context.newPage();
    await after.goto(BLOG);
    await after.waitForTimeout(500);
    expect(await hostIds(after)).toEqual([]);
    await after.close();
  });

  it('refuses to turn on a site the user has not allowed', async () => {
    await expect(siteAccess({ origin: 'https://elsewhere.example', on: true })).rejects.toThrow(/refused.*has not been allowed/);
  });
});
