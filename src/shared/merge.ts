/**
 * Two versions of one paper's record made one, field by field: for each field the user
 * edits (tags, note, status) the side with the later stamp wins. Used when a backup joins
 * the library, and by tabs when answers and broadcasts arrive out of order.
 */
import type { PaperRecord } from './record';

/** Field-by-field merge: for each user field the side with the later stamp wins. */
export function mergeRecord(mine: PaperRecord | undefined, theirs: PaperRecord): PaperRecord {
  if (!mine) return theirs;
  const out: PaperRecord = { ...mine, stamps: { ...mine.stamps } };
  if (theirs.stamps.tags > mine.stamps.tags) {
    out.tags = theirs.tags;
    out.stamps.tags = theirs.stamps.tags;
  }
  if (theirs.stamps.note > mine.stamps.note) {
    out.note = theirs.note;
    // The other versions of the note go with it (resolving one stamps the note).
    if (theirs.noteConflicts?.length) out.noteConflicts = theirs.noteConflicts;
    else delete out.noteConflicts;
    out.stamps.note = theirs.stamps.note;
  }
  if (theirs.stamps.status > mine.stamps.status) {
    out.status = theirs.status;
    out.queuedAt = theirs.queuedAt;
    out.queuePos = theirs.queuePos;
    out.stamps.status = theirs.stamps.status;
  }
  const theirsNewer = theirs.updatedAt > mine.updatedAt;
  if (theirs.title && (!mine.title || theirsNewer)) out.title = theirs.title;
  if (theirs.url && (!mine.url || theirsNewer)) out.url = theirs.url;
  if (theirs.authors.length && (!mine.authors.length || theirsNewer)) out.authors = theirs.authors;
  if (theirs.primaryClass && (!mine.primaryClass || theirsNewer)) out.primaryClass = theirs.primaryClass;
  const seen = [mine.firstSeenAt, theirs.firstSeenAt].filter((t): t is number => t !== null);
  out.firstSeenAt = seen.length ? Math.min(...seen) : null;
  out.createdAt = Math.min(mine.createdAt, theirs.createdAt);
  out.updatedAt = Math.max(mine.updatedAt, theirs.updatedAt);
  return out;
}

/** Field by field (not by serialised text: a migrated record may order its keys otherwise). */
export function sameRecord(a: PaperRecord, b: PaperRecord): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PaperRecord>;
  for (const k of keys) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
}
