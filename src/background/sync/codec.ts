/**
 * What one device writes for the others: its docs (every paper it has state for, tombstones
 * included) as gzipped JSON. A file comes from the user's own server, but it is still input:
 * each doc is checked before it is merged, and a file that does not check out is refused
 * whole (it is not ours to half-merge), with a message naming the device.
 */
import { isPaperId } from '../../shared/paper-id';
import { LIMITS, normalizeTag, STATUSES, type Status } from '../../shared/record';
import { tooFarAhead } from '../backup';
import type { Clock, DeviceId, NoteValue, PaperDoc, StatusValue } from './doc';

export const FORMAT = 'margin-sync';
export const VERSION = 1;

export interface Snapshot {
  format: typeof FORMAT;
  version: number;
  device: DeviceId;
  /** Shown to the user ("Chromium on Linux"). */
  name: string;
  writtenAt: number;
  /** The latest "Delete all" this device knows of (0: none). */
  clearedAt: number;
  /**
   * The writer's docs version its full file was written at: a full file says which, and a log
   * (the docs changed since) names the full file it follows. Absent in older files.
   */
  base?: number;
  papers: PaperDoc[];
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** The first bytes of an encrypted file (encryption.ts). */
export const ENCRYPTED_MAGIC = new TextEncoder().encode('MRGNENC1');
export const isEncrypted = (bytes: Uint8Array): boolean => bytes.length > ENCRYPTED_MAGIC.length && ENCRYPTED_MAGIC.every((b, i) => bytes[i] === b);

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export const encodeSnapshot = (s: Snapshot): Promise<Uint8Array> => gzip(JSON.stringify(s));

export async function decodeSnapshot(bytes: Uint8Array, now = Date.now()): Promise<Snapshot> {
  if (isEncrypted(bytes)) throw new SnapshotError('it is encrypted with a passphrase: enter the same passphrase in Sync on this computer');
  let raw: unknown;
  try {
    raw = JSON.parse(await gunzip(bytes));
  } catch {
    throw new SnapshotError('it is not a Margin sync file (not gzipped JSON)');
  }
  return checkSnapshot(raw, now);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(why: string): never {
  throw new SnapshotError(why);
}

export function checkSnapshot(raw: unknown, now = Date.now()): Snapshot {
  if (!isObj(raw) || raw.format !== FORMAT) bad('it is not a Margin sync file');
  if (typeof raw.version !== 'number' || raw.version > VERSION) bad(`it was written by a newer Margin (format ${String(raw.version)}); update Margin on this computer`);
  const device = deviceId(raw.device);
  const time = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(`${what} is not a time`);
    if (tooFarAhead(v as number, now)) bad(`${what} is more than a day ahead of this computer's clock`);
    return v as number;
  };
  if (!Array.isArray(raw.papers)) bad('it has no list of papers');
  const papers = (raw.papers as unknown[]).map((p, i) => checkDoc(p, i, time));
  return {
    format: FORMAT,
    version: VERSION,
    device,
    name: typeof raw.name === 'string' ? raw.name.slice(0, 100) : '',
    writtenAt: time(raw.writtenAt, 'its time'),
    clearedAt: time(raw.clearedAt ?? 0, 'its "Delete all" time'),
    ...(typeof raw.base === 'number' && Number.isSafeInteger(raw.base) && raw.base >= 0 ? { base: raw.base } : {}),
    papers,
  };
}

export function deviceId(v: unknown): DeviceId {
  if (typeof v !== 'string' || !/^[a-z0-9]{6,40}$/.test(v)) bad('its device id is malformed');
  return v as DeviceId;
}

function checkDoc(raw: unknown, index: number, time: (v: unknown, what: string) => number): PaperDoc {
  const where = `paper ${index + 1}`;
  if (!isObj(raw) || !isPaperId(raw.id)) bad(`${where} has no paper id`);
  const o = raw as Obj;
  const clock = (v: unknown): Clock => {
    if (!isObj(v)) bad(`${where}: a version is malformed`);
    const out: Clock = {};
    for (const [d, n] of Object.entries(v as Obj)) {
      deviceId(d);
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) bad(`${where}: a version is malformed`);
      out[d] = n as number;
    }
    return out;
  };
  const tags: PaperDoc['tags'] = {};
  if (!isObj(o.tags)) bad(`${where}: its tags are malformed`);
  const tagEntries = Object.entries(o.tags as Obj);
  if (tagEntries.length > LIMITS.tagsPerPaper * 4) bad(`${where} has too many tags`);
  for (const [tag, per] of tagEntries) {
    let spelled: string;
    try {
      spelled = normalizeTag(tag);
    } catch {
      return bad(`${where}: a tag is malformed`);
    }
    if (spelled !== tag || !isObj(per)) bad(`${where}: tag "${tag.slice(0, 40)}" is malformed`);
    const out: Record<DeviceId, [number, number]> = {};
    for (const [d, pair] of Object.entries(per as Obj)) {
      deviceId(d);
      if (!Array.isArray(pair) || pair.length !== 2) bad(`${where}: tag "${tag}" is malformed`);
      out[d] = [time(pair[0], `${where}'s tag stamp`), time(pair[1], `${where}'s tag stamp`)];
    }
    tags[tag] = out;
  }
  if (!Array.isArray(o.note) || o.note.length > 20) bad(`${where}: its note is malformed`);
  const note = (o.note as unknown[]).map((v): NoteValue => {
    if (!isObj(v) || typeof v.t !== 'string' || v.t.length > LIMITS.noteLength) bad(`${where}: its note is malformed`);
    const n = v as Obj;
    return { t: n.t as string, vv: clock(n.vv), at: time(n.at, `${where}'s note time`), d: deviceId(n.d) };
  });
  let status: StatusValue | null = null;
  if (o.status !== null && o.status !== undefined) {
    const s = o.status;
    if (!isObj(s) || !STATUSES.includes(s.s as Status)) bad(`${where}: its status is malformed`);
    const st = s as Obj;
    const opt = (v: unknown, what: string) => (v === null ? null : time(v, what));
    status = { s: st.s as Status, q: opt(st.q, `${where}'s queue time`), p: typeof st.p === 'number' && Number.isFinite(st.p) ? st.p : st.p === null ? null : bad(`${where}: its queue place is malformed`), at: time(st.at, `${where}'s status time`), d: deviceId(st.d) };
  }
  let meta: PaperDoc['meta'] = null;
  if (o.meta !== null && o.meta !== undefined) {
    const m = o.meta;
    if (!isObj(m)) bad(`${where}: its title is malformed`);
    const mm = m as Obj;
    const text = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : bad(`${where}: its title or link is malformed`));
    const url = text(mm.url, LIMITS.urlLength);
    if (url && !/^https?:\/\//i.test(url)) bad(`${where}: its link is not a web address`);
    const authors = Array.isArray(mm.authors) && mm.authors.length <= LIMITS.authors ? mm.authors.map((a) => text(a, LIMITS.authorLength)) : bad(`${where}: its authors are malformed`);
    const primaryClass = mm.primaryClass === null || mm.primaryClass === undefined ? null : text(mm.primaryClass, LIMITS.primaryClassLength);
    meta = { title: text(mm.title, LIMITS.titleLength), url, authors, primaryClass, at: time(mm.at, `${where}'s title time`) };
  }
  return {
    id: o.id as PaperDoc['id'],
    meta,
    tags,
    note,
    status,
    seen: o.seen === null || o.seen === undefined ? null : time(o.seen, `${where}'s seen time`),
    created: time(o.created ?? 0, `${where}'s creation time`),
  };
}
