/**
 * A paper as sync sees it: the user's state with enough history to merge two computers'
 * edits without losing either, whatever order they arrive in (a state-based CRDT: `mergeDocs`
 * is commutative, associative and idempotent, so every device that has seen the same edits
 * shows the same thing).
 *
 * - Tags: a set per paper (an OR-set). Each device numbers its own additions of a tag; a
 *   removal records the numbers it had seen. A tag is on while some device's latest addition
 *   is newer than the removals that saw it: a removal wins only over additions it had seen.
 * - Note: a multi-value register. Each edit carries a version vector (edits per device it
 *   had seen). An edit that had seen another replaces it; two that had not seen each other
 *   are both kept: the later shown as the note, the other as a conflict until the user
 *   writes or picks one (an edit that has seen both).
 * - Status with queue place: last writer wins, by stamp, then device, then value.
 * - "Delete all" at time T (`clearedAt`): everything stamped at or before T is gone on every
 *   device, including edits a stale device made before T and never sent.
 *
 * Pure functions: the engine reads and writes docs in the store; tests check the laws here.
 */
import type { PaperId } from '../../shared/paper-id';
import type { NoteConflict, Status } from '../../shared/record';

export type DeviceId = string;
/** Per device, the highest edit number seen. */
export type Clock = Record<DeviceId, number>;

export interface NoteValue {
  /** The text ('' for a note taken off). */
  t: string;
  vv: Clock;
  /** When it was written (wall clock, Lamport-bumped past what it replaced). */
  at: number;
  d: DeviceId;
}

export interface StatusValue {
  s: Status;
  /** queuedAt, queuePos */
  q: number | null;
  p: number | null;
  at: number;
  d: DeviceId;
}

export interface MetaValue {
  title: string;
  url: string;
  authors: string[];
  primaryClass: string | null;
  at: number;
}

export interface PaperDoc {
  id: PaperId;
  meta: MetaValue | null;
  /** tag → device → [latest addition, latest addition a removal had seen]. */
  tags: Record<string, Record<DeviceId, [number, number]>>;
  /** No value: never written. Several: concurrent edits (conflicts). */
  note: NoteValue[];
  status: StatusValue | null;
  seen: number | null;
  created: number;
}

export const emptyDoc = (id: PaperId, created: number): PaperDoc => ({ id, meta: null, tags: {}, note: [], status: null, seen: null, created });

const leq = (a: Clock, b: Clock): boolean => Object.keys(a).every((k) => a[k]! <= (b[k] ?? 0));
const sameClock = (a: Clock, b: Clock): boolean => leq(a, b) && leq(b, a);
function joinClocks(values: readonly { vv: Clock }[]): Clock {
  const out: Clock = {};
  for (const v of values) for (const [k, n] of Object.entries(v.vv)) out[k] = Math.max(out[k] ?? 0, n);
  return out;
}

/** Stable order for ties, so every device picks the same winner. */
function later<T extends { at: number; d: DeviceId }>(a: T, b: T): T {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  if (a.d !== b.d) return a.d > b.d ? a : b;
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}

/** The note values neither replaced by another, one per version. */
function mergeNotes(a: readonly NoteValue[], b: readonly NoteValue[]): NoteValue[] {
  const all = [...a, ...b];
  const out: NoteValue[] = [];
  for (const v of all) {
    if (all.some((w) => w !== v && leq(v.vv, w.vv) && !sameClock(v.vv, w.vv))) continue; // replaced
    const twin = out.findIndex((w) => sameClock(v.vv, w.vv));
    if (twin < 0) out.push(v);
    else out[twin] = later(out[twin]!, v);
  }
  return out.sort((x, y) => (later(x, y) === x ? -1 : 1));
}

export function mergeDocs(a: PaperDoc, b: PaperDoc): PaperDoc {
  const tags: PaperDoc['tags'] = {};
  for (const tag of new Set([...Object.keys(a.tags), ...Object.keys(b.tags)])) {
    const x = a.tags[tag] ?? {};
    const y = b.tags[tag] ?? {};
    const per: Record<DeviceId, [number, number]> = {};
    for (const d of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const [xa, xr] = x[d] ?? [0, 0];
      const [ya, yr] = y[d] ?? [0, 0];
      per[d] = [Math.max(xa, ya), Math.max(xr, yr)];
    }
    tags[tag] = per;
  }
  const meta = !a.meta ? b.meta : !b.meta ? a.meta : a.meta.at !== b.meta.at ? (a.meta.at > b.meta.at ? a.meta : b.meta) : JSON.stringify(a.meta) >= JSON.stringify(b.meta) ? a.meta : b.meta;
  const seen = a.seen === null ? b.seen : b.seen === null ? a.seen : Math.min(a.seen, b.seen);
  return {
    id: a.id,
    meta,
    tags,
    note: mergeNotes(a.note, b.note),
    status: !a.status ? b.status : !b.status ? a.status : later(a.status, b.status),
    seen,
    created: Math.min(a.created, b.created),
  };
}

/** Takes away what "Delete all" at `clearedAt` deleted. Idempotent; commutes with merging. */
export function pruneDoc(doc: PaperDoc, clearedAt: number): PaperDoc {
  if (!clearedAt) return doc;
  let touched = false;
  const tags: PaperDoc['tags'] = {};
  for (const [tag, per] of Object.entries(doc.tags)) {
    const out: Record<DeviceId, [number, number]> = {};
    for (const [d, [add, rem]] of Object.entries(per)) {
      if (add <= clearedAt && rem < add) touched = true;
      out[d] = add <= clearedAt ? [add, add] : [add, rem];
    }
    tags[tag] = out;
  }
  const note = doc.note.filter((v) => v.at > clearedAt);
  const status = doc.status && doc.status.at <= clearedAt ? null : doc.status;
  const seen = doc.seen !== null && doc.seen <= clearedAt ? null : doc.seen;
  if (!touched && note.length === doc.note.length && status === doc.status && seen === doc.seen) return doc;
  return { ...doc, tags, note, status, seen };
}

/** What a doc shows: the fields of the paper's record that sync owns. */
export interface DocView {
  tags: string[];
  note: string;
  noteConflicts: NoteConflict[];
  status: Status;
  queuedAt: number | null;
  queuePos: number | null;
  stamps: { tags: number; note: number; status: number };
}

export function viewOf(doc: PaperDoc): DocView {
  const on: Array<[string, number]> = [];
  let tagStamp = 0;
  for (const [tag, per] of Object.entries(doc.tags)) {
    let first = Infinity;
    let present = false;
    for (const [add, rem] of Object.values(per)) {
      tagStamp = Math.max(tagStamp, add, rem);
      if (add > rem) {
        present = true;
        first = Math.min(first, add);
      }
    }
    if (present) on.push([tag, first]);
  }
  on.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
  const [shown, ...others] = doc.note; // mergeNotes keeps the latest first
  const noteConflicts = others.filter((v) => v.t !== '' && v.t !== shown?.t).map((v) => ({ text: v.t, at: v.at, device: v.d }));
  const s = doc.status;
  return {
    tags: on.map(([t]) => t),
    note: shown?.t ?? '',
    noteConflicts: dedupeConflicts(noteConflicts),
    status: s?.s ?? 'none',
    queuedAt: s?.q ?? null,
    queuePos: s?.p ?? null,
    stamps: { tags: tagStamp, note: shown?.at ?? 0, status: s?.at ?? 0 },
  };
}

function dedupeConflicts(list: NoteConflict[]): NoteConflict[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.text) ? false : (seen.add(c.text), true)));
}

// --- Local edits, made by one device on the doc it has. Each bumps its stamp past what it
// replaces (a clock behind another computer's must not make the user's newest edit lose).

export function addTag(doc: PaperDoc, tag: string, dev: DeviceId, now: number): void {
  const per = (doc.tags[tag] ??= {});
  const [add, rem] = per[dev] ?? [0, 0];
  if (Object.values(per).some(([a, r]) => a > r)) return; // already on
  per[dev] = [Math.max(now, add + 1, rem + 1), rem];
}

export function removeTag(doc: PaperDoc, tag: string): void {
  const per = doc.tags[tag];
  if (!per) return;
  for (const d of Object.keys(per)) per[d] = [per[d]![0], per[d]![0]];
}

/** Writes the note, replacing every version this device has (conflicts included). */
export function setNote(doc: PaperDoc, text: string, dev: DeviceId, now: number): void {
  const vv = joinClocks(doc.note);
  vv[dev] = (vv[dev] ?? 0) + 1;
  const at = Math.max(now, ...doc.note.map((v) => v.at + 1));
  doc.note = [{ t: text, vv, at, d: dev }];
}

export function setStatus(doc: PaperDoc, s: Status, q: number | null, p: number | null, dev: DeviceId, now: number): void {
  doc.status = { s, q, p, at: Math.max(now, (doc.status?.at ?? 0) + 1), d: dev };
}

export function setMeta(doc: PaperDoc, meta: Omit<MetaValue, 'at'>, now: number): void {
  doc.meta = { ...meta, at: Math.max(now, (doc.meta?.at ?? 0) + 1) };
}

/** True when the doc carries any user state worth a record (not only a title). */
export function docHasState(v: DocView): boolean {
  return v.tags.length > 0 || v.note !== '' || v.noteConflicts.length > 0 || v.status !== 'none';
}

/** JSON with object keys sorted: two docs that mean the same print the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sameDoc = (a: PaperDoc, b: PaperDoc): boolean => canonical(a) === canonical(b);
