/**
 * The reading queue driven by keys, in the built extension: the popup page opened as a tab
 * (as popup.test.ts does), beside an arXiv listing tab that shows what the keys changed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POPUP_SHORTCUTS, popupKeyLabel } from '../../src/shared/shortcuts';
import { generateArxivListing, generatedEntries } from '../fixtures/arxiv-listing';
import { DIST, launch, waitReady, type Session } from '../harness/chromium';
import { absPage, callIn, deepActive, navigatedTo } from '../harness/pages';

const LIST = 'https://arxiv.org/list/cs.LG/new';
const listing = { entries: 6, view: 'new' as const };
const entries = generatedEntries(listing);
const [A, B, C] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]];
const absUrl = (e: { arxivId: string }) => `https://arxiv.org/abs/${e.arxivId}`;

let s: Session;
let snapshot: string;
let popup: Page;

async function openPopup(): Promise<Page> {
  const p = await s.context.newPage();
  await p.goto(`chrome-extension://${s.extensionId}/src/popup/index.html`);
  await p.waitForSelector('html[data-queue-ready="true"]', { state: 'attached' });
  return p;
}

async function openListing(): Promise<Page> {
  const p = await s.context.newPage();
  await p.goto(LIST);
  await waitReady(p);
  return p;
}

const rowIds = (p: Page) => p.$$eval('ol.papers > li', (els) => els.map((e) => e.getAttribute('data-paper-id')));
/** The row the keys act on, as the page marks it, and where the keyboard focus is. */
const currentRow = (p: Page) => p.$$eval('ol.papers > li[data-current="true"]', (els) => els.map((e) => e.getAttribute('data-paper-id')));
const focusedRow = (p: Page) => p.evaluate(() => document.activeElement?.closest('li[data-paper-id]')?.getAttribute('data-paper-id') ?? document.activeElement?.tagName);
/** What the popup's live region says now. */
const said = (p: Page) => p.locator('p.announce[role="status"]').textContent();
// Evaluated, not added as a script tag: the popup's CSP allows no inline script.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(AXE);
  return p.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> };
    const axe = (window as unknown as { axe: { run(): Promise<Result> } }).axe;
    return (await axe.run()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}
const hostOf = (p: Page, id: string) => p.locator(`paper-margin[data-paper-id="${id}"]`);

beforeAll(async () => {
  // A snapshot of dist/, as in popup.test.ts: a build started meanwhile must not swap files mid-test.
  snapshot = mkdtempSync(join(tmpdir(), 'margin-dist-'));
  cpSync(DIST, snapshot, { recursive: true });
  s = await launch({ extension: snapshot });
  const pages = new Map([[LIST, { body: generateArxivListing(listing) }]]);
  for (const e of entries) pages.set(absUrl(e), { body: absPage(e.arxivId, e.title) });
  s.serve(pages);
});
afterAll(async () => {
  await s?.close();
  if (snapshot) rmSync(snapshot, { recursive: true, force: true });
});
beforeEach(async () => {
  const setup = await openPopup();
  await callIn(setup, 'clearLibrary', {});
  for (const e of [A, B, C]) {
    await callIn(setup, 'update', { id: e.id, patch: { status: 'queued' }, meta: { title: e.title, url: absUrl(e) } });
  }
  await setup.close();
  popup = await openPopup();
});
// A failed test must not leave its tabs behind for the next one.
afterEach(async () => {
  await Promise.all(s.context.pages().map((p) => p.close()));
});

describe('the reading queue from the keyboard', () => {
  it('has the keyboard on opening, its first row current: j j k Enter opens the second paper', async () => {
    expect(await rowIds(popup)).toEqual([A.id, B.id, C.id]);
    expect(await currentRow(popup)).toEqual([A.id]);
    expect(await focusedRow(popup)).toBe(A.id);
    // One tab stop in the list (a roving tabindex): the current row.
    expect(await popup.$$eval('ol.papers > li[tabindex="0"]', (els) => els.map((e) => e.getAttribute('data-paper-id')))).toEqual([A.id]);

    await popup.keyboard.press('j');
    await popup.keyboard.press('j');
    await popup.keyboard.press('k');
    expect(await currentRow(popup)).toEqual([B.id]);
    expect(await focusedRow(popup)).toBe(B.id);
    await popup.bringToFront();
    await popup.keyboard.press('Enter');
    await popup.waitForURL(absUrl(B));
  });

  it('opens the current paper in a background tab on Ctrl+Enter and says so', async () => {
    await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press('ArrowDown');
    const [opened] = await Promise.all([s.context.waitForEvent('page'), popup.keyboard.press('Control+Enter')]);
    // Playwright may attach to an extension-made tab too late to serve it: its history says where it went.
    await expect.poll(() => navigatedTo(s.context, opened!)).toEqual([absUrl(C)]);
    expect(popup.url()).toMatch(/popup\/index\.html$/);
    expect(await said(popup)).toBe(`Opened in a background tab: ${C.title}`);
  });

  it('x marks the current paper done: it leaves the queue, the next row is current, and the listing shows it done', async () => {
    const list = await openListing();
    await expect.poll(() => hostOf(list, B.id).getAttribute('data-status')).toBe('queued');

    await popup.keyboard.press('j');
    await popup.keyboard.press('x');
    // At once, before the background has answered: the next key acts on the next paper.
    expect(await said(popup)).toBe(`Marked done: ${B.title}`);
    await expect.poll(() => rowIds(popup)).toEqual([A.id, C.id]);
    expect(await currentRow(popup)).toEqual([C.id]);
    expect(await focusedRow(popup)).toBe(C.id);
    await expect.poll(() => hostOf(list, B.id).getAttribute('data-status')).toBe('done');

    // q removes the last one; the row before it becomes current.
    await popup.keyboard.press('q');
    await expect.poll(() => rowIds(popup)).toEqual([A.id]);
    expect(await currentRow(popup)).toEqual([A.id]);
    expect(await said(popup)).toBe(`Removed from the queue: ${C.title}`);
    await expect.poll(() => hostOf(list, C.id).getAttribute('data-status')).toBe('none');

    // 2 shows Done, where x sends a paper back to the queue; 1 returns to the queue.
    await popup.keyboard.press('2');
    await expect.poll(() => popup.getByRole('tab', { selected: true }).textContent()).toMatch(/^Done/);
    await expect.poll(() => rowIds(popup)).toEqual([B.id]);
    expect(await focusedRow(popup)).toBe(B.id);
    await popup.keyboard.press('x');
    await expect.poll(() => rowIds(popup)).toEqual([]);
    await popup.keyboard.press('1');
    await expect.poll(() => rowIds(popup)).toEqual([A.id, B.id]);
    await expect.poll(() => hostOf(list, B.id).getAttribute('data-status')).toBe('queued');
  });

  it('x x in quick succession marks two papers done, not one twice', async () => {
    await popup.keyboard.press('j');
    await popup.keyboard.press('x');
    await popup.keyboard.press('x');
    await expect.poll(async () => (await callIn<Array<{ id: string }>>(popup, 'list', { view: 'done' })).map((r) => r.id).sort()).toEqual([B.id, C.id].sort());
    await expect.poll(() => rowIds(popup)).toEqual([A.id]);
    expect(await currentRow(popup)).toEqual([A.id]);
  });

  it('r marks reading and Alt+↑ moves the current paper up, keeping it current', async () => {
    await popup.keyboard.press('j');
    await popup.keyboard.press('j');
    await popup.keyboard.press('r');
    await expect.poll(() => popup.locator(`li[data-paper-id="${C.id}"]`).getAttribute('data-status')).toBe('reading');
    await popup.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => rowIds(popup)).toEqual([A.id, C.id, B.id]);
    await expect.poll(() => focusedRow(popup)).toBe(C.id);
    expect(await said(popup)).toBe(`Moved to 2 of 3: ${C.title}`);
    await expect.poll(async () => (await callIn<Array<{ id: string }>>(popup, 'list', { view: 'queue' })).map((r) => r.id)).toEqual([A.id, C.id, B.id]);
  });

  it('/ moves to the search box, Esc clears it and returns to the list, a second Esc closes the popup', async () => {
    await popup.waitForSelector('html[data-search-ready="true"]', { state: 'attached' });
    const search = popup.getByRole('searchbox', { name: 'Search your library' });
    await popup.keyboard.press('/');
    expect(await deepActive(popup)).toBe('input[Search your library]');
    // Shortcut letters are text here: nothing is marked, nothing is announced.
    await popup.keyboard.type(B.title.split(' ').slice(0, 2).join(' ').toLowerCase() + ' xq');
    expect(await search.inputValue()).toMatch(/ xq$/);
    expect(await said(popup)).toBe('');
    await search.fill(B.title.split(' ')[1]!);
    await expect.poll(() => rowIds(popup)).toContain(B.id);

    await popup.keyboard.press('Escape');
    expect(await search.inputValue()).toBe('');
    await expect.poll(() => rowIds(popup)).toEqual([A.id, B.id, C.id]);
    await expect.poll(() => focusedRow(popup)).toBe(A.id);
    expect(await callIn<Array<{ status: string }>>(popup, 'list', { view: 'queue' })).toHaveLength(3);

    // The page closes while the key is being pressed: the close is the answer.
    await Promise.all([popup.waitForEvent('close'), popup.keyboard.press('Escape').catch(() => undefined)]);
  });

  it('starts a search with a printable key that is no shortcut (type-ahead)', async () => {
    await popup.waitForSelector('html[data-search-ready="true"]', { state: 'attached' });
    const word = B.title.split(' ')[1]!; // e.g. "Galerkin": its first letter is no shortcut
    expect(POPUP_SHORTCUTS.some((sc) => sc.keys.includes(word[0]!))).toBe(false);
    await popup.keyboard.type(word);
    expect(await deepActive(popup)).toBe('input[Search your library]');
    expect(await popup.getByRole('searchbox').inputValue()).toBe(word);
    await expect.poll(() => rowIds(popup)).toContain(B.id);
    // ↓ goes from the search box to the results, where the keys work again.
    await popup.keyboard.press('ArrowDown');
    await expect.poll(() => focusedRow(popup)).toBe((await rowIds(popup))[0]);
  });

  it('t adds a tag that the listing shows, n writes a note saved as typed', async () => {
    const list = await openListing();
    await popup.keyboard.press('j');
    await popup.keyboard.press('t');
    expect(await deepActive(popup)).toBe('input[New tag]');
    await popup.keyboard.type('Graph Nets');
    await popup.keyboard.press('Enter');
    await expect.poll(() => hostOf(list, B.id).getAttribute('data-tags')).toBe('graph-nets');
    await expect.poll(() => popup.locator(`li[data-paper-id="${B.id}"] .tag`).allTextContents()).toEqual(['graph-nets']);
    // Said once the background has saved it.
    await expect.poll(() => said(popup)).toBe(`Tagged graph-nets: ${B.title}`);
    // The input closed and the list has the keyboard again.
    await expect.poll(() => focusedRow(popup)).toBe(B.id);

    await popup.keyboard.press('n');
    expect(await deepActive(popup)).toMatch(/^textarea\[Note on/);
    await popup.keyboard.type('check the proof of lemma 2');
    // Saved as typed, while the editor is still open.
    await expect.poll(async () => (await callIn<Array<{ note: string } | null>>(popup, 'lookup', { ids: [B.id] }))[0]?.note).toBe('check the proof of lemma 2');
    await expect.poll(() => hostOf(list, B.id).getAttribute('data-has-note')).toBe('');
    await popup.keyboard.press('Escape');
    await expect.poll(() => focusedRow(popup)).toBe(B.id);
    // Esc closed the editor only, not the popup.
    expect(popup.isClosed()).toBe(false);
    await popup.keyboard.press('j');
    expect(await currentRow(popup)).toEqual([C.id]);
  });

  it('? shows every key of the reading queue; Esc closes the help and the keys work again', async () => {
    await popup.keyboard.press('?');
    const help = popup.getByRole('dialog', { name: 'Keys in the reading queue' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.locator('kbd').allTextContents()).toEqual(POPUP_SHORTCUTS.flatMap((sc) => sc.keys.map(popupKeyLabel)));
    for (const sc of POPUP_SHORTCUTS) expect(await help.textContent()).toContain(sc.label);
    // Keys inside the help do not act on the list.
    await popup.keyboard.press('j');
    expect(await currentRow(popup)).toEqual([A.id]);
    await popup.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    expect(popup.isClosed()).toBe(false);
    await popup.keyboard.press('j');
    expect(await currentRow(popup)).toEqual([B.id]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious accessibility violation with a row current and its tag input open (${scheme})`, async () => {
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.keyboard.press('j');
      expect(await currentRow(popup)).toEqual([B.id]);
      expect(await seriousViolations(popup)).toEqual([]);
      await popup.keyboard.press('t');
      expect(await deepActive(popup)).toBe('input[New tag]');
      expect(await seriousViolations(popup)).toEqual([]);
    });
  }
});
