/**
 * One sync: read what the other devices wrote since last time, merge it with this library's
 * edits in one transaction, write this device's own files. Transports (WebDAV, Chrome Sync)
 * only move bytes; everything about merging is here and in doc.ts / replica.ts.
 *
 * The sync store holds each paper's doc as last synced (keyed by paper id, with `_v`: the
 * docs' version when it last changed, indexed) and sync's own state under keys starting
 * with `~` (which no paper id does).
 *
 * A library of tens of thousands of papers must not be read whole for one edit, nor sent
 * whole: so a sync looks only at the papers edited here since the last one (`~dirty`, kept
 * by the background's writers) and those the others sent; and each device writes, beside its
 * full file (`papers`), a small one (`log`) with every doc changed since that full file was
 * written. The others read the small one while the full one has not changed. A full pass
 * over the library runs on the first sync, when the browser starts and every quarter of an
 * hour (service.ts): a change a stopped worker failed to mark is found then.
 */
import type { PaperId } from '../../shared/paper-id';
import { hasUserState, type PaperRecord } from '../../shared/record';
import { CLEARED_KEY, compareKeys, migrate, papersIn, transact } from '../store';
import { tallyKeeper } from '../tally';
import type { DeviceId, PaperDoc } from './doc';
import { reconcile } from './replica';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type Snapshot } from './codec';

/** Paper ids sort between these (`arxiv:` …); sync's own keys start with `~`, after them. */
const DOCS = IDBKeyRange.bound('arxiv:', 'arxiv:\uffff');
/** The sync store's index on each doc's `_v` (store.ts creates it). */
export const VERSION_INDEX = 'v';
/** Papers edited here since the last sync: { all: a full pass is needed, ids }. */
export const DIRTY_KEY = '~dirty';
/** A log this long is folded into a new full file. */
const LOG_MAX = 500;

/** Each device's files: its papers (full), the docs changed since (log), its seen history. */
export type FileKind = 'papers' | 'log' | 'seen';
export interface FileName {
  device: DeviceId;
  kind: FileKind;
}
/** A device's file as a transport lists it: `tag` changes whenever the file does. */
export interface RemoteFile extends FileName {
  tag: string;
}

/** Moves files' bytes; knows nothing of what is in them or of merging. */
export interface Transport {
  /** For state keys and messages: 'webdav', 'chrome'. */
  readonly name: string;
  /** Whether it keeps `log` files (Chrome Sync has no room for two copies: full files only). */
  readonly logs: boolean;
  list(): Promise<RemoteFile[]>;
  /** The file's bytes and tag, or null when it is gone. */
  read(file: FileName): Promise<{ bytes: Uint8Array; tag: string } | null>;
  /**
   * Writes one of this device's files. `previous`: its tag when last read or written (null:
   * it should not exist yet). Resolves with the new tag; rejects with ConflictError when
   * the file changed since (another browser with the same device, a restored profile).
   */
  write(file: FileName, bytes: Uint8Array, previous: string | null): Promise<string>;
}

export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** Per transport: what was read and written last time. */
export interface TransportState {
  /** device → tag of its full file as last merged, and the `base` it carried. */
  seen: Record<DeviceId, string>;
  seenBase?: Record<DeviceId, number>;
  /** device → tag of its log as last merged. */
  seenLog?: Record<DeviceId, string>;
  /** This device's own files' tags, as last written. */
  own: string | null;
  ownLog?: string | null;
  /** The docs' version this device's full file was written at (its log holds what came after). */
  base?: number;
  /** The docs' version the files were last written from. */
  wrote?: number;
}

/**
 * Grows whenever a sync changes a doc. Every transport sends the docs changed after its last
 * write: a write that failed (server full, offline) or a change merged through the other
 * transport is sent at the next sync, not only when something changes again.
 */
const DOCS_VERSION_KEY = '~docsVersion';

export interface SyncResult {
  /** Records written because another device changed them. */
  changed: PaperRecord[];
  /** Devices whose files were merged this time. */
  merged: DeviceId[];
  /** Files that could not be read: device → reason. */
  unreadable: Record<DeviceId, string>;
  wrote: boolean;
  /** Papers in this device's files. */
  papers: number;
  /** When the other side said "Delete all" after this library's last one. */
  clearedAt: number | null;
}

export interface EngineOptions {
  device: DeviceId;
  deviceName: string;
  now?: () => number;
  /** Look at every paper, not only those edited or sent since the last sync. */
  full?: boolean;
  /** Called when another device's "Delete all" reaches this one: clear the local history. */
  onRemoteClear?: (at: number) => Promise<void>;
  /** Told what changed as soon as it is saved, before this device's own files are written. */
  onMerged?: (records: PaperRecord[]) => Promise<void>;
  /** The transport's listing, when the caller has just read it (the seen files need it too). */
  listed?: RemoteFile[];
  /** Limit the full file (Chrome Sync's quota): the docs to send, in order of importance. */
  select?: (docs: PaperDoc[], snapshot: (papers: PaperDoc[]) => Snapshot) => Promise<PaperDoc[]>;
}

type StoredDoc = PaperDoc & { _v?: number };
const stateKey = (t: Transport) => `~transport:${t.name}`;

export async function readState<T>(key: string): Promise<T | undefined> {
  return transact(['sync'], 'readonly', (tx) => {
    const req = tx.objectStore('sync').get(key);
    return { get value() { return req.result as T | undefined; } };
  }).then((r) => r.value);
}

export async function writeState(key: string, value: unknown): Promise<void> {
  await transact(['sync'], 'readwrite', (tx) => {
    if (value === undefined) tx.objectStore('sync').delete(key);
    else tx.objectStore('sync').put(value, key);
  });
}

/** Marks papers edited here (or, with 'all', the whole library) for the next sync. */
export async function markDirty(ids: readonly PaperId[] | 'all'): Promise<void> {
  if (ids !== 'all' && ids.length === 0) return;
  await transact(['sync'], 'readwrite', (tx) => {
    const os = tx.objectStore('sync');
    const req = os.get(DIRTY_KEY);
    req.onsuccess = () => {
      const cur = (req.result as { all: boolean; ids: PaperId[] } | undefined) ?? { all: false, ids: [] };
      if (cur.all) return;
      os.put(ids === 'all' || cur.ids.length + ids.length > 5000 ? { all: true, ids: [] } : { all: false, ids: [...new Set([...cur.ids, ...ids])] }, DIRTY_KEY);
    };
  });
}

const strip = ({ _v, ...doc }: StoredDoc): PaperDoc => doc;

/** One round with one transport. Throws what the transport threw (the caller retries). */
export async function syncWith(transport: Transport, opts: EngineOptions): Promise<SyncResult> {
  const now = opts.now ?? Date.now;
  const state: TransportState = (await readState<TransportState>(stateKey(transport))) ?? { seen: {}, own: null };
  const seenBase = { ...(state.seenBase ?? {}) };
  const seenLog = { ...(state.seenLog ?? {}) };
  const nextSeen = { ...state.seen };
  const listed = opts.listed ?? (await transport.list());
  const fileOf = (device: DeviceId, kind: FileKind) => listed.find((f) => f.device === device && f.kind === kind);

  const remote: Array<{ clearedAt: number; papers: PaperDoc[] }> = [];
  const unreadable: Record<DeviceId, string> = {};
  const merged: DeviceId[] = [];
  const read = async (f: RemoteFile) => {
    const got = await transport.read(f);
    return got && { snapshot: await decodeSnapshot(got.bytes, now()), tag: got.tag };
  };
  const devices = new Set(listed.filter((f) => f.kind === 'papers').map((f) => f.device));
  for (const device of devices) {
    const full = fileOf(device, 'papers')!;
    const log = transport.logs ? fileOf(device, 'log') : undefined;
    const mine = device === opts.device;
    // Our own files changed under us (this profile copied to another browser, or this
    // library's sync state lost): merged too, before they are written over.
    const knownFull = mine ? state.own : state.seen[device];
    const knownLog = mine ? (state.ownLog ?? null) : (seenLog[device] ?? null);
    try {
      let base = mine ? state.base : seenBase[device];
      if (full.tag !== knownFull) {
        const got = await read(full);
        if (!got) continue;
        remote.push(got.snapshot);
        base = got.snapshot.base ?? 0;
        if (!mine) {
          nextSeen[device] = got.tag;
          seenBase[device] = base;
        }
        if (!merged.includes(device)) merged.push(device);
      }
      if (log && (log.tag !== knownLog || full.tag !== knownFull)) {
        const got = await read(log);
        // A log written from an older full file: what it held is in the newer full file.
        if (got && got.snapshot.base === base) {
          remote.push(got.snapshot);
          if (!merged.includes(device)) merged.push(device);
        }
        if (got && !mine) seenLog[device] = got.tag;
      }
    } catch (err) {
      if (err instanceof SnapshotError) unreadable[device] = err.message;
      else throw err;
    }
  }

  const localCleared = (await readState<number>(CLEARED_KEY)) ?? 0;
  const remoteCleared = Math.max(0, ...remote.map((s) => s.clearedAt));
  const clearedAt = Math.max(localCleared, remoteCleared);
  if (remoteCleared > localCleared) await opts.onRemoteClear?.(remoteCleared);

  const byId = new Map<PaperId, PaperDoc[]>();
  for (const s of remote) {
    for (const d of s.papers) {
      const list = byId.get(d.id);
      if (list) list.push(d);
      else byId.set(d.id, [d]);
    }
  }

  const at = now();
  const { changed, version } = await transact(['papers', 'sync', 'settings'], 'readwrite', (tx, fail) => {
    const out = { changed: [] as PaperRecord[], version: 0 };
    const papers = papersIn(tx);
    // The library's counts change with the merged records, in this transaction (tally.ts).
    const tally = tallyKeeper(tx);
    const sync = tx.objectStore('sync');
    const versionReq = sync.get(DOCS_VERSION_KEY);
    const dirtyReq = sync.get(DIRTY_KEY);
    const records = new Map<PaperId, PaperRecord>();
    const shadows = new Map<PaperId, StoredDoc>();
    const work = (ids: Iterable<PaperId>) => {
      try {
        const next = (typeof versionReq.result === 'number' ? versionReq.result : 0) + 1;
        let docsChanged = 0;
        for (const id of [...new Set(ids)].sort(compareKeys)) {
          const shadow = shadows.get(id);
          const record = records.get(id);
          const theirs = byId.get(id) ?? [];
          // A paper that never had state of the user's and nobody sent: nothing to sync.
          if (!shadow && theirs.length === 0 && (!record || !hasUserState(record))) continue;
          const r = reconcile(id, shadow && strip(shadow), record, theirs, opts.device, clearedAt, at, localCleared);
          if (r.record) {
            papers.put(r.record, id);
            out.changed.push(r.record);
            tally.change(record, r.record);
          }
          if (r.doc) {
            sync.put({ ...r.doc, _v: next } satisfies StoredDoc, id);
            docsChanged++;
          }
        }
        if (clearedAt > localCleared) sync.put(clearedAt, CLEARED_KEY);
        out.version = next - (docsChanged ? 0 : 1);
        if (docsChanged) sync.put(out.version, DOCS_VERSION_KEY);
        sync.delete(DIRTY_KEY);
        tally.save();
      } catch (err) {
        fail(err);
      }
    };
    dirtyReq.onsuccess = () => {
      const dirty = dirtyReq.result as { all: boolean; ids: PaperId[] } | undefined;
      if (opts.full || dirty?.all || clearedAt > localCleared) {
        const recordsReq = papers.getAll();
        const docsReq = sync.getAll(DOCS);
        docsReq.onsuccess = () => {
          for (const raw of recordsReq.result as unknown[]) {
            const r = migrate(raw);
            if (r) records.set(r.id, r);
          }
          for (const d of docsReq.result as StoredDoc[]) shadows.set(d.id, d);
          work([...records.keys(), ...shadows.keys(), ...byId.keys()]);
        };
        return;
      }
      // Only what was edited here or sent from there: one read of each.
      const ids = [...new Set([...(dirty?.ids ?? []), ...byId.keys()])];
      let left = ids.length * 2;
      if (left === 0) return work([]);
      const done = () => --left === 0 && work(ids);
      for (const id of ids) {
        const r = papers.get(id);
        r.onsuccess = () => {
          const rec = migrate(r.result);
          if (rec) records.set(id, rec);
          done();
        };
        const d = sync.get(id);
        d.onsuccess = () => {
          if (d.result) shadows.set(id, d.result as StoredDoc);
          done();
        };
      }
    };
    return out;
  }, { keeps: ['papers'] });
  if (changed.length) await opts.onMerged?.(changed);

  // What to send: nothing, the docs changed since the full file (the log), or a new full file.
  const ownFull = fileOf(opts.device, 'papers');
  const ownLog = transport.logs ? fileOf(opts.device, 'log') : undefined;
  const fullGone = !ownFull || ownFull.tag !== state.own || state.own === null || merged.includes(opts.device);
  let { own, ownLog: ownLogTag = null, base = 0 } = state;
  let wrote = false;
  let papersCount = 0;
  if (fullGone || state.wrote !== version) {
    const since = await transact(['sync'], 'readonly', (tx) => {
      const req = tx.objectStore('sync').index(VERSION_INDEX).getAll(IDBKeyRange.lowerBound(base, true));
      return { get docs() { return req.result as StoredDoc[]; } };
    }).then((r) => r.docs);
    const snapshotOf = (papers: PaperDoc[], kind: 'full' | 'log'): Snapshot => ({
      format: 'margin-sync',
      version: 1,
      device: opts.device,
      name: opts.deviceName,
      writtenAt: at,
      clearedAt,
      base: kind === 'full' ? version : base,
      papers,
    });
    if (fullGone || !transport.logs || since.length > LOG_MAX) {
      const all = await transact(['sync'], 'readonly', (tx) => {
        const req = tx.objectStore('sync').getAll(DOCS);
        return { get docs() { return req.result as StoredDoc[]; } };
      }).then((r) => r.docs.map(strip));
      const papers = opts.select ? await opts.select(all, (p) => snapshotOf(p, 'full')) : all;
      own = await transport.write({ device: opts.device, kind: 'papers' }, await encodeSnapshot(snapshotOf(papers, 'full')), ownFull?.tag ?? null);
      base = version;
      papersCount = papers.length;
      // The old log is ignored by readers (it names the old full file), but it is emptied now
      // rather than left on the server as it was (unencrypted, if encryption was just turned on).
      if (ownLog) {
        ownLogTag = await transport.write({ device: opts.device, kind: 'log' }, await encodeSnapshot({ ...snapshotOf([], 'log'), base }), ownLog.tag);
      }
    } else {
      own = ownFull!.tag;
      ownLogTag = await transport.write({ device: opts.device, kind: 'log' }, await encodeSnapshot(snapshotOf(since.map(strip), 'log')), ownLog?.tag ?? null);
      papersCount = since.length;
    }
    wrote = true;
  }
  await writeState(stateKey(transport), { seen: nextSeen, seenBase, seenLog, own, ownLog: ownLogTag, base, wrote: version } satisfies TransportState);
  return {
    changed,
    merged: merged.filter((d) => d !== opts.device),
    unreadable,
    wrote,
    papers: papersCount,
    clearedAt: remoteCleared > localCleared ? remoteCleared : null,
  };
}
