/**
 * "A year of use": a library of `seen` papers shown to the reader, `annotated` of them with
 * the user's own state and `queued` in the queue, imported through the options page as a
 * user's backup would be. Measures import, export and restore of the whole backup, disk per
 * seen-only paper, the popup (against an empty library, interleaved), search, a listing's
 * lookup, and the migration of a schema-2 library.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatedIds } from '../fixtures/arxiv-listing';
import { launch, stopServiceWorkers, type Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { yearLibrary } from '../harness/year-library';
import { extensionPage } from './library';
import { searchTimes } from './popup';
import { median, percentile, ratioWithCI, type Ratio } from './stats';
import { benchWorkerStart, type WorkerStartResult } from './worker-start';

export interface YearResult {
  importSeenOnlyMs: number;
  bytesPerSeenPaper: number;
  importMs: number;
  exportMs: number;
  exportBytes: number;
  restoreMs: number;
  restoredSame: boolean;
  lookupMs: number;
  /** A 2000-entry listing's calls just after the worker was stopped, and with it running. */
  workerStart: WorkerStartResult;
  popupFirstRow: number;
  popupRatio: Ratio;
  searchP95: number;
}

const tmp = mkdtempSync(join(tmpdir(), 'margin-year-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Imports a backup through the options page's file input; resolves with the time it took. */
export async function importThroughOptions(page: Page, path: string): Promise<number> {
  const section = page.getByRole('region', { name: 'Backup' });
  const t0 = Date.now();
  await section.getByLabel('Import a backup…').setInputFiles(path);
  const status = section.locator('[role="status"]');
  const alert = section.locator('[role="alert"]');
  for (;;) {
    if (((await status.textContent()) ?? '').startsWith('Imported')) return Date.now() - t0;
    const problem = await alert.textContent();
    if (problem) throw new Error(`import refused: ${problem}`);
    await page.waitForTimeout(50);
  }
}

async function usage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? NaN);
}

async function openPopup(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('html[data-queue-ready="true"]', { state: 'attached', timeout: 60_000 });
  const t = await page.evaluate(() => performance.getEntriesByName('margin:queue-rendered')[0]?.startTime ?? performance.now());
  await page.waitForSelector('html[data-search-ready="true"]', { state: 'attached', timeout: 120_000 });
  await page.waitForTimeout(200);
  return t;
}

export async function benchYear(size: { seen: number; annotated: number; queued: number }, runs: number): Promise<YearResult> {
  const lib = yearLibrary(size);
  const full = join(tmp, 'year.jsonl.gz');
  writeFileSync(full, lib.file);
  const seenOnly = join(tmp, 'seen-only.jsonl.gz');
  writeFileSync(seenOnly, yearLibrary({ seen: size.seen, annotated: 0, queued: 0 }).file);

  const session = await launch();
  const empty = await launch();
  try {
    const page = await extensionPage(session);
    await page.getByRole('heading', { name: 'Backup' }).waitFor();

    // Disk: the history alone, as the browser counts it.
    const before = await usage(page);
    const importSeenOnlyMs = await importThroughOptions(page, seenOnly);
    await page.waitForTimeout(2000);
    const bytesPerSeenPaper = ((await usage(page)) - before) / size.seen;
    console.log(`  imported ${size.seen} seen marks in ${importSeenOnlyMs} ms; ${bytesPerSeenPaper.toFixed(1)} bytes each`);

    // The whole backup into a library that has its history already, then export, delete, restore.
    await callIn(page, 'clearLibrary', {});
    const importMs = await importThroughOptions(page, full);
    console.log(`  imported the backup (${lib.annotated} papers, ${size.seen} seen) in ${importMs} ms`);
    const lookupBefore = await callIn(page, 'lookup', { ids: [...lib.samples.annotated, ...lib.samples.seenOnly] });
    const t0 = Date.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: 'Export backup' }).click(),
    ]);
    const exportMs = Date.now() - t0;
    const exported = join(tmp, download.suggestedFilename());
    await download.saveAs(exported);
    const exportBytes = (await import('node:fs')).statSync(exported).size;
    console.log(`  exported ${download.suggestedFilename()} (${(exportBytes / 1e6).toFixed(1)} MB) in ${exportMs} ms`);
    await callIn(page, 'clearLibrary', {});
    const restoreMs = await importThroughOptions(page, exported);
    const lookupAfter = await callIn(page, 'lookup', { ids: [...lib.samples.annotated, ...lib.samples.seenOnly] });
    const restoredSame = JSON.stringify(lookupAfter) === JSON.stringify(lookupBefore);
    console.log(`  restored it in ${restoreMs} ms; samples ${restoredSame ? 'identical' : 'DIFFER'}`);

    // A listing's lookup: the generated 2000-entry listing, every id known.
    const ids = generatedIds({ entries: 2000, view: 'pastweek' });
    const lookups: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = await page.evaluate(async (list) => {
        const start = performance.now();
        await chrome.runtime.sendMessage({ kind: 'margin/call', name: 'lookup', req: { ids: list } });
        return performance.now() - start;
      }, ids);
      if (i > 0) lookups.push(t);
    }

    const workerStart = await benchWorkerStart(session, page, runs);

    // The popup, this library against an empty one, opening by opening.
    const popupUrl = (s: Session) => `chrome-extension://${s.extensionId}/src/popup/index.html`;
    const large = await session.context.newPage();
    const small = await empty.context.newPage();
    await openPopup(large, popupUrl(session));
    await openPopup(small, popupUrl(empty));
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(await openPopup(large, popupUrl(session)));
      b.push(await openPopup(small, popupUrl(empty)));
    }
    const search = await searchTimes(large);
    return {
      importSeenOnlyMs,
      bytesPerSeenPaper,
      importMs,
      exportMs,
      exportBytes,
      restoreMs,
      restoredSame,
      lookupMs: median(lookups),
      workerStart,
      popupFirstRow: median(a),
      popupRatio: ratioWithCI(a, b),
      searchP95: percentile(search, 95),
    };
  } finally {
    await session.close();
    await empty.close();
  }
}

/**
 * The schema 2 → 3 migration over `n` records as an older Margin left them (most only
 * seen), written straight into the database from an extension page, then run by a woken
 * worker as after an update. Resolves with the time until the schema says 3.
 */
export async function benchMigration(n: number): Promise<{ ms: number; kept: number; seen: number }> {
  const session = await launch();
  try {
    const page = await extensionPage(session);
    await writeSchema2Library(page, n);
    const t0 = Date.now();
    await stopServiceWorkers(page);
    await callIn(page, 'stats', {}); // wakes it: the migration starts with the worker
    await waitForSchema(page, 3, 300_000);
    const ms = Date.now() - t0;
    const stats = await callIn<{ papers: number }>(page, 'stats', {});
    const hist = await callIn<{ seen: number }>(page, 'historyStats', {});
    return { ms, kept: stats.papers, seen: hist.seen };
  } finally {
    await session.close();
  }
}

/** Writes `n` schema-2 records (every 20th annotated) and marks the library schema 2. */
export async function writeSchema2Library(page: Page, n: number): Promise<void> {
  await page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('margin');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const t = Date.now() - 86_400_000 * 30;
    for (let start = 0; start < count; start += 10_000) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('papers', 'readwrite');
        const os = tx.objectStore('papers');
        for (let i = start; i < Math.min(count, start + 10_000); i++) {
          const id = `arxiv:25${String(1 + Math.floor(i / 20_000) % 12).padStart(2, '0')}.${10_000 + (i % 20_000)}`;
          const mine = i % 20 === 0;
          os.put(
            {
              v: 2, id, title: `Seen paper ${i}`, url: '', authors: ['A. Author'], primaryClass: null,
              tags: mine ? ['kept'] : [], note: mine && i % 40 === 0 ? `note ${i}` : '', status: 'none',
              queuedAt: null, queuePos: null, firstSeenAt: t + i, createdAt: t + i, updatedAt: t + i,
              stamps: { tags: mine ? t + i : 0, note: mine && i % 40 === 0 ? t + i : 0, status: 0 },
            },
            id,
          );
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
    await chrome.storage.local.set({ schemaVersion: 2 });
  }, n);
}

export async function waitForSchema(page: Page, version: number, timeout: number): Promise<void> {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const v = await page.evaluate(async () => (await chrome.storage.local.get('schemaVersion')).schemaVersion);
    if (v === version) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the library did not reach schema ${version} in ${timeout} ms`);
}
