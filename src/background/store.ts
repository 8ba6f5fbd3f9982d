/**
 * The only module that touches IndexedDB (through idb-keyval), and only the background
 * service worker imports it: the database lives in the extension's origin, out of reach of
 * the paper sites. Records carry a schema version and are brought up to date on read.
 */
import { promisifyRequest, values, type UseStore } from 'idb-keyval';
import type { PaperId } from '../shared/paper-id';
import { emptyRecord, SCHEMA_VERSION, type PaperRecord, type Status } from '../shared/record';
import { SEEN_COUNT_KEY, TALLY_KEY, tallyKeeper } from './tally';
import {
  AUTHORS, authorEntry, clearAuthors, compact, deleteAuthors, putAuthors, putBase, readAuthors,
  type AuthorEntry, type StoredAuthors,
} from './authors-store';

export const DB_NAME = 'margin';
/**
 * The stores: the user's library, the compact seen history, an import being received, and
 * small settings kept with the library (the triage rules, the last listing for testing them).
 */
export type StoreName = 'papers' | 'history' | 'staging' | 'settings' | 'sync' | 'authors';
const STORE_NAME = 'papers';
/**
 * 1: the papers store. 2: an index on status, so the queue is read without the library.
 * 3: `history` (seen marks, see history-chunks.ts) apart from the library, and `staging`
 * (a backup being imported, kept apart until it is complete). 4: `settings`. 5: `sync` (each
 * paper as last synced, and sync's own state: see sync/engine.ts). 6: `authors` (the library
 * papers' titles and author keys, kept with the papers: see authors-store.ts).
 */
const DB_VERSION = 6;
const STATUS_INDEX = 'status';

/**
 * One connection, reopened when it is closed under us (the user cleared site data,
 * another context deleted the database) instead of failing for the rest of the worker's life.
 */
function createConnection(dbName: string) {
  let dbp: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    if (dbp) return dbp;
    const request = indexedDB.open(dbName, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const os = db.objectStoreNames.contains(STORE_NAME)
        ? request.transaction!.objectStore(STORE_NAME)
        : db.createObjectStore(STORE_NAME);
      if (!os.indexNames.contains(STATUS_INDEX)) os.createIndex(STATUS_INDEX, 'status');
      if (!db.objectStoreNames.contains('history')) db.createObjectStore('history');
      if (!db.objectStoreNames.contains('staging')) db.createObjectStore('staging');
      if (!db.objectStoreNames.contains('settings')) db.createObjectStore('settings');
      const sync = db.objectStoreNames.contains('sync') ? request.transaction!.objectStore('sync') : db.createObjectStore('sync');
      // Each doc's `_v`: the docs changed since a version, without reading them all (sync/engine.ts).
      if (!sync.indexNames.contains('v')) sync.createIndex('v', '_v');
      if (!db.objectStoreNames.contains(AUTHORS)) {
        db.createObjectStore(AUTHORS);
        fillAuthors(os, request.transaction!.objectStore(AUTHORS));
      }
    };
    const p = new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      // onblocked: an older connection is still open during an upgrade. The request waits
      // for it to close (it is told to by versionchange), so there is nothing to do here.
    });
    dbp = p;
    p.then(
      (db) => {
        const forget = () => {
          if (dbp === p) dbp = undefined;
        };
        db.onclose = forget;
        // Someone wants to delete or upgrade the database: let them, reopen on next use.
        db.onversionchange = (event) => {
          db.close();
          forget();
          if (event.newVersion === null) lostListener?.();
        };
      },
      () => {
        if (dbp === p) dbp = undefined;
      },
    );
    return p;
  };
  /** A transaction over `names`; a connection closed since it was opened gets one fresh try. */
  return async (names: StoreName | StoreName[], mode: IDBTransactionMode): Promise<IDBTransaction> => {
    const db = await open();
    try {
      return db.transaction(names, mode);
    } catch {
      dbp = undefined;
      return (await open()).transaction(names, mode);
    }
  };
}

let connection = createConnection(DB_NAME);
/** The counts kept beside a store, by their key in the settings store (tally.ts). */
const COUNTS_OF: Partial<Record<StoreName, string>> = { papers: TALLY_KEY, history: SEEN_COUNT_KEY };
/** idb-keyval's view of the papers store. */
const store: UseStore = async (txMode, callback) => callback((await connection(STORE_NAME, txMode)).objectStore(STORE_NAME));
let lostListener: (() => void) | undefined;

/** Called when the database is deleted under the running worker (site data cleared). */
export function onDatabaseDeleted(fn: () => void): void {
  lostListener = fn;
}

/** For tests: start over with a fresh connection (after the fake database was replaced). */
export function resetConnection(): void {
  connection = createConnection(DB_NAME);
}

// --- The papers store, and their authors ----------------------------------------------------

/** Fills `authors` from a library written before it existed (the schema 6 upgrade), in batches. */
function fillAuthors(papers: IDBObjectStore, authors: IDBObjectStore, entries: Array<[PaperId, AuthorEntry]> = [], after?: string): void {
  const BATCH = 5000;
  const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
  const keysReq = papers.getAllKeys(range, BATCH);
  const valuesReq = papers.getAll(range, BATCH);
  valuesReq.onsuccess = () => {
    const keys = keysReq.result as PaperId[];
    (valuesReq.result as unknown[]).forEach((v, i) => {
      const r = migrate(v);
      const entry = r && authorEntry(r);
      if (entry) entries.push([keys[i]!, entry]);
    });
    if (keys.length === BATCH) fillAuthors(papers, authors, entries, keys[keys.length - 1]);
    else putBase(authors, entries);
  };
}

/**
 * The papers store inside a transaction. Every write goes through here (no other module opens
 * the store itself: test/unit/rules/library-authors.test.ts checks), so the papers' authors
 * (authors-store.ts) are written with them; `transact` adds that store to every readwrite
 * transaction over the papers.
 */
export function papersIn(tx: IDBTransaction) {
  const os = tx.objectStore(STORE_NAME);
  const authors = () => tx.objectStore(AUTHORS);
  return {
    get: (id: IDBValidKey) => os.get(id),
    getAll: (query?: IDBKeyRange | null, count?: number) => os.getAll(query, count),
    getAllKeys: (query?: IDBKeyRange | null, count?: number) => os.getAllKeys(query, count),
    /** A record (or, from a migration, a stored value kept as it was) under its id. */
    put(value: unknown, id: string): void {
      os.put(value, id);
      putAuthors(authors(), id, migrate(value));
    },
    delete(query: string | IDBKeyRange): void {
      os.delete(query);
      deleteAuthors(authors(), query);
    },
    clear(): void {
      os.clear();
      clearAuthors(authors());
    },
  };
}

/** The papers' authors as stored (a base and the changes since). */
export async function storedAuthors(): Promise<StoredAuthors> {
  return transact([AUTHORS], 'readonly', (tx) => ({ read: readAuthors(tx.objectStore(AUTHORS)) })).then((r) => r.read());
}

/** Folds the authors' changes into their base when they have grown (one transaction). */
export async function compactAuthors(): Promise<void> {
  await transact([AUTHORS], 'readwrite', (tx) => compact(tx.objectStore(AUTHORS)));
}

/** Aborts the transaction it was given to, rejecting `transact` with `err`. */
export type Fail = (err: unknown) => void;

/**
 * One transaction over several stores. `fn` issues its requests synchronously (and from
 * their callbacks) and returns the value to resolve with once the transaction has
 * committed. To write nothing it throws, or calls `fail(err)` from a request callback
 * (a throw there would not reach us).
 *
 * A readwrite transaction over the papers or the history store also deletes the counts kept
 * beside it (tally.ts), so the next read counts them again, unless the caller says it keeps
 * them up to date itself (`keeps`: it has `settings` in `names` and updates them).
 */
export async function transact<T>(
  names: StoreName[],
  mode: IDBTransactionMode,
  fn: (tx: IDBTransaction, fail: Fail) => T,
  options: { keeps?: StoreName[] } = {},
): Promise<T> {
  const drops = mode === 'readwrite' ? names.flatMap((name) => (COUNTS_OF[name] && !options.keeps?.includes(name) ? [COUNTS_OF[name]] : [])) : [];
  let scope = drops.length && !names.includes('settings') ? [...names, 'settings' as StoreName] : names;
  // A write to the papers writes their authors too (papersIn).
  if (mode === 'readwrite' && scope.includes(STORE_NAME) && !scope.includes(AUTHORS)) scope = [...scope, AUTHORS as StoreName];
  const tx = await connection(scope, mode);
  return new Promise<T>((resolve, reject) => {
    let value: T;
    let failure: unknown;
    const fail: Fail = (err) => {
      failure ??= err;
      try {
        tx.abort();
      } catch {
        // It had already finished or aborted.
      }
    };
    tx.oncomplete = () => resolve(value);
    tx.onabort = () => reject(failure ?? tx.error ?? new Error('The change was not saved.'));
    try {
      for (const key of drops) tx.objectStore('settings').delete(key);
      value = fn(tx, fail);
    } catch (err) {
      fail(err);
    }
  });
}

/**
 * Brings a stored record of any schema version to the current one, every field kept. The
 * result has the current record's field order (emptyRecord's), whatever the stored one had.
 */
export function migrate(raw: unknown): PaperRecord | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Partial<PaperRecord> & { id: PaperId; v?: number };
  if (r.v === SCHEMA_VERSION) return r as PaperRecord;
  // 1 → 2: primaryClass, unknown for papers saved before it existed.
  return { ...emptyRecord(r.id, r.createdAt ?? 0), ...r, primaryClass: r.primaryClass ?? null, v: SCHEMA_VERSION };
}

/**
 * The library's records among `ids` (undefined where it has none), read in one transaction
 * with `also` (the history's part of a lookup). A listing's ids come from a few months, so
 * each month's ids are read with one getAll over the range they span: it returns only the
 * library's records there (a small part of arXiv), not one request per id.
 */
export async function getRecords(
  ids: readonly PaperId[],
  also?: { stores: StoreName[]; read: (tx: IDBTransaction) => void },
): Promise<Array<PaperRecord | undefined>> {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const byMonth = new Map<string, PaperId[]>();
  for (const id of wanted) {
    const month = monthOf(id);
    const list = byMonth.get(month);
    if (list) list.push(id);
    else byMonth.set(month, [id]);
  }
  const byId = new Map<PaperId, PaperRecord>();
  await transact([STORE_NAME, ...(also?.stores ?? [])], 'readonly', (tx) => {
    const os = papersIn(tx);
    const keep = (v: unknown) => {
      const r = migrate(v);
      if (r && wanted.has(r.id)) byId.set(r.id, r);
    };
    for (const list of byMonth.values()) {
      if (list.length <= 3) {
        for (const id of list) {
          const req = os.get(id);
          req.onsuccess = () => keep(req.result);
        }
        continue;
      }
      list.sort(compareKeys);
      const req = os.getAll(IDBKeyRange.bound(list[0]!, list[list.length - 1]!));
      req.onsuccess = () => (req.result as unknown[]).forEach(keep);
    }
    also?.read(tx);
  });
  return ids.map((id) => byId.get(id));
}

/** `arxiv:2412.13795` → `arxiv:2412.`; `arxiv:hep-th/9901001` → `arxiv:hep-th/9901`. */
function monthOf(id: PaperId): string {
  const dot = id.indexOf('.');
  return dot > 0 && !id.includes('/') ? id.slice(0, dot + 1) : id.slice(0, -3);
}

/** IndexedDB's own order for string keys (code units), so ranges mean what they say. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Read-modify-write of one record inside one readwrite transaction, so two tabs editing
 * the same paper never overwrite each other's change; the library's counts are kept in the
 * same transaction. `fn` must be synchronous (an awaited promise would end the transaction);
 * it may throw to cancel the write.
 */
export async function updateRecord(
  id: PaperId,
  fn: (current: PaperRecord | undefined) => PaperRecord,
): Promise<PaperRecord> {
  const [record] = await updateRecords([id], (_id, current) => fn(current));
  return record!;
}

/**
 * The batch form of updateRecord: every id read and written in one transaction. `fn`
 * returns undefined to leave a record as it is. Returns the records that were written.
 */
export async function updateRecords(
  ids: readonly PaperId[],
  fn: (id: PaperId, current: PaperRecord | undefined) => PaperRecord | undefined,
): Promise<PaperRecord[]> {
  // An id twice would be read twice before either write, and counted twice.
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return transact(
    [STORE_NAME, 'settings'],
    'readwrite',
    (tx, fail) => {
      const os = papersIn(tx);
      const tally = tallyKeeper(tx);
      const written: PaperRecord[] = [];
      let left = unique.length;
      for (const id of unique) {
        const req = os.get(id);
        req.onsuccess = () => {
          try {
            const before = migrate(req.result);
            const next = fn(id, before);
            if (next) {
              os.put(next, id);
              written.push(next);
              tally.change(before, next);
            }
          } catch (err) {
            return fail(err);
          }
          if (--left === 0) tally.save();
        };
      }
      return written;
    },
    { keeps: [STORE_NAME] },
  );
}

/** The records with any of these statuses, read through the status index (one transaction). */
export async function recordsWithStatus(statuses: readonly Status[]): Promise<PaperRecord[]> {
  return store('readonly', (os) => {
    const index = os.index(STATUS_INDEX);
    return Promise.all(statuses.map((s) => promisifyRequest<unknown[]>(index.getAll(s)))).then((lists) => lists.flat().map(migrate).filter((r): r is PaperRecord => r !== undefined));
  });
}

/** How many records have any of these statuses (the badge), without reading them. */
export async function countWithStatus(statuses: readonly Status[]): Promise<number> {
  return store('readonly', (os) => {
    const index = os.index(STATUS_INDEX);
    return Promise.all(statuses.map((s) => promisifyRequest(index.count(s)))).then((counts) => counts.reduce((a, b) => a + b, 0));
  });
}

/** Whether the library holds any record at all (one key read, whatever its size). */
export async function hasAnyRecord(): Promise<boolean> {
  return store('readonly', (os) => promisifyRequest(os.getAllKeys(null, 1)).then((keys) => keys.length > 0));
}

export async function allRecords(): Promise<PaperRecord[]> {
  const raw = await values<unknown>(store);
  return raw.map(migrate).filter((r): r is PaperRecord => r !== undefined);
}

/**
 * Deletes the library, the history and the settings (the options page's "Delete all data").
 * Sync's store stays, and when this library has been synced it remembers when, so the deletion
 * reaches the other computers and one that had not heard of it yet cannot bring the data back
 * (see sync/doc.ts). A library never synced deletes only here: turning sync on later must not
 * take away another computer's older papers.
 */
export async function clearAll(now = Date.now()): Promise<void> {
  await transact(['papers', 'history', 'staging', 'settings', 'sync'], 'readwrite', (tx) => {
    papersIn(tx).clear();
    for (const name of ['history', 'staging', 'settings'] as const) tx.objectStore(name).clear();
    const sync = tx.objectStore('sync');
    const synced = sync.count(IDBKeyRange.bound('arxiv:', 'arxiv:\uffff'));
    synced.onsuccess = () => {
      if (synced.result > 0) sync.put(now, CLEARED_KEY);
    };
  });
}

/** In the sync store: the time of the latest "Delete all" on this computer or one it synced with. */
export const CLEARED_KEY = '~clearedAt';

/** One setting (`rules`, `lastListing`), or undefined. */
export function getSetting<T>(key: string): Promise<T | undefined> {
  return transact(['settings'], 'readonly', (tx) => {
    const req = tx.objectStore('settings').get(key);
    return { get value() { return req.result as T | undefined; } };
  }).then((r) => r.value);
}

/** Reads a setting and writes what `fn` makes of it, in one transaction (undefined: no write). */
export function updateSetting<T>(key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
  return transact(['settings'], 'readwrite', (tx, fail) => {
    const os = tx.objectStore('settings');
    const req = os.get(key);
    const out: { value: T | undefined } = { value: undefined };
    req.onsuccess = () => {
      try {
        out.value = fn(req.result as T | undefined) ?? (req.result as T | undefined);
        if (out.value !== req.result) os.put(out.value, key);
      } catch (err) {
        fail(err);
      }
    };
    return out;
  }).then((r) => r.value);
}
