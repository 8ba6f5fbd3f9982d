/**
 * The options page's counts, kept in the settings store: the library's (papers with the
 * user's state, how many queued, reading and done, how many papers carry each tag) and the
 * seen history's (how many papers, since which day). Every write to
 * the papers store brings it up to date in its own transaction, so the counts change exactly
 * when the records do and can never drift from them, a worker stopped at any point included:
 * an open options page then reads a few numbers at each change, not 20,000 records.
 *
 * A writer that does not keep them (a migration, an import, a sync of the history) deletes
 * them in its transaction (store.ts's `transact` does this for it), and the next read counts
 * once again (library-counts.ts, history.ts).
 */
import { hasUserState, type PaperRecord } from '../shared/record';

/** The keys in the settings store: the library's tally, the history's count. */
export const TALLY_KEY = 'libraryTally';
export const SEEN_COUNT_KEY = 'seenCount';

export interface Tally {
  /** Papers with the user's own state (tags, a note, a status): the library as counted by `stats`. */
  papers: number;
  queued: number;
  reading: number;
  done: number;
  /** Tag → papers carrying it (any record, as `tags` always counted), never 0. */
  tags: Map<string, number>;
}

export function emptyTally(): Tally {
  return { papers: 0, queued: 0, reading: 0, done: 0, tags: new Map() };
}

/** Adds (`sign` 1) or takes away (-1) what one record counts for. */
export function countRecord(t: Tally, r: PaperRecord | undefined, sign: 1 | -1): void {
  if (!r) return;
  for (const tag of r.tags) {
    const n = (t.tags.get(tag) ?? 0) + sign;
    if (n === 0) t.tags.delete(tag);
    else t.tags.set(tag, n);
  }
  if (!hasUserState(r)) return;
  t.papers += sign;
  if (r.status === 'queued') t.queued += sign;
  else if (r.status === 'reading') t.reading += sign;
  else if (r.status === 'done') t.done += sign;
}

/** The whole library counted from its records. */
export function tallyOf(records: Iterable<PaperRecord>): Tally {
  const t = emptyTally();
  for (const r of records) countRecord(t, r, 1);
  return t;
}

/** The tally as stored, or undefined when there is none or it is not one (then it is counted again). */
export function asTally(v: unknown): Tally | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const t = v as Partial<Tally>;
  const counts = [t.papers, t.queued, t.reading, t.done];
  if (!counts.every((n) => Number.isInteger(n) && n! >= 0) || !(t.tags instanceof Map)) return undefined;
  return t as Tally;
}

/**
 * Keeps the stored tally inside a readwrite transaction over `papers` and `settings`: the
 * writer reports each record it puts (`before` as read in the same transaction), then calls
 * `save()` once, from a request callback, after the last change. No stored tally: nothing
 * to keep (the next read counts the library with this transaction's writes in it).
 */
export function tallyKeeper(tx: IDBTransaction): { change(before: PaperRecord | undefined, after: PaperRecord | undefined): void; save(): void } {
  const delta = emptyTally();
  let changed = false;
  return {
    change(before, after) {
      countRecord(delta, before, -1);
      countRecord(delta, after, 1);
      changed = true;
    },
    save() {
      if (!changed) return;
      const os = tx.objectStore('settings');
      const req = os.get(TALLY_KEY);
      req.onsuccess = () => {
        const t = asTally(req.result);
        if (!t) return;
        t.papers += delta.papers;
        t.queued += delta.queued;
        t.reading += delta.reading;
        t.done += delta.done;
        for (const [tag, d] of delta.tags) {
          const n = (t.tags.get(tag) ?? 0) + d;
          if (n === 0) t.tags.delete(tag);
          else t.tags.set(tag, n);
        }
        // A tally that went wrong (it cannot, short of a bug) is dropped and counted again, not kept.
        if (asTally(t) && [...t.tags.values()].every((n) => n > 0)) os.put(t, TALLY_KEY);
        else os.delete(TALLY_KEY);
      };
    },
  };
}

/** The seen history's size: papers marked, and the earliest day (history-chunks.ts's days), null with none. */
export interface SeenCount {
  seen: number;
  oldest: number | null;
}

export function asSeenCount(v: unknown): SeenCount | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const c = v as Partial<SeenCount>;
  if (!Number.isInteger(c.seen) || c.seen! < 0) return undefined;
  if (c.seen ? !Number.isInteger(c.oldest) : c.oldest !== null) return undefined;
  return c as SeenCount;
}

/**
 * In a readwrite transaction over `history` and `settings`, after marks on `day` were
 * written (history.ts's markSeen): `added` papers newly marked. Every paper marked now has a
 * mark on `day` or earlier, so the earliest day is the kept one or `day`.
 */
export function keepSeenCount(tx: IDBTransaction, added: number, day: number): void {
  const os = tx.objectStore('settings');
  const req = os.get(SEEN_COUNT_KEY);
  req.onsuccess = () => {
    const c = asSeenCount(req.result);
    if (!c) return;
    const seen = c.seen + added;
    const next: SeenCount = { seen, oldest: seen ? Math.min(c.oldest ?? day, day) : null };
    if (next.seen !== c.seen || next.oldest !== c.oldest) os.put(next, SEEN_COUNT_KEY);
  };
}
