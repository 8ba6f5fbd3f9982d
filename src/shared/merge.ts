/**
 * Two versions of one paper's record made one, field by field: for each field the user
 * edits (tags, note, status) the side with the later stamp wins. Used when a backup joins
 * the library, and by tabs when answers and broadcasts arrive out of order.
 */
import type { NoteConflict, PaperRecord } from './record';

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

/**
 * A backup's record joined to the library's: field by field as mergeRecord does, but a note
 * is never dropped. When the two notes differ, the one that loses by its stamp is kept as
 * another version (NoteConflict), as sync keeps two computers' concurrent edits, for the
 * user to choose; versions either side already had are kept too. Importing the same file
 * again changes nothing.
 */
export function mergeImported(mine: PaperRecord | undefined, theirs: PaperRecord): PaperRecord {
  const out = mergeRecord(mine, theirs);
  if (!mine) return out;
  const loser = out.note === theirs.note && theirs.stamps.note > mine.stamps.note ? mine : theirs;
  const texts = new Set([out.note]);
  const versions: NoteConflict[] = [];
  const keep = (c: NoteConflict) => {
    if (c.text === '' || texts.has(c.text)) return;
    texts.add(c.text);
    versions.push(c);
  };
  for (const c of [...(mine.noteConflicts ?? []), ...(theirs.noteConflicts ?? [])]) keep(c);
  if (loser.note !== out.note) keep({ text: loser.note, at: loser.stamps.note });
  if (versions.length) out.noteConflicts = versions;
  else delete out.noteConflicts;
  return out;
}
