/**
 * Storage migrations run once per storage schema: the schema the library was last brought
 * to is kept in extension storage, so a worker that wakes thirty times an hour does not scan
 * the library each time.
 *
 * Schema 3 splits the seen history from the library: a record with nothing of the user's
 * on it (no tags, note or status, never edited) becomes a seen mark in the compact history
 * (history-chunks.ts) and leaves the papers store. It runs in batches, each one transaction
 * that both writes the marks and deletes the records (so a stop between batches loses
 * nothing and leaves nothing twice); where it got to is saved after each batch, and a worker
 * stopped in the middle resumes there when it next starts. Until it is done, lookups find a
 * paper either as a record or as a mark, so nothing waits on it.
 */
import browser from '../shared/browser';
import type { PaperId } from '../shared/paper-id';
import { hasUserState, SCHEMA_VERSION } from '../shared/record';
import { dayOf } from './history-chunks';
import { groupMarks, writeMarks } from './history';
import { migrate, transact } from './store';

export const STORAGE_SCHEMA = 3;
const KEY = 'schemaVersion';
const CURSOR = 'migrationCursor';

export interface MigrationReport {
  /** Seen-only records moved to the history. */
  moved: number;
  /** Records kept in the library (rewritten where their record schema was older). */
  kept: number;
}

let running: Promise<MigrationReport> | undefined;

/** Brings the library to the current storage schema (once; concurrent callers share the run). */
export function runMigrations(batch = 2000): Promise<MigrationReport> {
  running ??= migrateAll(batch).finally(() => (running = undefined));
  return running;
}

async function migrateAll(batch: number): Promise<MigrationReport> {
  const stored = await browser.storage.local.get([KEY, CURSOR]);
  const report: MigrationReport = { moved: 0, kept: 0 };
  if (stored[KEY] === STORAGE_SCHEMA) return report;
  let after = typeof stored[CURSOR] === 'string' ? (stored[CURSOR] as string) : null;
  for (;;) {
    const r = await splitBatch(after, batch);
    report.moved += r.moved;
    report.kept += r.kept;
    if (r.next === null) break;
    after = r.next;
    await browser.storage.local.set({ [CURSOR]: after });
  }
  await browser.storage.local.set({ [KEY]: STORAGE_SCHEMA });
  await browser.storage.local.remove(CURSOR);
  return report;
}

/** One batch of records after `after` (key order), in one transaction. */
async function splitBatch(after: string | null, batch: number): Promise<MigrationReport & { next: string | null }> {
  const out = { moved: 0, kept: 0, next: null as string | null };
  await transact(['papers', 'history'], 'readwrite', (tx, fail) => {
    const marks: Array<[PaperId, number]> = [];
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const req = tx.objectStore('papers').openCursor(range);
    let seen = 0;
    let lastKey: string | null = null;
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || seen === batch) {
        // More records left: resume after the last one handled here.
        if (cursor) out.next = lastKey;
        writeMarks(tx, groupMarks(marks));
        return;
      }
      seen++;
      lastKey = String(cursor.primaryKey);
      try {
        const r = migrate(cursor.value);
        if (r && !hasUserState(r) && !r.stamps.tags && !r.stamps.note && !r.stamps.status) {
          if (r.firstSeenAt) marks.push([r.id, dayOf(r.firstSeenAt)]);
          cursor.delete();
          out.moved++;
        } else {
          if (r && (cursor.value as { v?: number }).v !== SCHEMA_VERSION) cursor.update(r);
          out.kept++;
        }
      } catch (err) {
        fail(err);
        return;
      }
      cursor.continue();
    };
  });
  return out;
}
