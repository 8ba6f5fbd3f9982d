/**
 * BibTeX and BibLaTeX as Zotero, Better BibTeX, JabRef, Paperpile and Mendeley write them,
 * read with a real parser (@retorquere/bibtex-parser, loaded only when a .bib is read: it is
 * large and the popup and pages never need it). Where each tool puts the arXiv id is in
 * ../shared/fixtures/imports/README.md; the fields are tried from the most explicit
 * (eprint + archivePrefix) to mentions in the note.
 *
 * The parser's LaTeX grammar costs about half a millisecond a field, 16 s in the browser for
 * a 10,000-entry library. So the file is first read by ./bibtex-reader.ts (the parser's own
 * first step, redone), and the fields of entries with only simple LaTeX are taken from there
 * (./bibtex-fast.ts); the other entries go to the parser together, and a file the reader
 * does not take (a syntax error) goes to the parser whole. Either way the same
 * papers come out, which test/unit/tool-import/bibtex-fast.test.ts checks on real exports.
 */
import type { Library, Options } from '@retorquere/bibtex-parser';
import { findPaperIds, toPaperId, type PaperId } from '../../shared/paper-id';
import { fastFields, type Creator, type Fields } from './bibtex-fast';
import { readBibEntries, type RawBibEntry, type RawBibFile } from './bibtex-reader';
import { dropUnreadFields } from './bibtex-unread';
import { collect, userNote, type RawEntry } from './entries';
import { ToolFileError, type ToolFile } from './types';

interface ParsedEntry {
  key: string;
  fields: Fields;
}

const OPTIONS: Options = {
  english: false, // titles as written: no sentence-casing
  sentenceCase: false,
  unsupported: 'ignore',
  // Only these fields need LaTeX turned into text; the rest are read verbatim.
  verbatimFields: [/^(?!(title|author|editor|note|annote|keywords)$)/i],
};

export async function readBibtex(text: string): Promise<ToolFile> {
  const raw = await readRawEntries(text, { fast: true });
  if (raw.length === 0) throw new ToolFileError('No BibTeX entries were found in this file.');
  return collect('bibtex', raw);
}

/**
 * What each entry of a .bib file gives the import. `fast: false` is the parser alone, kept
 * for the tests that compare the two.
 */
export async function readRawEntries(text: string, { fast }: { fast: boolean }): Promise<RawEntry[]> {
  const file = fast ? readBibEntries(text) : null;
  let entries = file && (await readMostlyFast(file));
  if (!entries) {
    const lib = await parseWithParser(dropUnreadFields(text), {});
    throwSyntaxError(lib);
    entries = lib.entries.map((e) => ({ key: e.key, fields: lowerKeys(e.fields as Fields) }));
  }
  return entries.map((e) => toRaw(e.key, e.fields));
}

/**
 * Fast fields where they can be had, the parser for the rest: for an entry with a field the
 * fast path does not read (a title with math), only that field, in an entry of its own (the
 * parser reads each field on its own; a collaboration's 700 authors are not parsed again
 * for it); the whole entry when it needs more. Null when the parser disagrees about how many
 * entries there are: the caller then parses the file whole.
 */
async function readMostlyFast(file: RawBibFile): Promise<ParsedEntry[] | null> {
  const out: ParsedEntry[] = [];
  const toParse: Array<{ at: number; input: string; only: string[] | null }> = [];
  // An entry with a crossref inherits fields from the entry it names (DBLP writes them): the
  // parser does that when both are in what it parses.
  const crossref = (e: RawBibEntry) => e.fields.crossref;
  const parents = new Set(file.entries.map((e) => crossref(e)?.toUpperCase()).filter(Boolean));
  for (const [i, e] of file.entries.entries()) {
    if (i % 2000 === 1999) await pause();
    const fast = crossref(e) !== undefined || parents.has(e.key.toUpperCase()) ? null : fastFields(e);
    out[i] = { key: e.key, fields: fast?.fields ?? {} };
    if (!fast) {
      toParse.push({ at: i, input: e.input, only: null });
      continue;
    }
    const names = Object.keys(fast.slow);
    if (names.length === 0) continue;
    if (names.every((n) => bracable(fast.slow[n]!))) {
      const body = names.map((n) => `${n} = {${fast.slow[n]}}`).join(',\n');
      toParse.push({ at: i, input: `@misc{field,\n${body}\n}`, only: names });
    } else {
      toParse.push({ at: i, input: e.input, only: null });
    }
  }
  if (toParse.length === 0) return out;
  // The preambles go first: they may define commands the entries use.
  const text = [...file.preambles, ...toParse.map((p) => p.input)].join('\n');
  const lib = await parseWithParser(dropUnreadFields(text), file.strings);
  if (lib.entries.length !== toParse.length || syntaxErrors(lib).length) return null;
  toParse.forEach(({ at, only }, k) => {
    const fields = lowerKeys(lib.entries[k]!.fields as Fields);
    if (!only) out[at]!.fields = fields;
    else for (const n of only) if (n in fields) out[at]!.fields[n] = fields[n];
  });
  return out;
}

/**
 * Whether a value reads back the same between braces: balanced braces and an even number of
 * `$` (a quoted value may have neither).
 */
function bracable(value: string): boolean {
  let depth = 0;
  let math = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === '$') math = !math;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0 && !math;
}

/** Lets the page paint and answer input between slices of a large file. */
function pause(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

async function parseWithParser(text: string, strings: Record<string, string>): Promise<Library> {
  const { parseAsync } = await import('@retorquere/bibtex-parser');
  // parseAsync: the same parse, pausing every 1000 entries so the page stays responsive.
  return parseAsync(text, { ...OPTIONS, strings });
}

// An odd number of `$` in a braced value is legal BibTeX (Better BibTeX writes it into file
// paths); the parser complains but keeps the entry, so that one is not an error.
const syntaxErrors = (lib: Library) =>
  lib.errors.filter((err) => /at line (\d+), column (\d+)/.test(err.error) && !/^Unclosed math section/.test(err.error));

function throwSyntaxError(lib: Library): void {
  const err = syntaxErrors(lib)[0];
  if (!err) return;
  const at = /at line (\d+), column (\d+)/.exec(err.error)!;
  const key = /^@\w+\s*[{(]\s*([^,\s]*)/.exec(err.input ?? '')?.[1];
  const what = err.error.replace(/\s*at line \d+, column \d+.*$/s, '').slice(0, 160);
  throw new ToolFileError(
    `This BibTeX file has a syntax error at line ${at[1]}, column ${at[2]}${key ? ` (entry ${key})` : ''}: ${what}. ` +
      'Fix or remove that entry and import again; nothing was imported.',
  );
}

function lowerKeys(f: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(f)) out[k.toLowerCase()] = v;
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : '');

/** The ids an entry gives, from the most explicit field on; the first field that names any wins. */
function idsOf(f: Fields): PaperId[] {
  const one = (v: unknown): PaperId[] => {
    const id = toPaperId(str(v).replace(/^arxiv\s*:\s*/i, ''));
    return id ? [id] : [];
  };
  const prefix = str(f.archiveprefix || f.eprinttype).toLowerCase();
  const tries: Array<() => PaperId[]> = [
    // eprint: an arXiv id when the prefix says so, or when it has the shape of one (JabRef
    // leaves the prefix out); Mendeley's `eprint = {9605043}` lost its archive: arxivId has it.
    () => (prefix === '' || prefix === 'arxiv' ? one(f.eprint) : []),
    () => one(f.arxivid),
    () => (/^10\.48550\/arxiv\./i.test(str(f.doi)) ? one(f.doi) : []),
    () => [...new Set([f.url, f.howpublished, f.adsurl, f.eprint].flatMap((u) => findPaperIds(str(u))))],
    () => findPaperIds(str(f.journal || f.journaltitle)),
    () => findPaperIds(str(f.number)),
    // `journal = {arXiv e-prints}` with the id as pages or eid (NASA ADS), DBLP's CoRR volume
    () => (/arxiv/i.test(str(f.journal || f.journaltitle)) ? [...one(f.eid), ...one(f.pages)].slice(0, 1) : []),
    () => (/^corr$/i.test(str(f.journal)) ? one(str(f.volume).replace(/^abs\//, '')) : []),
    () => findPaperIds(`${str(f.note)}\n${str(f.annote)}`),
  ];
  for (const t of tries) {
    const ids = t();
    if (ids.length) return ids;
  }
  return [];
}

/**
 * The parser's text, finished: leftover braces dropped, and `\"\i` (a dotless i under an
 * accent, how LaTeX writes ï) made the one letter it stands for.
 */
function latexText(s: string): string {
  return s.replace(/[{}]/g, '').replace(/ı(?=\p{M})/gu, 'i').normalize('NFC').replace(/\s+/g, ' ').trim();
}

function authorName(c: Creator): string {
  if (c.name) return c.name;
  return [c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ');
}

function toRaw(key: string, f: Fields): RawEntry {
  const tags = [
    ...(Array.isArray(f.keywords) ? (f.keywords as string[]) : str(f.keywords).split(/\s*[,;]\s*/)),
    ...str(f.groups).split(/\s*,\s*/),
    ...str(f['mendeley-groups']).split(/\s*,\s*/),
    ...str(f['mendeley-tags']).split(/\s*,\s*/),
  ].filter((t) => t.trim());
  return {
    ids: idsOf(f),
    title: latexText(str(f.title)),
    label: key,
    authors: Array.isArray(f.author) ? (f.author as Creator[]).map((c) => latexText(authorName(c))).filter(Boolean) : [],
    tags,
    note: [userNote(str(f.annote)), userNote(str(f.note))].filter(Boolean).join('\n\n'),
  };
}
