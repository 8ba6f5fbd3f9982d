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
import { migrate, papersIn, transact } from './store';

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
export function runMigrations(batch = 5000): Promise<MigrationReport> {
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

/**
 * One batch of records after `after` (key order), in one transaction: read with one getAll,
 * the batch's key range deleted at once and the records that stay put back (most of a
 * schema-2 library is seen-only: a request per record made this several times slower).
 */
async function splitBatch(after: string | null, batch: number): Promise<MigrationReport & { next: string | null }> {
  const out = { moved: 0, kept: 0, next: null as string | null };
  await transact(['papers', 'history'], 'readwrite', (tx, fail) => {
    const os = papersIn(tx);
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const keysReq = os.getAllKeys(range, batch);
    const valuesReq = os.getAll(range, batch);
    valuesReq.onsuccess = () => {
      const keys = keysReq.result as string[];
      const values = valuesReq.result as unknown[];
      if (keys.length === 0) return;
      const marks: Array<[PaperId, number]> = [];
      const keep: Array<[key: string, value: unknown, rewritten: boolean]> = [];
      try {
        values.forEach((value, i) => {
          const r = migrate(value);
          if (r && !hasUserState(r) && !r.stamps.tags && !r.stamps.note && !r.stamps.status) {
            if (r.firstSeenAt) marks.push([r.id, dayOf(r.firstSeenAt)]);
            out.moved++;
          } else {
            const rewrite = !!r && (value as { v?: number }).v !== SCHEMA_VERSION;
            keep.push([keys[i]!, rewrite ? r : value, rewrite]);
            out.kept++;
          }
        });
      } catch (err) {
        return fail(err);
      }
      if (out.moved) os.delete(IDBKeyRange.bound(keys[0]!, keys[keys.length - 1]!));
      for (const [key, value, rewritten] of keep) if (out.moved || rewritten) os.put(value, key);
      if (keys.length === batch) out.next = keys[keys.length - 1]!;
      writeMarks(tx, groupMarks(marks));
    };
  });
  return out;
}
