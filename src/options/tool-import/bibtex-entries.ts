/**
 * The entries of a .bib file with the fields the import reads: from ./bibtex-reader.ts and
 * ./bibtex-fast.ts where they can be had, from @retorquere/bibtex-parser for the rest (see
 * ./bibtex.ts for why). The parser is loaded only when a file needs it: it is large.
 */
import type { Library, Options } from '@retorquere/bibtex-parser';
import { fastFields, type Fields } from './bibtex-fast';
import { readBibEntries, type RawBibEntry, type RawBibFile } from './bibtex-reader';
import { dropUnreadFields } from './bibtex-unread';
import { ToolFileError } from './types';

export interface ParsedEntry {
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

/**
 * The entries, in file order. `fast: false` is the parser alone, kept for the tests that
 * compare the two. A syntax error is a ToolFileError naming the line, the column and the entry.
 */
export async function readEntries(text: string, { fast }: { fast: boolean }): Promise<ParsedEntry[]> {
  const file = fast ? readBibEntries(text) : null;
  const entries = file && (await readMostlyFast(file));
  if (entries) return entries;
  const lib = await parseWithParser(dropUnreadFields(text), {});
  throwSyntaxError(lib);
  return lib.entries.map((e) => ({ key: e.key, fields: lowerKeys(e.fields as Fields) }));
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
