/**
 * The `authors` store: for the library's papers, each one's title and its authors' keys
 * (authorKey), which is all a listing's "in your library" signal needs. Used through store.ts
 * only (papersIn writes it with every paper, in the same transaction).
 *
 * Why this shape: reading 20,000 records to build the index took most of half a second at
 * each worker start, and 20,000 small values are still slow to read (IndexedDB pays per
 * value). So the store holds one `~base` value (the whole index as one JSON string, read and
 * parsed in milliseconds) and, beside it, what changed since under each paper's own id (its
 * entry, or 0 for a paper no longer in the library) and the key ranges deleted since. A worker
 * reads the three; `compact` folds the changes into a new base now and then, in one
 * transaction, so nothing is ever lost or applied twice.
 */
import type { PaperId } from '../shared/paper-id';
import { hasUserState, type PaperRecord } from '../shared/record';
import { authorKey } from '../shared/rules/query';

export const AUTHORS = 'authors';
const BASE = '~base';
const RANGE = '~range:';
/** Paper ids (every scheme's prefix sorts before `~`): the changes since the base. */
const changesRange = () => IDBKeyRange.upperBound('~', true);
const rangesRange = () => IDBKeyRange.bound(RANGE, `${RANGE}\uffff`);

/** [title, ...author keys] */
export type AuthorEntry = [title: string, ...keys: string[]];
/** The index at some moment: papers by number, and each author key's papers' numbers. */
export interface AuthorBase {
  ids: PaperId[];
  titles: string[];
  authors: Record<string, number[]>;
}
/** A deleted key range: [lower, upper, lowerOpen, upperOpen]. */
type DeletedRange = [string, string, boolean, boolean];

export interface StoredAuthors {
  base: AuthorBase | null;
  /** Papers changed since the base, in key order: their entry, or null (not in the library). */
  changes: Array<[PaperId, AuthorEntry | null]>;
  /** Base papers deleted since by range (a migration's batch), before any change above. */
  deleted: PaperId[];
}

/** A paper's entry: its title and its authors' keys, each once; none without the user's state. */
export function authorEntry(r: PaperRecord): AuthorEntry | undefined {
  if (!hasUserState(r)) return undefined;
  const keys = new Set(r.authors.map(authorKey).filter((k): k is string => k !== null));
  return [r.title, ...keys];
}

// --- Writes, inside the papers' transaction ------------------------------------------------

/** The paper `id` is now `record` (undefined: a stored value that is no record). */
export function putAuthors(os: IDBObjectStore, id: string, record: PaperRecord | undefined): void {
  os.put((record && authorEntry(record)) ?? 0, id);
}

let rangeSeq = 0;
export function deleteAuthors(os: IDBObjectStore, query: string | IDBKeyRange): void {
  if (typeof query === 'string') return void os.put(0, query);
  // Changes in the range go with it; the base's papers there are hidden by the range, which
  // is kept until the next compaction (after it, a paper put again is a change and shows).
  os.delete(query);
  const range: DeletedRange = [String(query.lower), String(query.upper), query.lowerOpen, query.upperOpen];
  os.put(range, `${RANGE}${Date.now()}.${++rangeSeq}`);
}

/** Everything gone: no base (an empty library), no changes. */
export function clearAuthors(os: IDBObjectStore): void {
  os.clear();
}

/** A new base from whole entries (the schema upgrade fills the store from the library with it). */
export function putBase(os: IDBObjectStore, entries: Array<[PaperId, AuthorEntry]>): void {
  os.put(JSON.stringify(baseOf(entries)), BASE);
}

// --- Reads ---------------------------------------------------------------------------------

/** Issues the reads of the stored index; the function returns them once they have succeeded. */
export function readAuthors(os: IDBObjectStore): () => StoredAuthors {
  const base = os.get(BASE);
  const keys = os.getAllKeys(changesRange());
  const values = os.getAll(changesRange());
  const ranges = os.getAll(rangesRange());
  return () => {
    const parsed = typeof base.result === 'string' ? (JSON.parse(base.result) as AuthorBase) : null;
    const ids = keys.result as PaperId[];
    const changes = (values.result as Array<AuthorEntry | 0>).map((e, i): [PaperId, AuthorEntry | null] => [ids[i]!, e || null]);
    const deleted: PaperId[] = [];
    const list = ranges.result as DeletedRange[];
    if (parsed && list.length) {
      const inRange = list.map(([lo, hi, loOpen, hiOpen]) => IDBKeyRange.bound(lo, hi, loOpen, hiOpen));
      for (const id of parsed.ids) if (inRange.some((r) => r.includes(id))) deleted.push(id);
    }
    return { base: parsed, changes, deleted };
  };
}

/** How many changes are kept beside the base before `compact` folds them in. */
export const COMPACT_AFTER = 200;

/**
 * Folds the changes and deleted ranges into a new base, in the caller's readwrite
 * transaction, when there are more than `COMPACT_AFTER` of them.
 */
export function compact(os: IDBObjectStore): void {
  const count = os.count(changesRange());
  count.onsuccess = () => {
    if (count.result <= COMPACT_AFTER) return;
    const read = readAuthors(os);
    // The last of readAuthors' requests: the others have succeeded before it.
    const last = os.count(rangesRange());
    last.onsuccess = () => {
      const stored = read();
      os.put(JSON.stringify(baseOf(entriesOf(stored))), BASE);
      os.delete(changesRange());
      os.delete(rangesRange());
    };
  };
}

/** The library's entries: the base's, less what was deleted or changed since, plus the changes. */
export function entriesOf(stored: StoredAuthors): Array<[PaperId, AuthorEntry]> {
  const out = new Map<PaperId, AuthorEntry>();
  const { base } = stored;
  if (base) {
    const keysOf = base.ids.map((): string[] => []);
    for (const [key, list] of Object.entries(base.authors)) for (const n of list) keysOf[n]!.push(key);
    base.ids.forEach((id, n) => out.set(id, [base.titles[n]!, ...keysOf[n]!]));
  }
  for (const id of stored.deleted) out.delete(id);
  for (const [id, entry] of stored.changes) {
    if (entry) out.set(id, entry);
    else out.delete(id);
  }
  return [...out];
}

function baseOf(entries: Array<[PaperId, AuthorEntry]>): AuthorBase {
  const base: AuthorBase = { ids: [], titles: [], authors: Object.create(null) as Record<string, number[]> };
  for (const [id, [title, ...keys]] of entries) {
    const n = base.ids.push(id) - 1;
    base.titles.push(title);
    for (const key of keys) (base.authors[key] ??= []).push(n);
  }
  return base;
}
