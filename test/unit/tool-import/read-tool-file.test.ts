/**
 * Reading other tools' exports: Margin's own edge-case files (test/fixtures/tool-import) and
 * bad input. The real files written by Zotero, JabRef, Mendeley, Paperpile and PaperMemory
 * are in real-files.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ownFixture } from '../../harness/fixtures';
import { checkFileSize, readToolFile } from '../../../src/options/tool-import/read-tool-file';

const fail = (text: string) => readToolFile(text).then(() => 'read', (e: Error) => e.message);

describe('BibTeX', () => {
  it('reads ids from eprint, journal and links; accents as text; joins duplicates; lists the rest with titles', async () => {
    const r = await readToolFile(ownFixture('tool-import/edge-cases.bib'));
    expect(r.format).toBe('bibtex');
    expect(r.entries).toBe(6);
    expect(r.papers.map((p) => p.id)).toEqual(['arxiv:2002.10248', 'arxiv:hep-th/9711200', 'arxiv:2412.13795']);
    const [first, old] = r.papers;
    expect(first!.title).toBe('Café and Naïve Çodes');
    expect(first!.authors).toEqual(['Jørn Müller', 'Anders Ångström']);
    // the two entries of one paper: tags united, the note from annote, never the abstract
    expect(first!.tags).toEqual(['deep-learning', 'to-read', 'thesis']);
    expect(first!.note).toBe('My note: compare with the baseline.');
    expect(first!.url).toBe('https://arxiv.org/abs/2002.10248');
    expect(old!.note).toBe(''); // "version: 2" is Zotero's Extra, not a note
    expect(r.skipped).toEqual([
      { title: 'A Journal Book Without a Preprint', reason: expect.stringMatching(/^no arXiv id/) },
      { title: 'Eprint of another archive', reason: expect.stringMatching(/^no arXiv id/) },
    ]);
  });

  it('refuses a file with a syntax error, naming the line, the column and the entry', async () => {
    expect(await fail(ownFixture('tool-import/syntax-error.bib'))).toMatch(/syntax error at line 11, column 1 \(entry broken\).*nothing was imported/);
  });

  it('skips every entry of an id that entries with different titles claim', async () => {
    const bib = '@book{a, title={Textbook}, eprint={1011.1669v3}, archiveprefix={arxiv}}\n@incollection{b, title={Chapter 2}, eprint={1011.1669v3}, archiveprefix={arxiv}}\n@misc{c, title={Real}, eprint={1706.03762}}';
    const r = await readToolFile(bib);
    expect(r.papers.map((p) => p.id)).toEqual(['arxiv:1706.03762']);
    expect(r.skipped.map((s) => s.title)).toEqual(['Textbook', 'Chapter 2']);
    expect(r.skipped[0]!.reason).toContain('different titles');
  });
});

describe('PaperMemory', () => {
  it('reads papers keyed Arxiv-<id> (old style with _), venue papers by their bibtex, tags, note and favourite', async () => {
    const r = await readToolFile(ownFixture('tool-import/papermemory-export.json'));
    expect(r.format).toBe('papermemory');
    expect(r.papers.map((p) => [p.id, p.tags, p.note])).toEqual([
      ['arxiv:hep-th/9901001', ['strings', 'to-read', 'favorite'], 'Read section 3.'],
      ['arxiv:2006.11239', [], ''],
    ]);
    expect(r.papers[0]!.authors).toEqual(['A. Author', 'B. Author']);
    expect(r.skipped).toEqual([{ title: 'OpenReview Only', reason: 'no arXiv id (PaperMemory knows it as OR-ICLR-2022_x)' }]);
  });
});

describe('CSL JSON', () => {
  it('reads the id from URL, DOI or container-title, and Better CSL JSON keywords as tags', async () => {
    const items = [
      { id: 'a', type: 'article', title: 'By URL', URL: 'http://arxiv.org/abs/1701.08140', keyword: 'graphs, to read' },
      { id: 'b', type: 'article-journal', title: 'By container', 'container-title': 'arXiv:1906.10026 [stat]' },
      { id: 'c', type: 'article', title: 'By DOI', DOI: '10.48550/ARXIV.2410.00917', note: 'version: 1' },
      { id: 'd', type: 'article-journal', title: 'Journal only', DOI: '10.1103/PhysRevD.1.1' },
    ];
    const r = await readToolFile(JSON.stringify(items, null, '\t'));
    expect(r.format).toBe('csl-json');
    expect(r.papers.map((p) => [p.id, p.tags, p.note])).toEqual([
      ['arxiv:1701.08140', ['graphs', 'to-read'], ''],
      ['arxiv:1906.10026', [], ''],
      ['arxiv:2410.00917', [], ''],
    ]);
    expect(r.skipped.map((s) => s.title)).toEqual(['Journal only']);
  });
});

describe('plain text', () => {
  it('each distinct paper once, in order of first mention; look-alike numbers are not papers', async () => {
    const r = await readToolFile(ownFixture('tool-import/reading-list.md'));
    expect(r.format).toBe('text');
    expect(r.papers.map((p) => p.id)).toEqual(['arxiv:1706.03762', 'arxiv:1810.04805', 'arxiv:2002.10248']);
  });
});

describe('bad input is refused with a clear message', () => {
  it('an empty file', async () => expect(await fail(' \n\t\n')).toBe('The file is empty.'));
  it('a binary file', async () => expect(await fail('PK\u0003\u0004\u0000\u0000binary')).toMatch(/not a text file/));
  it('a file with no arXiv paper', async () => {
    expect(await fail('@article{a, title={Journal}, doi={10.1000/x}}')).toMatch(/None of the 1 entries .* has an arXiv id/);
    expect(await fail('just some words')).toBe('No arXiv paper was found in this file.');
  });
  it('a 60 MB file, before it is read', () => {
    expect(() => checkFileSize(60 * 1024 * 1024)).toThrow(/60 MB; Margin reads files up to 50 MB/);
    expect(() => checkFileSize(1024)).not.toThrow();
  });
});
