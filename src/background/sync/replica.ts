/**
 * The bridge between the library's records and sync's docs. Every writer in Margin (the
 * overlay, the popup, imports, tag renames, "Delete all") writes records only; sync finds
 * what changed by comparing each record with the doc it was last synced as (the shadow),
 * turns the difference into edits on the doc, merges in what other devices sent, and writes
 * back the record the merged doc shows. Pure: the engine does this inside one transaction.
 */
import type { PaperId } from '../../shared/paper-id';
import { emptyRecord, SCHEMA_VERSION, type PaperRecord } from '../../shared/record';
import {
  addTag,
  docHasState,
  emptyDoc,
  mergeDocs,
  pruneDoc,
  removeTag,
  sameDoc,
  setMeta,
  setNote,
  setStatus,
  viewOf,
  type DeviceId,
  type DocView,
  type PaperDoc,
} from './doc';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && b.every((x) => a.includes(x));
const conflictTexts = (r: PaperRecord | DocView) => (r.noteConflicts ?? []).map((c) => c.text);

/**
 * The user's edits since the doc was last synced, made edits on (a copy of) the doc. They
 * are stamped when the record says they were made, but never before `floor` (just after the
 * last "Delete all"): a paper restored from an old backup after it is new again, not deleted.
 */
export function withLocalEdits(shadow: PaperDoc | undefined, record: PaperRecord | undefined, dev: DeviceId, now: number, floor = 0): PaperDoc {
  const when = (t: number) => Math.max(t || now, floor);
  if (!shadow && !record) throw new Error('Nothing to sync');
  const doc: PaperDoc = shadow ? structuredClone(shadow) : emptyDoc(record!.id, record!.createdAt);
  const was = viewOf(doc);
  if (!record) {
    // The record is gone: "Delete all" (the only way a record leaves the library).
    for (const tag of was.tags) removeTag(doc, tag);
    if (was.note !== '' || was.noteConflicts.length) setNote(doc, '', dev, now);
    if (was.status !== 'none') setStatus(doc, 'none', null, null, dev, now);
    return doc;
  }
  if (!sameSet(was.tags, record.tags)) {
    const at = when(record.stamps.tags);
    for (const tag of was.tags) if (!record.tags.includes(tag)) removeTag(doc, tag);
    for (const tag of record.tags) if (!was.tags.includes(tag)) addTag(doc, tag, dev, at);
  }
  const conflicts = conflictTexts(record);
  if (record.note !== was.note || !sameSet(conflicts, conflictTexts(was))) {
    // The versions still listed as conflicts on this record stay; the rest it has replaced.
    const keep = new Set(conflicts);
    const kept = doc.note.filter((v) => keep.has(v.t) && v.t !== record.note);
    doc.note = doc.note.filter((v) => !kept.includes(v));
    setNote(doc, record.note, dev, when(record.stamps.note));
    doc.note.push(...kept);
  }
  // A status written since the last sync, even back to the synced value (queued, then done
  // again), is a write: its stamp is newer than the synced one.
  const statusWritten = record.status !== was.status || record.stamps.status > was.stamps.status;
  if (statusWritten || record.queuedAt !== was.queuedAt || record.queuePos !== was.queuePos) {
    // Stamped when it was made: a later edit of the tags or the note must not make it newer
    // (a move stamps the status too, handlers.ts). A record from before that: its updatedAt.
    const at = statusWritten ? record.stamps.status : Math.max(record.stamps.status, record.updatedAt);
    setStatus(doc, record.status, record.queuedAt, record.queuePos, dev, when(at));
  }
  const meta = { title: record.title, url: record.url, authors: record.authors, primaryClass: record.primaryClass };
  const m = doc.meta;
  if (!m || m.title !== meta.title || m.url !== meta.url || !sameList(m.authors, meta.authors) || m.primaryClass !== meta.primaryClass) {
    if (meta.title || meta.url || meta.authors.length) setMeta(doc, meta, when(record.updatedAt));
  }
  if (record.firstSeenAt !== null && (doc.seen === null || record.firstSeenAt < doc.seen)) doc.seen = record.firstSeenAt;
  doc.created = Math.min(doc.created, record.createdAt);
  return doc;
}

export interface Reconciled {
  /** The doc to keep as the shadow (and to send), or undefined when it did not change. */
  doc: PaperDoc | undefined;
  /** The record to write, or undefined when it stays as it is. */
  record: PaperRecord | undefined;
}

/**
 * One paper: local edits, then every remote doc, then what "Delete all" removed. Returns
 * what to write (nothing when nothing changed). `now` stamps local edits whose record does
 * not say when they were made; `localClearedAt` is this computer's own last "Delete all"
 * (edits here after it are new, whatever their stamps say), `clearedAt` the latest known.
 */
export function reconcile(
  id: PaperId,
  shadow: PaperDoc | undefined,
  record: PaperRecord | undefined,
  remote: readonly PaperDoc[],
  dev: DeviceId,
  clearedAt: number,
  now: number,
  localClearedAt = clearedAt,
): Reconciled {
  let doc = shadow || record ? withLocalEdits(shadow, record, dev, now, localClearedAt ? localClearedAt + 1 : 0) : emptyDoc(id, remote[0]?.created ?? now);
  for (const r of remote) doc = mergeDocs(doc, r);
  doc = pruneDoc(doc, clearedAt);
  const v = viewOf(doc);
  return { doc: shadow && sameDoc(shadow, doc) ? undefined : doc, record: recordFor(record, doc, v, now) };
}

/** The record the doc shows, or undefined when `record` already shows it. */
function recordFor(record: PaperRecord | undefined, doc: PaperDoc, v: DocView, now: number): PaperRecord | undefined {
  if (!record && !docHasState(v)) return undefined; // a deleted paper stays deleted
  const base: PaperRecord = record ?? { ...emptyRecord(doc.id, doc.created), firstSeenAt: doc.seen };
  // Keep the record's own order for tags it has; new ones go after.
  const tags = [...base.tags.filter((t) => v.tags.includes(t)), ...v.tags.filter((t) => !base.tags.includes(t))];
  const same =
    record &&
    sameList(record.tags, tags) &&
    record.note === v.note &&
    sameSet(conflictTexts(record), conflictTexts(v)) &&
    record.status === v.status &&
    record.queuedAt === v.queuedAt &&
    record.queuePos === v.queuePos &&
    (!doc.meta || doc.meta.at <= record.updatedAt || record.title === doc.meta.title);
  if (same) return undefined;
  const out: PaperRecord = {
    ...base,
    v: SCHEMA_VERSION,
    tags,
    note: v.note,
    status: v.status,
    queuedAt: v.queuedAt,
    queuePos: v.queuePos,
    stamps: { tags: Math.max(base.stamps.tags, v.stamps.tags), note: Math.max(base.stamps.note, v.stamps.note), status: Math.max(base.stamps.status, v.stamps.status) },
    updatedAt: Math.max(base.updatedAt, now),
  };
  if (v.noteConflicts.length) out.noteConflicts = v.noteConflicts;
  else delete out.noteConflicts;
  // Open pages take a record's note (and its other versions) by the note's stamp.
  if (!sameSet(conflictTexts(base), conflictTexts(v))) out.stamps.note = Math.max(out.stamps.note, now);
  if (doc.meta && (!record || doc.meta.at > record.updatedAt)) {
    if (doc.meta.title) out.title = doc.meta.title;
    if (doc.meta.url) out.url = doc.meta.url;
    if (doc.meta.authors.length) out.authors = doc.meta.authors;
    if (doc.meta.primaryClass) out.primaryClass = doc.meta.primaryClass;
  }
  if (doc.seen !== null && (out.firstSeenAt === null || doc.seen < out.firstSeenAt)) out.firstSeenAt = doc.seen;
  return out;
}
