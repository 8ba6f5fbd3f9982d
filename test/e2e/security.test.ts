/**
 * Issue 10, as an attacker would try it: code run in Margin's content-script world on an
 * arXiv page (what a compromised renderer can do) asks the background for every call that
 * reaches the whole library. Each must be refused and the library stay byte for byte as it
 * was, while the overlay, the popup and the options page go on working.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALL_ACCESS, PAGE_CALLS } from '../../src/shared/call-access';
import type { CallName } from '../../src/shared/messages';
import type { PaperId } from '../../src/shared/paper-id';
import { callRequests, plantedPaper } from '../fixtures/call-requests';
import { launch, waitReady, type Session } from '../harness/chromium';
import { absPage, callIn } from '../harness/pages';
import { contentScriptWorld as worldOf } from '../harness/content-world';

const contentScriptWorld = (page: Page) => worldOf(s, page);

const ABS = 'https://arxiv.org/abs/2412.13795';
const PAPER = 'arxiv:2412.13795' as PaperId;
const OTHER = 'arxiv:1706.03762';
const TITLE = 'Attacked Paper';
const MARGIN_ONLY = (Object.keys(CALL_ACCESS) as CallName[]).filter((k) => CALL_ACCESS[k] === 'margin');

let s: Session;
let dist: string;
let options: Page;

beforeAll(async () => {
  // A snapshot of dist/: a build started elsewhere during this run would swap files mid-test.
  dist = mkdtempSync(join(tmpdir(), 'margin-dist-'));
  cpSync(join(import.meta.dirname, '../../dist'), dist, { recursive: true });
  s = await launch({ extension: dist });
  s.serve(new Map([[ABS, { body: absPage('2412.13795', TITLE) }]]));
  options = await s.context.newPage();
  await options.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
  // The user's library: this page's paper queued, tagged and noted, and one more paper.
  await callIn(options, 'update', { id: PAPER, patch: { status: 'queued', addTags: ['diffusion'], note: 'my own note' }, meta: { title: TITLE } });
  await callIn(options, 'update', { id: OTHER, patch: { status: 'reading', addTags: ['diffusion', 'to-cite'], note: 'private' }, meta: { title: 'Attention' } });
});
afterAll(async () => {
  await s?.close();
  if (dist) rmSync(dist, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(s.context.pages().filter((p) => p !== options).map((p) => p.close()));
});

/** The whole library as the options page's backup reads it: compared as text, byte for byte. */
const library = async () => JSON.stringify(await callIn(options, 'exportAll', {}));

async function openPaper(): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(ABS);
  await waitReady(page);
  return page;
}

describe("Margin's script on a paper page", () => {
  it('is refused every call that reads or rewrites the whole library, and the library stays byte for byte', async () => {
    const page = await openPaper();
    await expect.poll(() => page.locator('paper-margin').getAttribute('data-status')).toBe('queued');
    const send = await contentScriptWorld(page);
    const before = await library();
    expect(before).toContain('my own note');

    const requests = callRequests(PAPER, 'diffusion');
    for (const name of MARGIN_ONLY) {
      const answer = await send(name, requests[name]);
      expect(answer, name).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`"${name}"`) } });
    }

    expect(await library()).toBe(before);
    // Nothing was cleared or planted under the open page either.
    await expect(page.locator('paper-margin').getAttribute('data-status')).resolves.toBe('queued');
  });

  it("is answered what the overlay needs: its papers' records and the tag names", async () => {
    const page = await openPaper();
    const send = await contentScriptWorld(page);
    expect(PAGE_CALLS).toContain('lookup');
    const found = await send('lookup', { ids: [PAPER] });
    expect(found).toMatchObject({ ok: true, value: [{ id: PAPER, status: 'queued', note: 'my own note' }] });
    const tags = await send('tags', {});
    expect(tags).toMatchObject({ ok: true, value: expect.arrayContaining([{ tag: 'diffusion', count: 2 }]) });
  });

  it("leaves the page's own scripts no way to reach Margin", async () => {
    const page = await openPaper();
    // No externally_connectable: the page's world has no chrome.runtime to send with.
    expect(await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: unknown } }).chrome?.runtime)).toBe('undefined');
  });
});

describe('with the calls locked down', () => {
  it('the overlay still edits its paper, and the popup and the options page still work', async () => {
    const page = await openPaper();
    const host = page.locator('paper-margin');
    await host.getByRole('combobox', { name: /reading queue status/i }).selectOption('reading');
    await expect.poll(() => host.getAttribute('data-status')).toBe('reading');
    const saved = JSON.parse(await library()) as Array<{ id: string; status: string }>;
    expect(saved.find((r) => r.id === PAPER)?.status).toBe('reading');

    // The popup (opened in a tab here, so Chrome reports a tab for it too) lists the queue.
    const popup = await s.context.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/src/popup/index.html`);
    await popup.waitForSelector('html[data-queue-ready="true"]', { state: 'attached' });
    await expect.poll(() => popup.$$eval('ol.papers > li', (els) => els.map((e) => e.getAttribute('data-paper-id')).sort())).toEqual(
      [OTHER, PAPER].sort(),
    );

    // The options page counts the library (a call only Margin's pages may make).
    await options.reload();
    await expect.poll(() => options.locator('[data-stat="papers"]').textContent()).toMatch(/^2 papers with your tags/);
  });

  it('a backup with a stamp a year ahead is refused, saying which paper and field, and the library is unchanged', async () => {
    await options.reload();
    const before = await library();
    const backup = options.getByRole('region', { name: 'Backup' });
    const file = { format: 'margin-backup', version: 1, exportedAt: new Date().toISOString(), papers: [plantedPaper(PAPER)] };
    await backup.getByLabel('Import a backup…').setInputFiles({ name: 'planted.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect
      .poll(() => backup.locator('[role="alert"]').textContent())
      .toMatch(/^Nothing was imported\. Paper 1 \(arxiv:2412\.13795\): "updatedAt" is a time more than a day ahead of this computer's clock/);
    expect(await library()).toBe(before);
  });
});
