/**
 * A heavy reader's library in real Chromium: a backup of 100,000 seen papers (2,000 of them
 * annotated) exported, everything deleted, and imported again through the options page; and
 * the schema 2 → 3 migration of 100,000 records with the worker stopped in the middle.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launch, stopServiceWorkers, type Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { yearLibrary } from '../harness/year-library';
import { importThroughOptions, waitForSchema, writeSchema2Library } from '../bench/year';

let s: Session;
let tmp: string;
let page: Page;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'margin-year-'));
  cpSync(DIST, join(tmp, 'dist'), { recursive: true });
  s = await launch({ extension: join(tmp, 'dist') });
  page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
  await page.getByRole('heading', { name: 'Backup' }).waitFor();
});
afterAll(async () => {
  await s?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Everything Margin knows: every library record, and what a listing would be told of each id. */
async function snapshot(ids: string[]): Promise<{ records: unknown[]; lookups: unknown[] }> {
  const records = await callIn<Array<{ id: string }>>(page, 'exportAll', {});
  records.sort((a, b) => (a.id < b.id ? -1 : 1));
  const lookups: unknown[] = [];
  for (let i = 0; i < ids.length; i += 5000) lookups.push(...(await callIn<unknown[]>(page, 'lookup', { ids: ids.slice(i, i + 5000) })));
  return { records, lookups };
}

describe('a year of use', () => {
  it('export → delete all → import at 100,000 papers restores every field and every seen mark', async () => {
    const lib = yearLibrary({ seen: 100_000, annotated: 2_000, queued: 50 });
    const file = join(tmp, 'year.jsonl.gz');
    writeFileSync(file, lib.file);
    await importThroughOptions(page, file);
    const ids = (await import('node:zlib')).gunzipSync(lib.file).toString().split('\n').flatMap((l) => {
      const o = l ? JSON.parse(l) : {};
      return typeof o.seen === 'string' ? (o.ids as string[]).map((id) => `arxiv:${id}`) : [];
    });
    expect(ids).toHaveLength(100_000);
    const before = await snapshot(ids);
    expect(before.records).toHaveLength(2_000);
    expect(before.lookups.filter((x) => typeof x === 'number')).toHaveLength(98_000);
    expect(before.lookups.every((x) => x !== null)).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(/-2000-papers-100000-seen\.jsonl\.gz$/);
    const exported = join(tmp, download.suggestedFilename());
    await download.saveAs(exported);

    await callIn(page, 'clearLibrary', {});
    expect((await callIn<unknown[]>(page, 'lookup', { ids: ids.slice(0, 10) })).every((x) => x === null)).toBe(true);
    await importThroughOptions(page, exported);
    const status = await page.getByRole('region', { name: 'Backup' }).locator('[role="status"]').textContent();
    expect(status).toMatch(/2000 added, 0 updated, 0 unchanged; 100,000 papers newly marked seen/);
    expect(await snapshot(ids)).toEqual(before);
    // The queue came back in its order.
    const queue = await callIn<Array<{ id: string }>>(page, 'list', { view: 'queue' });
    expect(queue).toHaveLength(50);
  });

  it('migrates 100,000 schema-2 records with the worker stopped in the middle, losing nothing', async () => {
    await callIn(page, 'clearLibrary', {});
    await writeSchema2Library(page, 100_000);
    await stopServiceWorkers(page);
    await callIn(page, 'tags', {}); // wakes the worker: the migration starts with it
    // Stopped once it has saved where it got to, but before it is done.
    await expect
      .poll(() => page.evaluate(async () => (await chrome.storage.local.get('migrationCursor')).migrationCursor ?? null), { timeout: 60_000, interval: 20 })
      .not.toBeNull();
    await stopServiceWorkers(page);
    expect(await page.evaluate(async () => (await chrome.storage.local.get('schemaVersion')).schemaVersion)).toBe(2);
    await callIn(page, 'tags', {});
    await waitForSchema(page, 3, 120_000);

    expect((await callIn<{ papers: number }>(page, 'stats', {})).papers).toBe(5_000);
    expect((await callIn<{ seen: number }>(page, 'historyStats', {})).seen).toBe(95_000);
    // Each annotated paper kept every field (tags, note); each seen-only one is a seen mark.
    const tags = await callIn<Array<{ tag: string; count: number }>>(page, 'tags', {});
    expect(tags).toEqual([{ tag: 'kept', count: 5_000 }]);
    const records = await callIn<Array<{ note: string }>>(page, 'exportAll', {});
    expect(records.filter((r) => r.note.startsWith('note ')).length).toBe(2_500);
    const [kept, seen] = await callIn<unknown[]>(page, 'lookup', { ids: ['arxiv:2501.10000', 'arxiv:2501.10001'] });
    expect(kept).toMatchObject({ id: 'arxiv:2501.10000', tags: ['kept'], note: 'note 0' });
    expect(typeof seen).toBe('number');
  });
});
