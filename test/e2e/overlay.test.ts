import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, waitReady, type Page, type Session } from '../harness/browser';
import { absPage, axeViolations, deepActive } from '../harness/pages';
import { generateArxivListing, generatedEntries } from '../fixtures/arxiv-listing';

const LIST = 'https://arxiv.org/list/cs.LG/new';
const listing = { entries: 12, view: 'new' as const };
const entries = generatedEntries(listing);
const first = entries[0]!;
const second = entries[1]!;
const absUrl = (e: { arxivId: string }) => `https://arxiv.org/abs/${e.arxivId}`;
// A page whose paper title sits directly in <body>, so a hostile "hide every div" rule
// reaches no ancestor of Margin's host: only Margin's own isolation can keep it visible.
const BARE = 'https://arxiv.org/abs/2501.00001';

let s: Session;

beforeAll(async () => {
  s = await launch();
  const pages = new Map([[LIST, { body: generateArxivListing(listing) }]]);
  for (const e of entries.slice(0, 3)) pages.set(absUrl(e), { body: absPage(e.arxivId, e.title) });
  pages.set(
    BARE,
    {
      body: `<!DOCTYPE html><html><head><meta name="citation_arxiv_id" content="2501.00001"><meta name="citation_title" content="Bare"></head>
<body><h1 class="title">Bare</h1><p>text</p></body></html>`,
    },
  );
  s.serve(pages);
});
afterAll(async () => {
  await s?.close();
});
// A failed test must not leave its tabs behind for the next one.
afterEach(async () => {
  await Promise.all(s.context.pages().map((p) => p.close()));
});

const host = (page: Page, id: string) => page.locator(`paper-margin[data-paper-id="${id}"]`);
async function open(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await waitReady(page);
  return page;
}

describe('keyboard triage on a listing', () => {
  it('j, q, t + tag + Enter, n + note + Esc, j, x: all kept through a reload, and shown in the popup and on the abstract page', async () => {
    const page = await open(LIST);
    await page.keyboard.press('j');
    await expect.poll(() => host(page, first.id).getAttribute('data-current')).toBe('');

    await page.keyboard.press('q');
    await expect.poll(() => host(page, first.id).getAttribute('data-status')).toBe('queued');

    await page.keyboard.press('t');
    await expect.poll(() => deepActive(page)).toMatch(/paper-margin>input\[New tag\]/);
    await page.keyboard.type('Diffusion Models');
    await page.keyboard.press('Enter');
    await expect.poll(() => host(page, first.id).getAttribute('data-tags')).toBe('diffusion-models');

    await page.keyboard.press('n');
    await expect.poll(() => deepActive(page)).toMatch(/paper-margin>textarea/);
    await page.keyboard.type('First line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('  indented second line');
    await page.keyboard.press('Escape');
    await expect.poll(() => host(page, first.id).getAttribute('data-has-note')).toBe('');

    await page.keyboard.press('j');
    await expect.poll(() => host(page, second.id).getAttribute('data-current')).toBe('');
    expect(await host(page, first.id).getAttribute('data-current')).toBeNull();
    await page.keyboard.press('x');
    await expect.poll(() => host(page, second.id).getAttribute('data-status')).toBe('done');

    await page.reload();
    await waitReady(page);
    await expect.poll(() => host(page, first.id).getAttribute('data-status')).toBe('queued');
    expect(await host(page, first.id).getAttribute('data-tags')).toBe('diffusion-models');
    expect(await host(page, first.id).getAttribute('data-has-note')).toBe('');
    expect(await host(page, second.id).getAttribute('data-status')).toBe('done');
    // The note is kept exactly as typed, new line and leading spaces included.
    await host(page, first.id).getByRole('button', { name: /edit the note/i }).click();
    await expect.poll(() => host(page, first.id).locator('textarea').inputValue()).toBe('First line\n  indented second line');

    const abs = await open(absUrl(first));
    await expect.poll(() => abs.locator('paper-margin').getAttribute('data-status')).toBe('queued');
    expect(await abs.locator('paper-margin').getAttribute('data-tags')).toBe('diffusion-models');

    const popup = await s.context.newPage();
    await popup.goto(s.extensionUrl('src/popup/index.html'));
    await expect.poll(() => popup.locator(`[data-paper-id="${first.id}"]`).count()).toBeGreaterThan(0);
    await Promise.all([page.close(), abs.close(), popup.close()]);
  });

  it('does nothing when q or x is typed into the page\'s search box', async () => {
    const page = await open(LIST);
    const before = await page.$$eval('paper-margin', (els) => els.map((e) => e.getAttribute('data-status')));
    await page.keyboard.press('j');
    await page.locator('input[name="query"]').first().click();
    await page.keyboard.type('qxqr');
    expect(await page.locator('input[name="query"]').first().inputValue()).toBe('qxqr');
    // Give a wrongly fired shortcut the time to reach the store and come back.
    await page.waitForTimeout(300);
    expect(await page.$$eval('paper-margin', (els) => els.map((e) => e.getAttribute('data-status')))).toEqual(before);
    await page.close();
  });

  it('shows and closes the shortcut help with ? and Esc, listing every shortcut', async () => {
    const page = await open(LIST);
    await page.keyboard.press('?');
    const dialog = page.locator('paper-margin-help').getByRole('dialog', { name: /keyboard shortcuts/i });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const text = await dialog.innerText();
    for (const label of ['Next paper', 'Previous paper', 'Toggle queued', 'Mark reading', 'Toggle done', 'Add a tag', 'Edit the note', 'Open the paper in a new tab']) {
      expect(text).toContain(label);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('paper-margin-help').count()).toBe(0);
    await page.close();
  });
});

describe('opening papers', () => {
  it('O opens the current paper in a new tab, o in this one', async () => {
    const page = await open(LIST);
    await page.keyboard.press('j');
    await expect.poll(() => host(page, first.id).getAttribute('data-current')).toBe('');
    const [popup] = await Promise.all([s.context.waitForEvent('page'), page.keyboard.press('Shift+O')]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(absUrl(first));
    expect(page.url()).toBe(LIST);
    await page.keyboard.press('o');
    await page.waitForURL(absUrl(first));
  });
});

describe('page bar', () => {
  it('counts this page and filters it without touching data', async () => {
    const page = await open(LIST);
    const bar = page.locator('paper-margin-bar');
    await host(page, second.id).getByRole('combobox', { name: /Reading queue status/ }).selectOption('done');
    await expect.poll(() => bar.locator('[data-count="done"]').innerText()).toMatch(/^[1-9]\d* done$/);
    const doneDt = page.locator(`dt:has(a[id="${second.arxivId}"])`);
    await expect.poll(() => doneDt.isVisible()).toBe(true);
    await bar.getByLabel('Hide done').check();
    await expect.poll(() => doneDt.isVisible()).toBe(false);
    await bar.getByLabel('Hide done').uncheck();
    await expect.poll(() => doneDt.isVisible()).toBe(true);
    expect(await host(page, second.id).getAttribute('data-status')).toBe('done');

    // "Show or hide Margin on this page" (a browser-level command) hides the bar too.
    await page.bringToFront();
    const toggle = () => s.command('toggle-overlays');
    await toggle();
    await expect.poll(() => bar.count()).toBe(0);
    await toggle();
    await expect.poll(() => bar.count()).toBe(1);
    await page.close();
  });
});

describe('what a user cannot break', () => {
  it("keeps the overlay visible and as designed under a hostile page stylesheet", async () => {
    const page = await open(BARE);
    await page.addStyleTag({
      content: 'body { color: red; font: 40px serif } div, span, button, input, select, label, ul, li { display: none !important }',
    });
    const select = page.locator('paper-margin').getByRole('combobox', { name: /Reading queue status/ });
    await expect.poll(() => select.isVisible()).toBe(true);
    const style = await select.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { color: cs.color, size: cs.fontSize, family: cs.fontFamily, height: el.getBoundingClientRect().height };
    });
    expect(style.color).not.toBe('rgb(255, 0, 0)');
    expect(style.size).toBe('12px');
    expect(style.family).not.toMatch(/^serif$/);
    expect(style.height).toBeGreaterThan(10);
    expect(style.height).toBeLessThan(30);
    expect(await page.locator('paper-margin').getByRole('button', { name: /add a tag/i }).isVisible()).toBe(true);
    await page.close();
  });

  it('has an accessible name for every control, Tab order through them, and no serious axe violations', async () => {
    const page = await open(LIST);
    const firstHost = host(page, first.id);
    await firstHost.getByRole('combobox', { name: /Reading queue status/ }).focus();
    await page.keyboard.press('Tab');
    expect(await deepActive(page)).toMatch(/paper-margin>button\[(Remove tag|Add a tag)/);
    const serious = (await axeViolations(page, ['paper-margin', 'paper-margin-bar'])).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('paper-margin-help').count()).toBe(1);
    const helpSerious = (await axeViolations(page, ['paper-margin-help'])).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(helpSerious).toEqual([]);
    await page.close();
  });

  it('keeps a note typed just before the tab is closed', async () => {
    const page = await open(absUrl(entries[2]!));
    await page.locator('paper-margin').getByRole('button', { name: /note/i }).click();
    await page.keyboard.type('typed then closed');
    await page.close({ runBeforeUnload: true });
    const again = await open(absUrl(entries[2]!));
    await expect.poll(() => again.locator('paper-margin').getAttribute('data-has-note')).toBe('');
    await again.locator('paper-margin').getByRole('button', { name: /edit the note/i }).click();
    expect(await again.locator('paper-margin textarea').inputValue()).toBe('typed then closed');
    await again.close();
  });

  it('keeps both edits when two tabs change one paper at once (a tag in one, a note in the other)', async () => {
    const a = await open(absUrl(entries[1]!));
    const b = await open(absUrl(entries[1]!));
    await a.locator('paper-margin').getByRole('button', { name: /add a tag/i }).click();
    await b.locator('paper-margin').getByRole('button', { name: /note/i }).click();
    await a.keyboard.type('from-a');
    await b.keyboard.type('from b');
    await Promise.all([a.keyboard.press('Enter'), b.keyboard.press('Escape')]);
    for (const p of [a, b]) {
      await expect.poll(() => p.locator('paper-margin').getAttribute('data-tags')).toBe('from-a');
      await expect.poll(() => p.locator('paper-margin').getAttribute('data-has-note')).toBe('');
    }
    await Promise.all([a.close(), b.close()]);
  });
});

describe('new papers', () => {
  it('marks papers never shown before as new, and not after they were on screen for a second', async () => {
    const page = await open(LIST);
    const last = entries[entries.length - 1]!;
    // Seen in the tests above (on screen for long enough)? The last entry was never scrolled to.
    await expect.poll(() => host(page, last.id).getAttribute('data-new')).toBe('');
    // Scroll its entry into view, as a reader would (the host has no box until it renders).
    await page.locator(`dt:has(a[id="${last.arxivId}"])`).scrollIntoViewIfNeeded();
    // On screen for more than a second, then the batch is sent.
    await page.waitForTimeout(3000);
    expect(await host(page, last.id).getAttribute('data-new')).toBe(''); // still marked in this view
    await page.reload();
    await waitReady(page);
    await expect.poll(() => host(page, last.id).getAttribute('data-new')).toBeNull();
    await page.close();
  });
});
