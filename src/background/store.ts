/**
 * The only module that touches IndexedDB (through idb-keyval), and only the background
 * service worker imports it: the database lives in the extension's origin, out of reach of
 * the paper sites. Records carry a schema version and are brought up to date on read.
 */
import { clear, getMany, keys, promisifyRequest, update, values, type UseStore } from 'idb-keyval';
import type { PaperId } from '../shared/paper-id';
import { emptyRecord, SCHEMA_VERSION, type PaperRecord, type Status } from '../shared/record';

export const DB_NAME = 'margin';
const STORE_NAME = 'papers';
/** 1: the papers store. 2: an index on status, so the queue is read without the library. */
const DB_VERSION = 2;
const STATUS_INDEX = 'status';

/**
 * idb-keyval's createStore, plus recovery: when the connection is closed under us (the user
 * cleared site data, another context deleted the database) the next call opens a new one
 * instead of failing for the rest of the worker's life.
 */
function createRecoveringStore(dbName: string, storeName: string): UseStore {
  let dbp: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    if (dbp) return dbp;
    const request = indexedDB.open(dbName, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      const os = db.objectStoreNames.contains(storeName)
        ? request.transaction!.objectStore(storeName)
        : db.createObjectStore(storeName);
      if (!os.indexNames.contains(STATUS_INDEX)) os.createIndex(STATUS_INDEX, 'status');
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
  return async (txMode, callback) => {
    let db = await open();
    let tx: IDBTransaction;
    try {
      tx = db.transaction(storeName, txMode);
    } catch {
      // InvalidStateError: the connection closed since we opened it. One fresh try.
      dbp = undefined;
      db = await open();
      tx = db.transaction(storeName, txMode);
    }
    return callback(tx.objectStore(storeName));
  };
}

let store = createRecoveringStore(DB_NAME, STORE_NAME);
let lostListener: (() => void) | undefined;

/** Called when the database is deleted under the running worker (site data cleared). */
export function onDatabaseDeleted(fn: () => void): void {
  lostListener = fn;
}

/** For tests: start over with a fresh connection (after the fake database was replaced). */
export function resetConnection(): void {
  store = createRecoveringStore(DB_NAME, STORE_NAME);
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
 * Rewrites every record older than the current schema, in one transaction (all or none).
 * Returns how many were rewritten; a second run finds none.
 */
export async function migrateAll(): Promise<number> {
  return store('readwrite', (os) => {
    let migrated = 0;
    return new Promise<number>((resolve, reject) => {
      const tx = os.transaction;
      tx.oncomplete = () => resolve(migrated);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('The migration was not saved.'));
      const cursorRequest = os.openCursor();
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (!cursor) return;
        const value = cursor.value as { v?: number };
        if (value && typeof value === 'object' && value.v !== SCHEMA_VERSION) {
          cursor.update(migrate(value));
          migrated++;
        }
        cursor.continue();
      };
    });
  });
}

export async function getRecords(ids: readonly PaperId[]): Promise<Array<PaperRecord | undefined>> {
  if (ids.length === 0) return [];
  if (ids.length <= 32) return (await getMany<unknown>(ids as PaperId[], store)).map(migrate);
  // A listing asks for up to thousands of ids. One getAllKeys tells which the library holds;
  // those are read with one getAll over the range they span (a listing's ids are close
  // together) when the range holds few others, else one get each.
  const allKeys = await keys<PaperId>(store);
  const known = new Set(allKeys);
  const hits = ids.filter((id) => known.has(id));
  if (hits.length === 0) return ids.map(() => undefined);
  const sorted = [...hits].sort(compareKeys);
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const inRange = allKeys.filter((k) => compareKeys(k, lo) >= 0 && compareKeys(k, hi) <= 0).length;
  const byId = new Map<PaperId, PaperRecord | undefined>();
  if (hits.length > 32 && inRange <= hits.length * 3) {
    const values = await store('readonly', (os) => promisifyRequest<unknown[]>(os.getAll(IDBKeyRange.bound(lo, hi))));
    for (const v of values) {
      const r = migrate(v);
      if (r) byId.set(r.id, r);
    }
  } else {
    const got = await getMany<unknown>(hits, store);
    hits.forEach((id, i) => byId.set(id, migrate(got[i])));
  }
  return ids.map((id) => byId.get(id));
}

/** IndexedDB's own order for string keys (code units), so ranges mean what they say. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


/**
 * Read-modify-write of one record inside one readwrite transaction, so two tabs editing
 * the same paper never overwrite each other's change. `fn` must be synchronous (an awaited
 * promise would end the transaction); it may throw to cancel the write.
 */
export async function updateRecord(
  id: PaperId,
  fn: (current: PaperRecord | undefined) => PaperRecord,
): Promise<PaperRecord> {
  let result: PaperRecord | undefined;
  await update<unknown>(
    id,
    (old) => {
      result = fn(migrate(old));
      return result;
    },
    store,
  );
  return result!;
}

/**
 * The batch form of updateRecord: every id read and written in one transaction. `fn`
 * returns undefined to leave a record as it is. Returns the records that were written.
 */
export async function updateRecords(
  ids: readonly PaperId[],
  fn: (id: PaperId, current: PaperRecord | undefined) => PaperRecord | undefined,
): Promise<PaperRecord[]> {
  if (ids.length === 0) return [];
  return store('readwrite', (os) => {
    const written: PaperRecord[] = [];
    return new Promise<PaperRecord[]>((resolve, reject) => {
      const tx = os.transaction;
      tx.oncomplete = () => resolve(written);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('The change was not saved.'));
      for (const id of ids) {
        const req = os.get(id);
        req.onsuccess = () => {
          try {
            const next = fn(id, migrate(req.result));
            if (next) {
              os.put(next, id);
              written.push(next);
            }
          } catch (err) {
            reject(err);
            tx.abort();
          }
        };
      }
    });
  });
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

export async function allRecords(): Promise<PaperRecord[]> {
  const raw = await values<unknown>(store);
  return raw.map(migrate).filter((r): r is PaperRecord => r !== undefined);
}

export async function clearAll(): Promise<void> {
  await clear(store);
}
