/**
 * BibTeX and BibLaTeX as Zotero, Better BibTeX, JabRef, Paperpile and Mendeley write them,
 * read with a real parser (@retorquere/bibtex-parser, loaded only when a .bib is read: it is
 * large and the popup and pages never need it). Where each tool puts the arXiv id is in
 * ../shared/fixtures/imports/README.md; the fields are tried from the most explicit
 * (eprint + archivePrefix) to mentions in the note.
 */
import { findPaperIds, toPaperId, type PaperId } from '../../shared/paper-id';
import { dropUnreadFields } from './bibtex-unread';
import { collect, userNote, type RawEntry } from './entries';
import { ToolFileError, type ToolFile } from './types';

type Creator = { name?: string; firstName?: string; lastName?: string; prefix?: string; suffix?: string };
type Fields = Record<string, unknown>;

export async function readBibtex(text: string): Promise<ToolFile> {
  const { parseAsync } = await import('@retorquere/bibtex-parser');
  // parseAsync: the same parse, pausing every 1000 entries so the page stays responsive.
  const lib = await parseAsync(dropUnreadFields(text), {
    english: false, // titles as written: no sentence-casing
    sentenceCase: false,
    unsupported: 'ignore',
    // Only these fields need LaTeX turned into text; the rest (abstracts above all) are read
    // verbatim, which is several times faster on a large library.
    verbatimFields: [/^(?!(title|author|editor|note|annote|keywords)$)/i],
  });
  for (const err of lib.errors) {
    const at = /at line (\d+), column (\d+)/.exec(err.error);
    // An odd number of `$` in a braced value is legal BibTeX (Better BibTeX writes it into
    // file paths); the parser complains but keeps the entry, so that one is not an error.
    if (at && !/^Unclosed math section/.test(err.error)) {
      const key = /^@\w+\s*[{(]\s*([^,\s]*)/.exec(err.input ?? '')?.[1];
      const what = err.error.replace(/\s*at line \d+, column \d+.*$/s, '').slice(0, 160);
      throw new ToolFileError(
        `This BibTeX file has a syntax error at line ${at[1]}, column ${at[2]}${key ? ` (entry ${key})` : ''}: ${what}. ` +
          'Fix or remove that entry and import again; nothing was imported.',
      );
    }
  }
  const raw = lib.entries.map((e) => toRaw(e.key, lowerKeys(e.fields as Fields)));
  if (raw.length === 0) throw new ToolFileError('No BibTeX entries were found in this file.');
  return collect('bibtex', raw);
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
