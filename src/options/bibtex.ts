/**
 * BibTeX export: one `@misc` entry per paper, in the shape arXiv itself exports (eprint,
 * archivePrefix, primaryClass when a page showed it). Titles, authors and notes come from web
 * pages and users, so every BibTeX special is escaped: one stray `{` or `%` would break the
 * whole .bib file for LaTeX.
 */
import { abstractUrl, arxivIdOf, type PaperId } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

export function bibEscape(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // Control characters (other than line breaks) have no place in a .bib file.
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
    .replace(/[\\{}%&$#_~^]/g, (c) => SPECIAL[c]!);
}

/**
 * One author for the `author` list. A name with a comma or a stand-alone "and" would be
 * split or reordered by BibTeX, so it is braced whole (kept as written).
 */
function bibAuthor(name: string): string {
  const clean = bibEscape(name.replace(/\s+/g, ' ').trim());
  return /,|\band\b/i.test(clean) ? `{${clean}}` : clean;
}

/** The year from the id: arXiv ids begin with YYMM (old style: archive/YYMMNNN). */
export function yearOf(id: PaperId): number {
  const bare = arxivIdOf(id);
  const yy = Number((bare.includes('/') ? bare.split('/')[1]! : bare).slice(0, 2));
  return bare.includes('/') && yy >= 91 ? 1900 + yy : 2000 + yy;
}

const SKIP = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'with', 'from', 'at', 'by', 'is', 'are']);

// Letters that Unicode does not decompose into a base letter plus an accent.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Plain lowercase ASCII, so keys work in every LaTeX toolchain. */
function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþı]/g, (c) => LETTERS[c]!)
    .replace(/[^a-z0-9]/g, '');
}

function baseKey(r: PaperRecord): string {
  const last = r.authors[0]?.trim().split(/\s+/).at(-1) ?? '';
  const word = r.title.split(/\s+/).map(fold).find((w) => w && !SKIP.has(w)) ?? '';
  return `${fold(last) || 'anon'}${yearOf(r.id)}${word}`;
}

function suffix(n: number): string {
  // 1 → a, 26 → z, 27 → aa
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * Citation keys like `vaswani2017attention`. Papers that share a key get a, b, … in the
 * order of their ids, so the same set of papers always gets the same keys.
 */
export function citationKeys(records: readonly PaperRecord[]): Map<PaperId, string> {
  const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bases = new Set(sorted.map(baseKey));
  const used = new Set<string>();
  const keys = new Map<PaperId, string>();
  for (const r of sorted) {
    const base = baseKey(r);
    let key = base;
    // A suffixed key must not take another paper's plain key either (smith2020a vs smith2020 + a).
    for (let n = 1; used.has(key) || (key !== base && bases.has(key)); n++) key = base + suffix(n);
    used.add(key);
    keys.set(r.id, key);
  }
  return keys;
}

export interface BibtexOptions {
  /** The user's note goes in `note` only when asked: notes can be private. */
  withNotes: boolean;
}

export function toBibtex(records: readonly PaperRecord[], { withNotes }: BibtexOptions): string {
  const keys = citationKeys(records);
  return records
    .map((r) => {
      const fields: Array<[string, string]> = [];
      if (r.title) fields.push(['title', bibEscape(r.title)]);
      if (r.authors.length) fields.push(['author', r.authors.map(bibAuthor).join(' and ')]);
      fields.push(['year', String(yearOf(r.id))]);
      fields.push(['eprint', arxivIdOf(r.id)]);
      fields.push(['archivePrefix', 'arXiv']);
      // Checked against arXiv's category pattern on the way in; escaped all the same.
      if (r.primaryClass) fields.push(['primaryClass', bibEscape(r.primaryClass)]);
      fields.push(['url', abstractUrl(r.id)]);
      if (withNotes && r.note.trim()) fields.push(['note', bibEscape(r.note.trim())]);
      const body = fields.map(([k, v]) => `  ${k} = {${v}},`).join('\n');
      return `@misc{${keys.get(r.id)},\n${body}\n}\n`;
    })
    .join('\n');
}
