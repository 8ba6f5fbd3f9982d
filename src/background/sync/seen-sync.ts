/**
 * The seen history across computers: a union (a paper seen on either is seen, on the
 * earlier day). It is large (two bytes a paper; a heavy reader sees a million papers) and
 * changes with every listing scrolled, so each device writes its `seen` file at most every
 * ten minutes, or on "Sync now", and only when it changed; the small papers file carries
 * the user's edits within seconds.
 *
 * "Delete all" empties the history everywhere (doc.ts's clearedAt: a file written before the
 * latest one known is ignored until its device has heard of it), and "Forget history before"
 * travels too: the latest such day known applies on every device.
 */
import { transact } from '../store';
import { asChunk, dayStart, entries, forgetBefore, type Chunk } from '../history-chunks';
import { forgetHistoryBefore, writeMarks, type MarksByChunk } from '../history';
import { CLEARED_KEY } from '../store';
import { deviceId, gunzip, gzip, SnapshotError } from './codec';
import { readState, writeState, type RemoteFile, type Transport } from './engine';
import type { DeviceId } from './doc';
import { tooFarAhead } from '../backup';

export const FORGOT_KEY = '~forgotBeforeDay';
const WRITE_EVERY_MS = 10 * 60_000;

/**
 * Whether the history may have changed since this device's seen file was last written or
 * checked. Reading a heavy reader's whole history takes about a second, so "Sync now" reads
 * it only then. Unknown when the worker starts (so true); set by every writer of the history.
 */
let historyChanged = true;
export function seenHistoryChanged(): void {
  historyChanged = true;
}

interface SeenFile {
  format: 'margin-seen';
  version: 1;
  device: DeviceId;
  writtenAt: number;
  clearedAt: number;
  /** Marks of days before this (a day number) were forgotten on purpose. */
  forgotBefore: number;
  /** chunk key → the chunk's Uint16 values, little-endian, base64. */
  chunks: Array<[string, string]>;
}

interface SeenState {
  seen: Record<DeviceId, string>;
  own: string | null;
  lastWriteAt: number;
  /** A hash of what was last written (the file is megabytes; the hash tells if it changed). */
  lastHash: string | null;
}

/** FNV-1a over the text, with its length: enough to tell "changed since last written". */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

function toBase64(chunk: Chunk): string {
  const bytes = new Uint8Array(chunk.length * 2);
  const view = new DataView(bytes.buffer);
  chunk.forEach((v, i) => view.setUint16(i * 2, v, true));
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Chunk | undefined {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return undefined;
  }
  if (bin.length % 2) return undefined;
  const out = new Uint16Array(bin.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bin.charCodeAt(i * 2) | (bin.charCodeAt(i * 2 + 1) << 8);
  return asChunk(out);
}

const CHUNK_KEY = /^(\d{4}\.\d{1,3}|[a-z-]+(\.[A-Za-z-]+)?\/\d{4})$/;

async function decodeSeen(bytes: Uint8Array, now: number): Promise<SeenFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await gunzip(bytes));
  } catch {
    throw new SnapshotError('its seen history is not gzipped JSON');
  }
  const o = raw as Partial<SeenFile>;
  if (!o || o.format !== 'margin-seen' || !Array.isArray(o.chunks)) throw new SnapshotError('its seen history is not a Margin file');
  const time = (v: unknown) => (typeof v === 'number' && v >= 0 && !tooFarAhead(v, now) ? v : 0);
  return {
    format: 'margin-seen',
    version: 1,
    device: deviceId(o.device),
    writtenAt: time(o.writtenAt),
    clearedAt: time(o.clearedAt),
    forgotBefore: typeof o.forgotBefore === 'number' && o.forgotBefore >= 0 && o.forgotBefore < 100_000 ? o.forgotBefore : 0,
    chunks: o.chunks.filter((c): c is [string, string] => Array.isArray(c) && typeof c[0] === 'string' && CHUNK_KEY.test(c[0]) && typeof c[1] === 'string'),
  };
}

export interface SeenResult {
  merged: DeviceId[];
  wrote: boolean;
  marks: number;
}

/**
 * One round for the seen files. `listed`: the transport's listing, already read for the
 * papers; `force`: write now even if the last write was recent ("Sync now").
 */
export async function syncSeen(transport: Transport, listed: RemoteFile[], opts: { device: DeviceId; force: boolean; now?: () => number }): Promise<SeenResult> {
  const now = opts.now ?? Date.now;
  const key = `~seen:${transport.name}`;
  const state = (await readState<SeenState>(key)) ?? { seen: {}, own: null, lastWriteAt: 0, lastHash: null };
  const clearedAt = (await readState<number>(CLEARED_KEY)) ?? 0;
  let forgot = (await readState<number>(FORGOT_KEY)) ?? 0;
  const files = listed.filter((f) => f.kind === 'seen');
  const merged: DeviceId[] = [];
  const nextSeen = { ...state.seen };
  const incoming: SeenFile[] = [];
  for (const f of files) {
    if (f.device === opts.device || state.seen[f.device] === f.tag) continue;
    // A file this device cannot read (another passphrase) is left out, as the papers file is.
    const got = await transport.read(f).catch((err: unknown) => {
      if (err instanceof SnapshotError) return null;
      throw err;
    });
    if (!got) continue;
    const file = await decodeSeen(got.bytes, now()).catch(() => null);
    nextSeen[f.device] = got.tag;
    // Written before the latest "Delete all": its device has not heard of it yet.
    if (!file || file.clearedAt < clearedAt) continue;
    incoming.push(file);
    merged.push(f.device);
  }
  const theirForgot = Math.max(0, ...incoming.map((f) => f.forgotBefore));
  if (theirForgot > forgot) {
    await forgetHistoryBefore(dayStart(theirForgot));
    forgot = theirForgot;
    await writeState(FORGOT_KEY, forgot);
  }

  const marks: MarksByChunk = new Map();
  for (const file of incoming) {
    for (const [k, b64] of file.chunks) {
      const chunk = fromBase64(b64);
      if (!chunk) continue;
      const list = marks.get(k) ?? [];
      for (const [slot, day] of entries(chunk)) if (day >= forgot) list.push([slot, day]);
      marks.set(k, list);
    }
  }
  let added = 0;
  if (marks.size) {
    await transact(['history'], 'readwrite', (tx) => {
      writeMarks(tx, marks, (n) => (added = n));
    });
  }

  let wrote = false;
  let own = state.own;
  let lastWriteAt = state.lastWriteAt;
  let lastHash = state.lastHash;
  const ownListed = files.find((f) => f.device === opts.device);
  if ((opts.force && historyChanged) || added > 0 || !ownListed || now() - state.lastWriteAt >= WRITE_EVERY_MS) {
    historyChanged = false;
    const chunks = await transact(['history'], 'readonly', (tx) => {
      const os = tx.objectStore('history');
      const keys = os.getAllKeys();
      const values = os.getAll();
      return {
        get list() {
          const out: Array<[string, string]> = [];
          (values.result as unknown[]).forEach((v, i) => {
            const chunk = asChunk(v);
            const kept = chunk && forgot ? forgetBefore(chunk, forgot).chunk : chunk;
            if (kept) out.push([String(keys.result[i]), toBase64(kept)]);
          });
          return out;
        },
      };
    }).then((r) => r.list);
    // The file but for when it was written (megabytes for a heavy reader): serialised once,
    // compared by hash with the last one written, and written with the time put in front.
    const body = JSON.stringify({ format: 'margin-seen', version: 1, device: opts.device, clearedAt, forgotBefore: forgot, chunks } satisfies Omit<SeenFile, 'writtenAt'>);
    const bodyHash = hash(body);
    if (bodyHash !== lastHash || !ownListed || ownListed.tag !== own) {
      own = await transport.write({ device: opts.device, kind: 'seen' }, await gzip(`{"writtenAt":${now()},${body.slice(1)}`), ownListed?.tag ?? null);
      lastHash = bodyHash;
      wrote = true;
    }
    lastWriteAt = now();
  }
  await writeState(key, { seen: nextSeen, own, lastWriteAt, lastHash } satisfies SeenState);
  return { merged, wrote, marks: added };
}
