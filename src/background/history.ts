/**
 * The seen history in the database: which papers the user was shown, and on which day,
 * kept apart from the library (history-chunks.ts says how, and why it is compact). Every
 * read and write goes through store.ts's connection.
 */
import type { HistoryStats } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { addMarks, asChunk, countOf, dayAt, dayOf, dayStart, entries, forgetBefore, slotOf, type Chunk } from './history-chunks';
import { transact } from './store';
import { asSeenCount, keepSeenCount, SEEN_COUNT_KEY, type SeenCount } from './tally';

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
  // The options page's seen count is kept in the same transaction (tally.ts).
  await transact(
    [HISTORY, 'settings'],
    'readwrite',
    (tx) =>
      writeMarks(tx, groupMarks(ids.map((id) => [id, day])), (n) => {
        added = n;
        keepSeenCount(tx, n, day);
      }),
    { keeps: [HISTORY] },
  );
  return added;
}

/**
 * Calls `fn` with every chunk of the history (and its cursor, to change it), inside `tx`,
 * then `end` (still inside it).
 */
function eachChunk(tx: IDBTransaction, fn: (chunk: Chunk, cursor: IDBCursorWithValue) => void, end?: () => void): void {
  const req = tx.objectStore(HISTORY).openCursor();
  req.onsuccess = () => {
    const cursor = req.result;
    if (!cursor) return end?.();
    const chunk = asChunk(cursor.value);
    if (chunk) fn(chunk, cursor);
    cursor.continue();
  };
}

/** Stores `count` (filled in by then) as the seen count: eachChunk's `end`. */
function storeCount(tx: IDBTransaction, count: SeenCount): () => void {
  return () => tx.objectStore('settings').put(count, SEEN_COUNT_KEY);
}

/**
 * How many papers were seen, since when: the count kept by the writes (tally.ts), or, when
 * there is none (after an import, a sync of the history), the whole history counted once
 * and the count stored, in one transaction.
 */
export async function historyStats(): Promise<HistoryStats> {
  const stored = await transact(['settings'], 'readonly', (tx) => {
    const req = tx.objectStore('settings').get(SEEN_COUNT_KEY);
    return { get value() { return asSeenCount(req.result); } };
  });
  let count = stored.value;
  if (!count) {
    count = await transact(
      [HISTORY, 'settings'],
      'readwrite',
      (tx) => {
        const c: SeenCount = { seen: 0, oldest: null };
        eachChunk(
          tx,
          (chunk) => {
            for (const [, day] of entries(chunk)) {
              c.seen++;
              if (c.oldest === null || day < c.oldest) c.oldest = day;
            }
          },
          storeCount(tx, c),
        );
        return c;
      },
      { keeps: [HISTORY] },
    );
  }
  return { seen: count.seen, oldest: count.oldest === null ? null : dayStart(count.oldest) };
}

/** Forgets the marks of days before `before` (a time). Returns how many were dropped. */
export async function forgetHistoryBefore(before: number): Promise<number> {
  const beforeDay = dayOf(before);
  let dropped = 0;
  // Every mark is looked at: what stays is counted on the way (the options page's seen count).
  const left: SeenCount = { seen: 0, oldest: null };
  await transact(
    [HISTORY, 'settings'],
    'readwrite',
    (tx) =>
      eachChunk(
        tx,
        (chunk, cursor) => {
          const r = forgetBefore(chunk, beforeDay);
          dropped += r.dropped;
          if (!r.chunk) {
            cursor.delete();
            return;
          }
          if (r.dropped) cursor.update(r.chunk);
          for (const [, day] of entries(r.chunk)) {
            left.seen++;
            if (left.oldest === null || day < left.oldest) left.oldest = day;
          }
        },
        storeCount(tx, left),
      ),
    { keeps: [HISTORY] },
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
