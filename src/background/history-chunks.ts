/**
 * The seen history in compact form: "has this paper been shown to the user, and on which
 * day". A heavy reader is shown a million papers in a year or two, nearly all of arXiv, so
 * one record per paper (an id, a title, authors, times: ~300 bytes on disk) would make the
 * history two orders of magnitude larger than the user's own library. Here a paper costs
 * two bytes, or four where its neighbours were not seen.
 *
 * arXiv numbers papers by month (`2412.13795`: December 2024, paper 13795), so the history
 * is cut into chunks of 1024 consecutive numbers of one month (`2412.13`: 13312–14335), or
 * one month of an old-style archive (`hep-th/9901`: numbers 000–999). A chunk is a
 * Uint16Array of day numbers (days since 1970-01-01, UTC; 0 = not seen):
 *   - dense: exactly 1024 entries, slot i = the day paper i of the chunk was first seen;
 *   - sparse (fewer than 512 papers seen): pairs [slot, day, slot, day, …], slots ascending.
 * The two are told apart by length (a sparse chunk is at most 1022 entries long).
 */
import type { PaperId } from '../shared/paper-id';

export const CHUNK_SLOTS = 1024;
const DAY_MS = 86_400_000;

export type Chunk = Uint16Array;

export interface Slot {
  key: string;
  slot: number;
}

/** Where a paper's seen mark lives. Ids are canonical (`arxiv:…`), so this never fails. */
export function slotOf(id: PaperId): Slot {
  const s = id.slice(6); // after "arxiv:"
  const dot = s.indexOf('.');
  if (dot === 4 && !s.includes('/')) {
    const n = Number(s.slice(5));
    return { key: `${s.slice(0, 4)}.${Math.floor(n / CHUNK_SLOTS)}`, slot: n % CHUNK_SLOTS };
  }
  // Old style: archive/YYMMNNN.
  return { key: s.slice(0, -3), slot: Number(s.slice(-3)) };
}

/** The paper at a chunk's slot: the inverse of slotOf. */
export function idAt(key: string, slot: number): PaperId {
  const dot = key.indexOf('.');
  if (dot === 4 && !key.includes('/')) {
    const n = Number(key.slice(5)) * CHUNK_SLOTS + slot;
    // Papers 0704–1412 have four-digit numbers, later ones five.
    const digits = Number(key.slice(0, 2)) >= 15 ? 5 : 4;
    return `arxiv:${key.slice(0, 4)}.${String(n).padStart(digits, '0')}` as PaperId;
  }
  return `arxiv:${key}${String(slot).padStart(3, '0')}` as PaperId;
}

export const dayOf = (ms: number): number => Math.max(1, Math.floor(ms / DAY_MS));
export const dayStart = (day: number): number => day * DAY_MS;

/** The day the slot was first seen, 0 if never. */
export function dayAt(chunk: Chunk | undefined, slot: number): number {
  if (!chunk) return 0;
  if (chunk.length === CHUNK_SLOTS) return chunk[slot]!;
  // Sparse: binary search over the slots (even entries).
  let lo = 0;
  let hi = chunk.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = chunk[mid * 2]!;
    if (s === slot) return chunk[mid * 2 + 1]!;
    if (s < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Every (slot, day) of a chunk, slots ascending. */
export function* entries(chunk: Chunk): Generator<[slot: number, day: number]> {
  if (chunk.length === CHUNK_SLOTS) {
    for (let i = 0; i < CHUNK_SLOTS; i++) if (chunk[i]) yield [i, chunk[i]!];
  } else {
    for (let i = 0; i < chunk.length; i += 2) yield [chunk[i]!, chunk[i + 1]!];
  }
}

export function countOf(chunk: Chunk): number {
  if (chunk.length !== CHUNK_SLOTS) return chunk.length / 2;
  let n = 0;
  for (let i = 0; i < CHUNK_SLOTS; i++) if (chunk[i]) n++;
  return n;
}

/** A chunk in its smaller form (undefined when nothing in it is seen). */
function pack(days: Uint16Array): Chunk | undefined {
  let n = 0;
  for (let i = 0; i < CHUNK_SLOTS; i++) if (days[i]) n++;
  if (n === 0) return undefined;
  if (n * 2 >= CHUNK_SLOTS) return days;
  const out = new Uint16Array(n * 2);
  let j = 0;
  for (let i = 0; i < CHUNK_SLOTS; i++) {
    if (days[i]) {
      out[j++] = i;
      out[j++] = days[i]!;
    }
  }
  return out;
}

function unpack(chunk: Chunk | undefined): Uint16Array {
  if (chunk && chunk.length === CHUNK_SLOTS) return new Uint16Array(chunk);
  const days = new Uint16Array(CHUNK_SLOTS);
  if (chunk) for (const [slot, day] of entries(chunk)) days[slot] = day;
  return days;
}

/**
 * Adds seen marks (slot → day) to a chunk, keeping the earlier day where both have one.
 * Returns the new chunk, or null when nothing changed (so nothing needs writing).
 */
export function addMarks(chunk: Chunk | undefined, marks: Iterable<[slot: number, day: number]>): Chunk | null {
  const days = unpack(chunk);
  let changed = false;
  for (const [slot, day] of marks) {
    const had = days[slot]!;
    if (had === 0 || day < had) {
      days[slot] = day;
      changed = true;
    }
  }
  return changed ? pack(days)! : null;
}

/** Drops the marks of days before `beforeDay`: the chunk left, and how many were dropped. */
export function forgetBefore(chunk: Chunk, beforeDay: number): { chunk: Chunk | undefined; dropped: number } {
  const days = unpack(chunk);
  let dropped = 0;
  for (let i = 0; i < CHUNK_SLOTS; i++) {
    if (days[i] && days[i]! < beforeDay) {
      days[i] = 0;
      dropped++;
    }
  }
  return { chunk: dropped ? pack(days) : chunk, dropped };
}

/** A stored value, checked: anything else found under a history key is ignored. */
export function asChunk(v: unknown): Chunk | undefined {
  if (!(v instanceof Uint16Array)) return undefined;
  if (v.length === CHUNK_SLOTS || (v.length % 2 === 0 && v.length < CHUNK_SLOTS)) return v;
  return undefined;
}
