/**
 * CSV export: one row per paper, a header row, RFC 4180 quoting (CRLF line ends; a cell
 * with a comma, quote or line break is quoted, quotes doubled), for spreadsheets.
 */
import { arxivIdOf } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';

export const CSV_COLUMNS = [
  'id', 'arxiv_id', 'primary_class', 'title', 'authors', 'tags', 'status', 'note', 'url',
  'queued_at', 'first_seen_at', 'created_at', 'updated_at',
] as const;

const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());

/**
 * Titles and authors come from web pages, and a spreadsheet runs a cell that starts with
 * = + - @ as a formula ("CSV injection"); a leading apostrophe makes it plain text there.
 */
function neutralize(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function csvCell(raw: string): string {
  const v = neutralize(raw);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function row(r: PaperRecord): string[] {
  return [
    r.id, arxivIdOf(r.id), r.primaryClass ?? '', r.title, r.authors.join('; '), r.tags.join(';'), r.status, r.note, r.url,
    iso(r.queuedAt), iso(r.firstSeenAt), iso(r.createdAt), iso(r.updatedAt),
  ];
}

export function toCsv(records: readonly PaperRecord[]): string {
  const lines = [CSV_COLUMNS.join(','), ...records.map((r) => row(r).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
