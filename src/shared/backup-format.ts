/**
 * The backup file's format. The options page writes and checks it; the background checks
 * every paper and every seen mark again before anything is written.
 *
 * Version 2 (written since the seen history was split from the library) is JSON Lines, so
 * a library of any size is written and read a line at a time, never as one string:
 *   {"format":"margin-backup","version":2,"exportedAt":"…","papers":N,"seen":M,"rules":[…]}
 *   {"paper":{…a record…}}                               one line per library paper
 *   {"seen":"2026-11-28","ids":["2412.13795",…]}        papers first shown that day
 * The file is usually gzip-compressed (`.jsonl.gz`); both forms import.
 * Version 1 was one JSON object `{format, version: 1, exportedAt, papers: [...]}`; it still
 * imports.
 */
import type { Rule } from './rules/types';

export const BACKUP_FORMAT = 'margin-backup';
/** The newest version this Margin writes and reads; a file from a newer Margin is refused. */
export const BACKUP_VERSION = 2;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  /** How many paper and seen lines follow: for the progress bar, not trusted otherwise. */
  papers: number;
  seen: number;
  /** The triage rules, in the user's order (absent when there are none). */
  rules?: Rule[];
}

/** A day as the file spells it (`2026-11-28`, UTC) and as a day number (days since 1970). */
export const DAY_MS = 86_400_000;
export const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export function dayFromText(s: unknown): number | null {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && dayText(ms / DAY_MS) === s ? ms / DAY_MS : null;
}
