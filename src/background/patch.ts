/**
 * Applying a change to a record: pure functions, so the rules (tag spelling, queue place,
 * per-field stamps) are tested without a browser and run inside one store transaction.
 */
import type { PaperMeta, Patch } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { emptyRecord, inQueue, InputError, LIMITS, normalizeTag, SCHEMA_VERSION, type PaperRecord } from '../shared/record';

export function applyPatch(
  current: PaperRecord | undefined,
  id: PaperId,
  patch: Patch,
  meta: PaperMeta | undefined,
  now: number,
): PaperRecord {
  const r: PaperRecord = current
    ? { ...current, tags: [...current.tags], authors: [...current.authors], stamps: { ...current.stamps } }
    : emptyRecord(id, now);
  let changed = !current;

  if (patch.addTags || patch.removeTags) {
    const remove = new Set((patch.removeTags ?? []).map(normalizeTag));
    const tags = r.tags.filter((t) => !remove.has(t));
    for (const raw of patch.addTags ?? []) {
      const tag = normalizeTag(raw);
      if (!tags.includes(tag)) tags.push(tag);
    }
    if (tags.length > LIMITS.tagsPerPaper) {
      throw new InputError(`A paper can have at most ${LIMITS.tagsPerPaper} tags.`);
    }
    if (tags.join('\n') !== r.tags.join('\n')) {
      r.tags = tags;
      r.stamps.tags = now;
      changed = true;
    }
  }

  if (patch.note !== undefined && patch.note !== r.note) {
    r.note = patch.note;
    r.stamps.note = now;
    changed = true;
  }

  // Writing the note keeps the other versions: only resolving (a choice the user made
  // looking at them) drops them.
  if (patch.resolveNote && r.noteConflicts?.length) {
    r.noteConflicts = [];
    r.stamps.note = now;
    changed = true;
  }

  if (patch.status !== undefined && patch.status !== r.status) {
    if (inQueue(patch.status) && !inQueue(r.status)) {
      // Appending: `now` grows, so a newly queued paper goes last. Moves pick midpoints.
      r.queuedAt = now;
      r.queuePos = now;
    } else if (!inQueue(patch.status)) {
      r.queuedAt = null;
      r.queuePos = null;
    }
    r.status = patch.status;
    r.stamps.status = now;
    changed = true;
  }

  if (meta && fillMeta(r, meta)) changed = true;

  if (changed) {
    r.v = SCHEMA_VERSION;
    r.updatedAt = now;
  }
  return r;
}

/** Title, URL and authors come from pages; the latest non-empty value wins. */
export function fillMeta(r: PaperRecord, meta: PaperMeta): boolean {
  let changed = false;
  const title = meta.title?.replace(/\s+/g, ' ').trim();
  if (title && title !== r.title) {
    r.title = title;
    changed = true;
  }
  if (meta.url && meta.url !== r.url && /^https?:\/\//.test(meta.url)) {
    r.url = meta.url;
    changed = true;
  }
  const authors = meta.authors?.map((a) => a.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (authors && authors.length > 0 && authors.join('\n') !== r.authors.join('\n')) {
    r.authors = authors;
    changed = true;
  }
  if (meta.primaryClass && meta.primaryClass !== r.primaryClass) {
    r.primaryClass = meta.primaryClass;
    changed = true;
  }
  return changed;
}
