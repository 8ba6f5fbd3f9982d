/**
 * An entry's fields as the import reads them, without @retorquere/bibtex-parser's LaTeX
 * grammar, where they hold only simple LaTeX (./bibtex-latex.ts). The parser runs every
 * field of every entry through that grammar (about 5 s in node for the bench's 10,000-entry
 * file; this file and the reader take about 0.2 s). Each field is given as the parser gives
 * it with the options in ./bibtex-entries.ts; the others are named for the caller to give
 * to the parser.
 */
import type { RawBibEntry } from './bibtex-reader';
import { latexToText } from './bibtex-latex';

export type Creator = { name?: string; firstName?: string; lastName?: string; prefix?: string; suffix?: string };
export type Fields = Record<string, unknown>;

// The fields the import reads (toRaw and idsOf in ./bibtex.ts); the rest are not looked at.
const TITLE = 'title';
const CREATORS = 'author';
const RICH_TEXT = new Set(['note', 'annote']);
const VERBATIM = new Set([
  'archiveprefix', 'eprinttype', 'eprint', 'arxivid', 'doi', 'url', 'howpublished', 'adsurl', 'journal', 'journaltitle',
  'number', 'eid', 'pages', 'volume', 'groups', 'mendeley-groups', 'mendeley-tags',
]);
const KEYWORDS = /^keywords(\+duplicate-\d+)?$/;

// Fields whose one outer pair of braces the parser removes (its removeOuterBraces list).
const OUTER_BRACES = new Set(['doi', 'eprint', 'groups', 'url', 'title']);

export interface FastFields {
  fields: Fields;
  /** Fields read but left for the parser (a title with math, say), with their raw values. */
  slow: Record<string, string>;
}

/**
 * The fields the import reads, those it can; null when the whole entry needs the parser
 * (a name from @string it does not know, keywords it cannot read).
 */
export function fastFields(entry: RawBibEntry): FastFields | null {
  const f: Fields = {};
  const slow: Record<string, string> = {};
  let keywords: string[] = [];
  for (const [name, value] of Object.entries(entry.fields)) {
    const keyword = KEYWORDS.test(name);
    if (!keyword && name !== TITLE && name !== CREATORS && !RICH_TEXT.has(name) && !VERBATIM.has(name)) continue;
    if (value === null) return null; // an @string name the reader does not know
    if (!value.trim()) continue; // the parser skips blank fields
    if (keyword) {
      // Several keywords fields are joined by the parser: all or none here.
      const text = verbatim(name, value);
      if (text === null) return null;
      keywords = [...keywords, ...text.split(/\s*[,;]\s*/)].map((k) => k.trim()).filter((k) => k);
    } else if (name === CREATORS) {
      const creators = creatorList(value);
      if (creators === null) slow[name] = value;
      else f[name] = creators;
    } else {
      const text = VERBATIM.has(name) ? verbatim(name, value) : latexToText(value, { folded: name === TITLE });
      if (text === null) slow[name] = value;
      else f[name] = text.trim();
    }
  }
  // As the parser: keywords once each, sorted without case.
  if (keywords.length) f.keywords = [...new Set(keywords)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return { fields: f, slow };
}

/**
 * A verbatim field as the parser prints it back: a run of spaces or one line break is one
 * space, and the outer braces of some fields go. `%` (a comment to the parser's grammar) and
 * blank lines are left to the parser.
 */
function verbatim(name: string, value: string): string | null {
  if (value.includes('%') || /\n[ \t\r]*\n/.test(value)) return null;
  let v = value;
  if (OUTER_BRACES.has(name) && v[0] === '{' && closingBrace(v) === v.length - 1) v = v.slice(1, -1);
  return v.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** The index of the brace that closes the one at 0, or -1. */
function closingBrace(v: string): number {
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Names as the parser splits them: at `and` between spaces outside braces, then "Last,
 * First" or "Last, Jr, First" at commas outside braces. Only the joined name is read
 * (first, last, suffix), so that is what each creator holds.
 */
function creatorList(value: string): Creator[] | null {
  const mask = topLevelMask(value);
  if (/^[ \t\r\n]*and[ \t\r\n]|[ \t\r\n]and[ \t\r\n]*$/i.test(mask) || mask.includes('=')) return null;
  const creators: Creator[] = [];
  for (const [from, to] of spans(mask, /[ \t\r\n]+and[ \t\r\n]+/gi, 0, value.length)) {
    const parts: string[] = [];
    for (const [a, b] of spans(mask, /,/g, from, to)) {
      const text = latexToText(value.slice(a, b), { folded: true });
      if (text === null) return null;
      parts.push(text.replace(/\s+/g, ' ').trim());
    }
    if (parts.length === 3 && parts[2] === '') parts.pop();
    if (parts.length > 3) return null; // the parser drops the extra parts with a warning
    const [last, suffix, first] = parts.length === 1 ? [parts[0]!, '', ''] : parts.length === 2 ? [parts[0]!, '', parts[1]!] : parts;
    const name = [first, last, suffix].filter(Boolean).join(' ');
    if (name) creators.push({ name });
  }
  return creators;
}

/**
 * The value with everything inside braces, and every command with the spaces it swallows,
 * blanked out, so separators are found only at the top level.
 */
function topLevelMask(value: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      let end = i + 1;
      while (end < value.length && /[a-zA-Z]/.test(value[end]!)) end++;
      if (end > i + 1) while (end < value.length && /[ \t\r\n]/.test(value[end]!)) end++;
      else end = i + 2;
      out += 'x'.repeat(Math.min(end, value.length) - i);
      i = end - 1;
    } else {
      if (c === '{') depth++;
      out += depth > 0 ? 'x' : c;
      if (c === '}') depth--;
    }
  }
  return out;
}

/** The spans of [from, to) between matches of `sep` in the mask. */
function spans(mask: string, sep: RegExp, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const part = mask.slice(from, to);
  let start = 0;
  for (const m of part.matchAll(sep)) {
    out.push([from + start, from + m.index]);
    start = m.index + m[0].length;
  }
  out.push([from + start, to]);
  return out;
}
