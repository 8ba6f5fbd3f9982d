/**
 * Chrome Sync between two Chromium profiles. Headless test browsers are not signed in, so the
 * test plays Chrome's sync service: it carries each profile's own `storage.sync` keys to the
 * other, key by key, in shuffled order, with pauses (per-key last writer wins, delayed, in any
 * order: what Chrome delivers). Chrome's quotas are enforced by the real browser; the test
 * also checks Margin stays inside them and counts its writes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperId } from '../../src/shared/paper-id';
import { generatePapers } from '../bench/library';
import { launch, waitReady, type Session } from '../harness/chromium';
import { contentScriptWorld } from '../harness/content-world';
import { absPage, callIn } from '../harness/pages';

let a: Session;
let b: Session;
let optA: Page;
let optB: Page;

async function options(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
  await page.getByRole('heading', { name: 'Sync' }).waitFor();
  // Every storage.sync write this profile makes (one onChanged per set/remove call).
  await page.evaluate(() => {
    const w = window as unknown as { writes: number[] };
    w.writes = [];
    chrome.storage.onChanged.addListener((_c, area) => area === 'sync' && w.writes.push(Date.now()));
  });
  return page;
}

beforeAll(async () => {
  [a, b] = await Promise.all([launch(), launch()]);
  [optA, optB] = await Promise.all([options(a), options(b)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

type Items = Record<string, unknown>;
const syncItems = (page: Page) => page.evaluate(() => chrome.storage.sync.get(null) as Promise<Items>);
/** Keys this profile received from the other (the rest it wrote itself). */
const received = new Map<Page, Set<string>>();

/** Chrome's sync service: `from`'s own keys to `to`, one by one, shuffled, with small pauses. */
async function deliver(from: Page, to: Page, seed: number) {
  const got = received.get(from) ?? new Set();
  const theirs = await syncItems(to);
  const items = Object.entries(await syncItems(from)).filter(([k, v]) => !got.has(k) && JSON.stringify(theirs[k]) !== JSON.stringify(v));
  let x = seed;
  items.sort(() => ((x = (x * 48271) % 2147483647) % 3) - 1);
  const mark = received.get(to) ?? new Set();
  received.set(to, mark);
  for (const [k, v] of items) {
    mark.add(k);
    await to.evaluate(([key, value]) => chrome.storage.sync.set({ [key]: value }), [k, v] as const);
    await to.waitForTimeout(20);
  }
}

async function syncNow(page: Page) {
  return callIn<{ lastError: { message: string } | null; chrome: { total: number; sent: number; withNotes: number } | null }>(page, 'syncNow', {});
}
const lookup = async (page: Page, id: string) =>
  (await callIn<Array<{ tags: string[]; note: string; status: string; noteConflicts?: Array<{ text: string }> } | number | null>>(page, 'lookup', { ids: [id] }))[0];

describe('sync through Chrome Sync', () => {
  const P = 'arxiv:2412.13795' as PaperId;

  it('is turned on from the options page, and an edit on A reaches B', async () => {
    for (const page of [optA, optB]) {
      await page.getByLabel(/Also sync through Chrome Sync/).check();
      await expect.poll(() => page.locator('[data-sync-line]').textContent(), { timeout: 15_000 }).toMatch(/Synced just now/);
    }
    await callIn(optA, 'update', { id: P, patch: { status: 'queued', addTags: ['from-a'] }, meta: { title: 'Sync me' } });
    expect((await syncNow(optA)).lastError).toBeNull();
    await deliver(optA, optB, 1);
    await syncNow(optB);
    expect(await lookup(optB, P)).toMatchObject({ status: 'queued', tags: ['from-a'] });
  });

  it('is closed to content scripts: a listing page cannot read what Chrome Sync carries', async () => {
    const page = await a.context.newPage();
    a.serve(new Map([['https://arxiv.org/abs/2412.13795', { body: absPage('2412.13795', 'Sync me') }]]));
    await page.goto('https://arxiv.org/abs/2412.13795');
    await waitReady(page);
    const world = await contentScriptWorld(a, page);
    const read = await world.evaluate<string>('chrome.storage.sync.get(null).then((v) => JSON.stringify(v), (e) => "refused: " + e.message)');
    expect(read).not.toContain('m/');
    await page.close();
  });

  it('merges edits both made before Chrome delivered either: tags united, both notes kept', async () => {
    await callIn(optA, 'update', { id: P, patch: { addTags: ['a2'], note: 'A’s note' } });
    await callIn(optB, 'update', { id: P, patch: { addTags: ['b2'], note: 'B’s note' } });
    await Promise.all([syncNow(optA), syncNow(optB)]);
    // Delivered in both directions at once, key by key, interleaved.
    await Promise.all([deliver(optA, optB, 7), deliver(optB, optA, 11)]);
    await Promise.all([syncNow(optA), syncNow(optB)]);
    await Promise.all([deliver(optA, optB, 3), deliver(optB, optA, 5)]);
    await Promise.all([syncNow(optA), syncNow(optB)]);
    for (const page of [optA, optB]) {
      const r = (await lookup(page, P)) as { tags: string[]; note: string; noteConflicts?: Array<{ text: string }> };
      expect([...r.tags].sort()).toEqual(['a2', 'b2', 'from-a']);
      expect([r.note, ...(r.noteConflicts ?? []).map((c) => c.text)].sort()).toEqual(['A’s note', 'B’s note']);
    }
  });

  it('stays inside Chrome Sync’s quotas with a library too big for it, says what went, and loses nothing here', async () => {
    const papers = generatePapers(3000, 150);
    for (let i = 0; i < papers.length; i += 1000) await callIn(optA, 'importPapers', { papers: papers.slice(i, i + 1000) });
    const status = await syncNow(optA);
    expect(status.lastError).toBeNull();
    const fit = status.chrome!;
    expect(fit.sent).toBeGreaterThan(150);
    expect(fit.sent).toBeLessThan(fit.total);
    // The real browser's figures: bytes, items, bytes per item.
    const usage = await optA.evaluate(async () => {
      const items = await chrome.storage.sync.get(null);
      return {
        bytes: await chrome.storage.sync.getBytesInUse(null),
        items: Object.keys(items).length,
        largest: Math.max(...Object.entries(items).map(([k, v]) => k.length + JSON.stringify(v).length)),
      };
    });
    expect(usage.bytes).toBeLessThanOrEqual(102_400);
    expect(usage.items).toBeLessThanOrEqual(512);
    expect(usage.largest).toBeLessThanOrEqual(8_192);
    // Writes so far: one per sync that changed something (and one per removal of pieces no
    // longer needed), far from Chrome's 120 a minute.
    const writes = await optA.evaluate(() => (window as unknown as { writes: number[] }).writes);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.length).toBeLessThan(20);
    // The options page says it in words.
    await optA.reload();
    await expect.poll(() => optA.locator('[data-chrome-fit]').textContent()).toMatch(new RegExp(`room for ${fit.sent} of your ${fit.total} papers`));
    // Nothing local was dropped.
    const stats = await callIn<{ papers: number }>(optA, 'stats', {});
    expect(stats.papers).toBe(fit.total);
    // The whole queue went: B gets every queued paper.
    await deliver(optA, optB, 13);
    await syncNow(optB);
    const queue = await callIn<unknown[]>(optB, 'list', { view: 'queue' });
    expect(queue.length).toBeGreaterThanOrEqual(150);
  });

  it('turned off, takes this computer’s data out of Chrome Sync and keeps the library', async () => {
    const before = (await callIn<{ papers: number }>(optA, 'stats', {})).papers;
    expect(Object.keys(await syncItems(optA)).filter((k) => !received.get(optA)?.has(k)).length).toBeGreaterThan(0);
    await optA.getByLabel(/Also sync through Chrome Sync/).uncheck();
    await expect.poll(async () => Object.keys(await syncItems(optA)).filter((k) => !received.get(optA)?.has(k)).length).toBe(0);
    expect((await callIn<{ papers: number }>(optA, 'stats', {})).papers).toBe(before);
  });
});
