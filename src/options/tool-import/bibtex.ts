/**
 * BibTeX and BibLaTeX as Zotero, Better BibTeX, JabRef, Paperpile and Mendeley write them,
 * read as a real parser reads them (@retorquere/bibtex-parser, loaded only when a file
 * needs it: it is large and the popup and pages never need it). Where each tool puts the
 * arXiv id is in ../shared/fixtures/imports/README.md; the fields are tried from the most
 * explicit (eprint + archivePrefix) to mentions in the note.
 *
 * The parser's LaTeX grammar costs about half a millisecond a field: 16 s in the browser for
 * a 10,000-entry library. So the file is first read by ./bibtex-reader.ts (the parser's own
 * first step, redone), and the fields the import reads are taken from there when they hold
 * only simple LaTeX (./bibtex-fast.ts); the parser gets the fields that hold more (a title
 * with math), entries that need it whole (a crossref), and a file the reader does not take
 * (a syntax error, for the parser's message). Either way the same papers come out, which
 * test/unit/tool-import/bibtex-fast.test.ts checks on every real export.
 */
import { findPaperIds, toPaperId, type PaperId } from '../../shared/paper-id';
import { readEntries } from './bibtex-entries';
import type { Creator, Fields } from './bibtex-fast';
import { collect, userNote, type RawEntry } from './entries';
import { ToolFileError, type ToolFile } from './types';

export async function readBibtex(text: string): Promise<ToolFile> {
  const raw = await readRawEntries(text, { fast: true });
  if (raw.length === 0) throw new ToolFileError('No BibTeX entries were found in this file.');
  return collect('bibtex', raw);
}

/**
 * What each entry of a .bib file gives the import. `fast: false` is the parser alone, kept
 * for the tests that compare the two.
 */
export async function readRawEntries(text: string, options: { fast: boolean }): Promise<RawEntry[]> {
  return (await readEntries(text, options)).map((e) => toRaw(e.key, e.fields));
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
