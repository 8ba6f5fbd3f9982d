/**
 * The seen history in the database: which papers the user was shown, and on which day,
 * kept apart from the library (history-chunks.ts says how, and why it is compact). Every
 * read and write goes through store.ts's connection.
 */
import type { HistoryStats } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { addMarks, asChunk, countOf, dayAt, dayOf, dayStart, entries, forgetBefore, slotOf, type Chunk } from './history-chunks';
import { transact, writeCount } from './store';

const HISTORY = 'history';

/** Marks grouped by chunk: key → [slot, day][]. */
export type MarksByChunk = Map<string, Array<[number, number]>>;

export function groupMarks(marks: Iterable<[PaperId, number]>): MarksByChunk {
  const out: MarksByChunk = new Map();
  for (const [id, day] of marks) {
    const { key, slot } = slotOf(id);
    const list = out.get(key);
    if (list) list.push([slot, day]);
    else out.set(key, [[slot, day]]);
  }
  return out;
}

/**
 * Writes marks (the earlier day kept where a paper has one already) in the transaction
 * `tx`: each touched chunk is read, merged and put back. Calls `done(newlyMarked)` when
 * every chunk is written.
 */
export function writeMarks(
  tx: IDBTransaction,
  marks: MarksByChunk,
  done?: (added: number) => void,
  where: { store: 'history' | 'staging'; prefix: string } = { store: HISTORY, prefix: '' },
): void {
  const os = tx.objectStore(where.store);
  let left = marks.size;
  let added = 0;
  if (left === 0) done?.(0);
  for (const [key, list] of marks) {
    const req = os.get(where.prefix + key);
    req.onsuccess = () => {
      const before = asChunk(req.result);
      const next = addMarks(before, list);
      if (next) {
        added += countOf(next) - (before ? countOf(before) : 0);
        os.put(next, where.prefix + key);
      }
      if (--left === 0) done?.(added);
    };
  }
}

/** Requests the seen day of each of `ids` inside `tx` (0: never); filled in when it commits. */
export function readSeenDays(tx: IDBTransaction, ids: readonly PaperId[], into: Map<PaperId, number>): void {
  const slots = ids.map((id) => [id, slotOf(id)] as const);
  const chunks = new Map<string, Chunk | undefined>();
  const os = tx.objectStore(HISTORY);
  let left = 0;
  for (const [, { key }] of slots) {
    if (chunks.has(key)) continue;
    chunks.set(key, undefined);
    left++;
    const req = os.get(key);
    req.onsuccess = () => {
      chunks.set(key, asChunk(req.result));
      if (--left === 0) for (const [id, s] of slots) into.set(id, dayAt(chunks.get(s.key), s.slot));
    };
  }
}

/** Marks papers seen today (or on `day`). Resolves with the ids not seen before. */
export async function markSeen(ids: readonly PaperId[], day = dayOf(Date.now())): Promise<number> {
  if (ids.length === 0) return 0;
  let added = 0;
  await transact([HISTORY], 'readwrite', (tx) => writeMarks(tx, groupMarks(ids.map((id) => [id, day])), (n) => (added = n)));
  return added;
}

/** Calls `fn` with every chunk of the history (and its cursor, to change it), inside `tx`. */
function eachChunk(tx: IDBTransaction, fn: (chunk: Chunk, cursor: IDBCursorWithValue) => void): void {
  const req = tx.objectStore(HISTORY).openCursor();
  req.onsuccess = () => {
    const cursor = req.result;
    if (!cursor) return;
    const chunk = asChunk(cursor.value);
    if (chunk) fn(chunk, cursor);
    cursor.continue();
  };
}

/** The last count, and the history's write count it was made at (store.ts's writeCount). */
let counted: { at: number; stats: HistoryStats } | undefined;

/**
 * Counts the history (reads all of it: for the options page, not the popup or a listing).
 * The options page asks at every change of the library, which seldom touches the history:
 * the last count is answered again while no write to the history has begun since it began.
 */
export async function historyStats(): Promise<HistoryStats> {
  const at = writeCount(HISTORY);
  if (counted?.at === at) return { ...counted.stats };
  let seen = 0;
  let oldest = Infinity;
  await transact([HISTORY], 'readonly', (tx) =>
    eachChunk(tx, (chunk) => {
      for (const [, day] of entries(chunk)) {
        seen++;
        if (day < oldest) oldest = day;
      }
    }),
  );
  const stats = { seen, oldest: seen ? dayStart(oldest) : null };
  counted = { at, stats };
  return { ...stats };
}

/** Forgets the marks of days before `before` (a time). Returns how many were dropped. */
export async function forgetHistoryBefore(before: number): Promise<number> {
  const beforeDay = dayOf(before);
  let dropped = 0;
  await transact([HISTORY], 'readwrite', (tx) =>
    eachChunk(tx, (chunk, cursor) => {
      const r = forgetBefore(chunk, beforeDay);
      dropped += r.dropped;
      if (!r.chunk) cursor.delete();
      else if (r.dropped) cursor.update(r.chunk);
    }),
  );
  return dropped;
}

/** A page of the history for a backup: up to `limit` chunks after `after` (key order). */
export async function historyPage(after: string | null, limit: number): Promise<{ chunks: Array<[string, Chunk]>; next: string | null }> {
  const chunks: Array<[string, Chunk]> = [];
  let next: string | null = null;
  await transact([HISTORY], 'readonly', (tx) => {
    const os = tx.objectStore(HISTORY);
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const keysReq = os.getAllKeys(range, limit);
    const valuesReq = os.getAll(range, limit);
    valuesReq.onsuccess = () => {
      const keys = keysReq.result as string[];
      if (keys.length === limit) next = keys[keys.length - 1]!;
      (valuesReq.result as unknown[]).forEach((v, i) => {
        const chunk = asChunk(v);
        if (chunk) chunks.push([keys[i]!, chunk]);
      });
    };
  });
  return { chunks, next };
}
