/**
 * One sync: read what the other devices wrote since last time, merge it with this library's
 * edits in one transaction, write this device's own file. Transports (WebDAV, Chrome Sync)
 * only move snapshots; everything about merging is here and in doc.ts / replica.ts.
 *
 * The sync store holds each paper's doc as last synced (keyed by paper id) and sync's own
 * state under keys starting with `~` (which no paper id does).
 */
import type { PaperId } from '../../shared/paper-id';
import { hasUserState, type PaperRecord } from '../../shared/record';
import { CLEARED_KEY, compareKeys, migrate, transact } from '../store';
import type { DeviceId, PaperDoc } from './doc';
import { reconcile } from './replica';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from './codec';

/** Paper ids sort between these (`arxiv:` …); sync's own keys start with `~`, after them. */
const DOCS = IDBKeyRange.bound('arxiv:', 'arxiv:\uffff');

/** Each device has two files: its papers, and its seen history (written less often). */
export type FileKind = 'papers' | 'seen';
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
  /** device → tag of its file as last merged. */
  seen: Record<DeviceId, string>;
  /** This device's own file's tag, as last written. */
  own: string | null;
  /** The docs' version (DOCS_VERSION_KEY) that file was written from. */
  wrote?: number;
}

/**
 * Grows whenever a sync changes a doc. Every transport writes when its last write was from an
 * older version: a write that failed (server full, offline) or a change merged through the
 * other transport is sent at the next sync, not only when something changes again.
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
  papers: number;
  /** When the other side said "Delete all" after this library's last one. */
  clearedAt: number | null;
}

export interface EngineOptions {
  device: DeviceId;
  deviceName: string;
  now?: () => number;
  /** Called when another device's "Delete all" reaches this one: clear the local history. */
  onRemoteClear?: (at: number) => Promise<void>;
  /** The transport's listing, when the caller has just read it (the seen files need it too). */
  listed?: RemoteFile[];
  /** Limit the snapshot (Chrome Sync's quota): the docs to send, in order of importance. */
  select?: (docs: PaperDoc[], snapshot: (papers: PaperDoc[]) => Snapshot) => Promise<PaperDoc[]>;
}

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

/** One full round with one transport. Throws what the transport threw (the caller retries). */
export async function syncWith(transport: Transport, opts: EngineOptions): Promise<SyncResult> {
  const now = opts.now ?? Date.now;
  const state = (await readState<TransportState>(stateKey(transport))) ?? { seen: {}, own: null };
  const files = (opts.listed ?? (await transport.list())).filter((f) => f.kind === 'papers');

  const remote: Snapshot[] = [];
  const unreadable: Record<DeviceId, string> = {};
  const merged: DeviceId[] = [];
  const nextSeen = { ...state.seen };
  let ownListed: RemoteFile | undefined;
  for (const f of files) {
    if (f.device === opts.device) {
      ownListed = f;
      // Our own file changed under us (this profile copied to another browser, or this
      // library's sync state was lost): merge it too before writing over it.
      if (f.tag === state.own) continue;
    } else if (state.seen[f.device] === f.tag) continue;
    try {
      const got = await transport.read(f);
      if (!got) continue;
      remote.push(await decodeSnapshot(got.bytes, now()));
      merged.push(f.device);
      if (f.device !== opts.device) nextSeen[f.device] = got.tag;
    } catch (err) {
      if (err instanceof Error && err.name === 'SnapshotError') unreadable[f.device] = err.message;
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
  const { changed, docs, version } = await transact(['papers', 'sync'], 'readwrite', (tx, fail) => {
    const out = { changed: [] as PaperRecord[], docs: [] as PaperDoc[], docsChanged: 0, version: 0 };
    const papers = tx.objectStore('papers');
    const sync = tx.objectStore('sync');
    const recordsReq = papers.getAll();
    const versionReq = sync.get(DOCS_VERSION_KEY);
    const docsReq = sync.getAll(DOCS);
    docsReq.onsuccess = () => {
      try {
        const records = new Map<PaperId, PaperRecord>();
        for (const raw of recordsReq.result as unknown[]) {
          const r = migrate(raw);
          if (r) records.set(r.id, r);
        }
        const shadows = new Map<PaperId, PaperDoc>((docsReq.result as PaperDoc[]).map((d) => [d.id, d]));
        const ids = new Set<PaperId>([...records.keys(), ...shadows.keys(), ...byId.keys()]);
        for (const id of [...ids].sort(compareKeys)) {
          const shadow = shadows.get(id);
          const record = records.get(id);
          const theirs = byId.get(id) ?? [];
          // A paper that never had state of the user's and nobody sent: nothing to sync.
          if (!shadow && theirs.length === 0 && (!record || !hasUserState(record))) continue;
          const r = reconcile(id, shadow, record, theirs, opts.device, clearedAt, at, localCleared);
          if (r.record) {
            papers.put(r.record, id);
            out.changed.push(r.record);
          }
          if (r.doc) {
            sync.put(r.doc, id);
            out.docsChanged++;
          }
          out.docs.push(r.doc ?? shadow!);
        }
        if (clearedAt > localCleared) sync.put(clearedAt, CLEARED_KEY);
        out.version = (typeof versionReq.result === 'number' ? versionReq.result : 0) + (out.docsChanged ? 1 : 0);
        if (out.docsChanged) sync.put(out.version, DOCS_VERSION_KEY);
      } catch (err) {
        fail(err);
      }
    };
    return out;
  });

  let own = state.own;
  const mustWrite = state.wrote !== version || own === null || !ownListed || ownListed.tag !== own || merged.includes(opts.device);
  if (mustWrite) {
    const snapshotOf = (papers: PaperDoc[]): Snapshot => ({
      format: 'margin-sync',
      version: 1,
      device: opts.device,
      name: opts.deviceName,
      writtenAt: at,
      clearedAt,
      papers,
    });
    const snapshot = snapshotOf(opts.select ? await opts.select(docs, snapshotOf) : docs);
    // The version listed is the one merged (or the one we wrote): written over only if it is
    // still that one, else the transport refuses and the next round merges the newer one.
    own = await transport.write({ device: opts.device, kind: 'papers' }, await encodeSnapshot(snapshot), ownListed?.tag ?? null);
  }
  await writeState(stateKey(transport), { seen: nextSeen, own, wrote: version } satisfies TransportState);
  return {
    changed,
    merged: merged.filter((d) => d !== opts.device),
    unreadable,
    wrote: mustWrite,
    papers: docs.length,
    clearedAt: remoteCleared > localCleared ? remoteCleared : null,
  };
}
