/**
 * The paper record: what Margin keeps about one paper, and the rules every writer obeys
 * (tag spelling, size limits). Shared by the background (which stores it) and the pages
 * (which render it); only the background writes.
 */
import type { PaperId } from './paper-id';

/**
 * The record's schema version. 1: the first release. 2: adds `primaryClass` (arXiv's primary
 * category, for BibTeX). Stored records are brought up to date by store.ts's migrations.
 */
export const SCHEMA_VERSION = 2;

export const STATUSES = ['none', 'queued', 'reading', 'done'] as const;
export type Status = (typeof STATUSES)[number];

/** The statuses of papers in the reading queue (the popup's Queue, the badge). */
export const QUEUE_STATUSES: readonly Status[] = ['queued', 'reading'];
export const inQueue = (status: Status | undefined): boolean => status === 'queued' || status === 'reading';

/** When each user-edited field last changed: lets an import merge two libraries field by field. */
export interface FieldStamps {
  tags: number;
  note: number;
  status: number;
}

/**
 * A version of the note written on another computer at the same time as the one shown (found
 * by sync or a backup import): kept until the user writes the note again or dismisses it.
 */
export interface NoteConflict {
  text: string;
  at: number;
  /** The device that wrote it (sync), or absent (a backup). */
  device?: string;
}

export interface PaperRecord {
  v: number;
  id: PaperId;
  title: string;
  url: string;
  authors: string[];
  /** arXiv's primary category (`cs.LG`, `hep-th`), when a page showed it. Since version 2. */
  primaryClass: string | null;
  tags: string[];
  note: string;
  /** Other versions of the note, not yet resolved (absent or empty: none). */
  noteConflicts?: NoteConflict[];
  status: Status;
  /** When it entered the queue (null when not queued or reading). */
  queuedAt: number | null;
  /** Its place in the queue: ascending order; fractional so a move rewrites one record. */
  queuePos: number | null;
  /** When the user was first shown it (on screen for about a second), null if never. */
  firstSeenAt: number | null;
  createdAt: number;
  updatedAt: number;
  stamps: FieldStamps;
}

export const LIMITS = {
  tagLength: 40,
  tagsPerPaper: 500,
  tagsPerPatch: 100,
  noteLength: 20_000,
  titleLength: 1_000,
  urlLength: 2_048,
  authors: 200,
  authorLength: 200,
  primaryClassLength: 40,
  idsPerLookup: 5_000,
  papersPerImport: 200_000,
  /** Per import batch (a backup of any size arrives in many). */
  papersPerBatch: 5_000,
  seenPerBatch: 100_000,
} as const;

/** arXiv category names: `cs.LG`, `hep-th`, `math.GT`, `q-bio.NC`, `astro-ph.CO`. */
export const PRIMARY_CLASS = /^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/;

export class InputError extends Error {
  override name = 'InputError';
}

/**
 * One spelling per tag: trimmed, lowercased, inner whitespace as `-`. Throws InputError with
 * a message fit for the user when the tag is empty or too long.
 */
export function normalizeTag(raw: string): string {
  const tag = raw.trim().toLowerCase().replace(/\s+/g, '-');
  if (tag.length === 0) throw new InputError('A tag cannot be empty.');
  if (tag.length > LIMITS.tagLength) {
    throw new InputError(`A tag can be at most ${LIMITS.tagLength} characters long.`);
  }
  if (tag.includes(',')) throw new InputError('A tag cannot contain a comma.');
  return tag;
}

export function emptyRecord(id: PaperId, now: number): PaperRecord {
  return {
    v: SCHEMA_VERSION,
    id,
    title: '',
    url: '',
    authors: [],
    primaryClass: null,
    tags: [],
    note: '',
    status: 'none',
    queuedAt: null,
    queuePos: null,
    firstSeenAt: null,
    createdAt: now,
    updatedAt: now,
    stamps: { tags: 0, note: 0, status: 0 },
  };
}

/** True when the user has put something of their own on the paper (not only seen it). */
export function hasUserState(r: PaperRecord): boolean {
  return r.status !== 'none' || r.tags.length > 0 || r.note.length > 0 || (r.noteConflicts?.length ?? 0) > 0;
}
