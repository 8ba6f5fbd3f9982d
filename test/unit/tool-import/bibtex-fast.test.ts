/**
 * The fast path of the BibTeX import (the reader, simple LaTeX read without the parser's
 * grammar) gives exactly what the parser alone gives: on every real export in
 * ../shared/fixtures/imports, on LaTeX written every way the fast path reads, and on the
 * BibTeX syntax it must read as the parser does. And it is taken: most entries of real
 * libraries never reach the parser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES } from '../../harness/fixtures';
import { readRawEntries } from '../../../src/options/tool-import/bibtex';
import { fastFields } from '../../../src/options/tool-import/bibtex-fast';
import { latexToText } from '../../../src/options/tool-import/bibtex-latex';
import { readBibEntries, type RawBibEntry } from '../../../src/options/tool-import/bibtex-reader';

const allFast = (e: RawBibEntry) => {
  const f = fastFields(e);
  return f !== null && Object.keys(f.slow).length === 0;
};
const both = async (bib: string) => [await readRawEntries(bib, { fast: true }), await readRawEntries(bib, { fast: false })] as const;

const DIR = join(SHARED_FIXTURES, 'imports');
const present = existsSync(join(DIR, 'README.md'));

describe.skipIf(!present)('fast path on real exports', () => {
  const files = present ? readdirSync(DIR).filter((f) => f.endsWith('.bib')) : [];
  for (const name of files) {
    it(`${name}: the same entries as the parser alone`, async () => {
      // The JabRef 5 file has keys the parser refuses (see real-files.test.ts); fixed here.
      const [fast, full] = await both(readFileSync(join(DIR, name), 'utf8').replace(/O’Hearn/g, "O'Hearn"));
      expect(fast).toEqual(full);
    });
  }

  it('reads nine in ten entries of the real exports without the parser', () => {
    let entries = 0;
    let fast = 0;
    for (const name of files) {
      const file = readBibEntries(readFileSync(join(DIR, name), 'utf8').replace(/O’Hearn/g, "O'Hearn"));
      expect(file, name).not.toBeNull();
      entries += file!.entries.length;
      fast += file!.entries.filter(allFast).length;
    }
    expect(entries).toBeGreaterThan(2000);
    expect(fast / entries).toBeGreaterThan(0.9);
  });
});

// Each value as a title and an author list (and, without commands, a note): the fast path
// reads it (checked first, so a case that silently fell back to the parser would not count)
// and gives what the parser gives.
const LATEX = [
  'M{\\"u}ller, J{\\o}rn and Smith, Anna',
  '{\\"U}ber {\\O}resund and \\AA{}ngstr\\"{o}m',
  "Caf\\'e and Na{\\\"\\i}ve {\\c C}odes",
  "Na\\\"{\\i}ve \\'{e}t\\'e \\c c \\v{s}\\u{a}\\H{o}\\k{a}\\={a}\\.{z}\\r{a}\\d{a}\\~{n}\\^{o}\\`{a}",
  'Gau\\ss{} and \\l \\L \\ae \\AE \\oe \\OE \\aa \\ss x',
  'J\\o rn \\o{}rn {\\o}rn',
  'Don\'t -- stop --- ``quoted\'\' << a >> b < c > d \'\'\'',
  'A \\& B, 50\\% of \\$5 \\#1 a\\_b \\{x\\}',
  '{{Attention}} Is {All} You {{N}eed}',
  '  spaced\tout\n  over lines  ',
  'van der Berg, Jan and de la Cruz, Maria, Jr. and {Barnes and Noble} and {OpenAI}',
  'Doe, Jane and Roe, Richard and others',
  'Smith, John,',
  'Adams, A.\nand Baker, B.',
  'Collaboration, {\\relax DESI} and Maga{\\textbackslash}{\\textasciitilde}na, M. and Uro{\\textbackslash}v{\\textbraceleft}s{\\textbraceright}',
  'Ranks \\textendash{} and \\textemdash \\texttimes 3 \\ldots{} \\textquoteleft x\\textquoteright',
];

describe('simple LaTeX read as the parser reads it', () => {
  for (const value of LATEX) {
    it(JSON.stringify(value), async () => {
      expect(latexToText(value, { folded: true })).not.toBeNull();
      const note = latexToText(value, { folded: false }) === null ? 'A note -- with `quotes\'\'' : value;
      const bib = `@misc{k,\n  title = {${value}},\n  author = {${value}},\n  note = {${note}},\n  eprint = {2002.10248}\n}\n`;
      expect(allFast(readBibEntries(bib)!.entries[0]!)).toBe(true);
      const [fast, full] = await both(bib);
      expect(fast).toEqual(full);
    });
  }

  it('leaves math, unknown commands and paragraph breaks to the parser, which still reads them', async () => {
    for (const value of ['Ly$\\alpha$ forests', '\\emph{Deep} nets', 'x\\textsuperscript{2}', 'one\n\ntwo', '50% off', 'a~b']) {
      expect(latexToText(value, { folded: true }), value).toBeNull();
    }
    const bib = [
      '@misc{a, title = {Ly$\\alpha$ \\emph{forests}}, author = {M{\\"u}ller, J. and Roe, R.}, eprint = {2002.10248}}',
      '@misc{b, title = "Quoted $x", author = {\\textbf{Bold}, B.}, note = {50% \\emph{off}}, eprint = {1810.04805}}',
      '@misc{c, title = {Plain}, eprint = {1706.03762}}',
    ].join('\n');
    const [fast, full] = await both(bib);
    expect(fast).toEqual(full);
    expect(fast[0]!.title).toMatch(/^Lyα /);
    expect(fast[2]!.title).toBe('Plain');
    expect(fast[1]!.ids).toEqual(['arxiv:1810.04805']);
    expect(fast[0]!.authors).toEqual(['J. Müller', 'R. Roe']);
  });
});

describe('BibTeX syntax read as the parser reads it', () => {
  it('@string names and # joins, @comment, @preamble, % lines, ( ) entries, duplicate fields, crossrefs', async () => {
    const bib = [
      '% a comment line with @misc{not, an entry}',
      '@string{ax = "arXiv"}',
      '@string(pre = {http://arxiv.org/abs/})',
      '@comment{jabref-meta: groupstree: x;}',
      '@preamble{ "\\newcommand{\\noop}[1]{#1}" }',
      '@misc(one, title = "Quoted {Title}", url = pre # {2002.10248}, archiveprefix = ax, year = 2020, month = jan)',
      '@misc{two,',
      '  TITLE = {First}, title = {Second},',
      '  keywords = {b; A, c}, keywords = {a, D},',
      '  eprint = {1706.03762},',
      '}',
      '@inproceedings{child, title = {Child}, crossref = {Proc}, eprint = {1810.04805}}',
      '@proceedings{proc, title = {Proceedings}, note = {arXiv:1901.02860}, url = {http://arxiv.org/abs/1901.02860}}',
      '@misc{three, title = {Uses \\noop{a command} from the preamble}, eprint = {2301.00001}}',
    ].join('\n');
    expect(readBibEntries(bib)).not.toBeNull();
    const [fast, full] = await both(bib);
    expect(fast).toEqual(full);
    expect(fast.map((e) => e.label)).toEqual(['one', 'two', 'child', 'proc', 'three']);
    expect(fast[1]!.tags).toEqual(['A', 'a', 'b', 'c', 'D']);
  });

  it('gives a file with a syntax error to the parser whole, for its message', async () => {
    const bib = '@misc{a, title = {Fine}, eprint = {2002.10248}}\n@misc{b, title = {Broken}\n  eprint 1706.03762}\n';
    expect(readBibEntries(bib)).toBeNull();
    await expect(readRawEntries(bib, { fast: true })).rejects.toThrow(/syntax error at line 3, column 3 \(entry b\): Token mismatch/);
  });
});
