/**
 * Backups that lose nothing. A backup's papers are checked completely before anything is
 * written; then each is merged with the library field by field, the newer edit winning by
 * its stamp, so importing another computer's backup joins the two libraries and importing
 * the same file twice changes nothing.
 */
import type { ImportReport } from '../shared/messages';
import { isPaperId } from '../shared/paper-id';
import { InputError, LIMITS, normalizeTag, PRIMARY_CLASS, SCHEMA_VERSION, STATUSES, type NoteConflict, type PaperRecord, type Status } from '../shared/record';

type Obj = Record<string, unknown>;

/**
 * A time from outside (a backup) may be at most a day ahead of this computer's clock: two
 * computers' clocks differ by minutes, not days, and a far-future stamp would win every
 * later merge, so one bad file could pin its values over every edit the user makes after.
 */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;
export const tooFarAhead = (time: number, now: number): boolean => time > now + MAX_CLOCK_AHEAD_MS;

/** One backup paper → a record, or InputError naming the paper and the field. */
export function checkBackupPaper(raw: unknown, index: number, now = Date.now()): PaperRecord {
  const where = `Paper ${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`${where} is not an object.`);
  const o = raw as Obj;
  const fail = (field: string, why: string): never => {
    throw new InputError(`${where}${typeof o.id === 'string' ? ` (${o.id.slice(0, 60)})` : ''}: ${field} ${why}.`);
  };
  if (!isPaperId(o.id)) fail('"id"', 'is not a paper id');
  const text = (field: string, max: number, fallback = ''): string => {
    const v = o[field] ?? fallback;
    if (typeof v !== 'string') return fail(`"${field}"`, 'must be text');
    if (v.length > max) return fail(`"${field}"`, `is too long (${v.length} characters; at most ${max})`);
    return v;
  };
  // A backup is a file from anywhere: only web links may come back as a paper's link.
  const webUrl = (u: string): string => (u === '' || /^https?:\/\//i.test(u) ? u : fail('"url"', 'is not a web address'));
  const time = (v: unknown, field: string, nullable: boolean): number | null => {
    if (v === null && nullable) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return fail(`"${field}"`, 'must be a time');
    if (tooFarAhead(v, now)) return fail(`"${field}"`, "is a time more than a day ahead of this computer's clock");
    return v;
  };
  const list = (field: string, max: number): unknown[] => {
    const v = o[field] ?? [];
    if (!Array.isArray(v)) return fail(`"${field}"`, 'must be a list');
    if (v.length > max) return fail(`"${field}"`, `has too many items (at most ${max})`);
    return v;
  };
  const tags = list('tags', LIMITS.tagsPerPaper).map((t) => {
    if (typeof t !== 'string') return fail('a tag', 'must be text');
    try {
      return normalizeTag(t);
    } catch (err) {
      return fail(`tag "${t.slice(0, 40)}"`, `is refused: ${(err as Error).message}`);
    }
  });
  const authors = list('authors', LIMITS.authors).map((a) =>
    typeof a === 'string' && a.length <= LIMITS.authorLength ? a : fail('an author', 'must be short text'),
  );
  const primaryClass = (): string | null => {
    const v = o.primaryClass ?? null; // absent in version 1 records
    if (v === null) return null;
    if (typeof v !== 'string' || v.length > LIMITS.primaryClassLength || !PRIMARY_CLASS.test(v)) {
      return fail('"primaryClass"', 'is not an arXiv category');
    }
    return v;
  };
  // Versions of the note not yet resolved: a backup keeps them (absent in older files).
  const noteConflicts = (): { noteConflicts?: NoteConflict[] } => {
    const items = list('noteConflicts', 20);
    if (items.length === 0) return {};
    return {
      noteConflicts: items.map((c) => {
        if (typeof c !== 'object' || c === null) return fail('"noteConflicts"', 'must hold objects');
        const { text: t, at, device } = c as Obj;
        if (typeof t !== 'string' || t.length > LIMITS.noteLength) return fail('"noteConflicts"', 'must hold notes');
        if (device !== undefined && (typeof device !== 'string' || device.length > 100)) return fail('"noteConflicts"', 'has a bad device');
        return { text: t, at: time(at, 'noteConflicts.at', false)!, ...(device === undefined ? {} : { device: device as string }) };
      }),
    };
  };
  const status = (o.status ?? 'none') as Status;
  if (!STATUSES.includes(status)) fail('"status"', `is not one of ${STATUSES.join(', ')}`);
  const stampsRaw = (o.stamps ?? {}) as Obj;
  if (typeof stampsRaw !== 'object' || stampsRaw === null) fail('"stamps"', 'must be an object');
  const createdAt = time(o.createdAt ?? 0, 'createdAt', false)!;
  const updatedAt = time(o.updatedAt ?? createdAt, 'updatedAt', false)!;
  const stamp = (k: string) => time(stampsRaw[k] ?? 0, `stamps.${k}`, false)!;
  return {
    v: SCHEMA_VERSION,
    id: o.id as PaperRecord['id'],
    title: text('title', LIMITS.titleLength),
    url: webUrl(text('url', LIMITS.urlLength)),
    authors: authors as string[],
    primaryClass: primaryClass(),
    tags: [...new Set(tags)],
    note: text('note', LIMITS.noteLength),
    ...noteConflicts(),
    status,
    queuedAt: time(o.queuedAt ?? null, 'queuedAt', true),
    queuePos: time(o.queuePos ?? null, 'queuePos', true),
    firstSeenAt: time(o.firstSeenAt ?? null, 'firstSeenAt', true),
    createdAt,
    updatedAt,
    stamps: { tags: stamp('tags'), note: stamp('note'), status: stamp('status') },
  };
}

/**
 * All papers checked, or the first problem; a paper listed twice is refused too. `first`:
 * the index in the file of the first of them (an import arrives in batches), for messages.
 */
export function checkBackupPapers(papers: unknown[], now = Date.now(), first = 0): PaperRecord[] {
  const seen = new Set<string>();
  return papers.map((p, i) => {
    const r = checkBackupPaper(p, first + i, now);
    if (seen.has(r.id)) throw new InputError(`Paper ${first + i + 1} (${r.id}) appears twice in the backup.`);
    seen.add(r.id);
    return r;
  });
}

export function emptyReport(): ImportReport {
  return { added: 0, updated: 0, unchanged: 0 };
}
