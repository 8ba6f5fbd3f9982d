import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { citationKeys, toBibtex, yearOf } from '../../../src/options/bibtex';
import type { PaperId } from '../../../src/shared/paper-id';
import { paper } from './records';

// Read the fields back exactly as written: no sentence-casing of titles.
const read = (bib: string) => parse(bib, { english: false, sentenceCase: false });

const HOSTILE = [
  'Unbalanced {brace and 100% of $x$ & #1 \\ backslash}',
  'Closing } first { then open',
  'Tilde~caret^ under_score',
  'A title with a % comment start',
  '@misc{inject, title={x}}',
];

describe('BibTeX export', () => {
  it('parses with a real BibTeX parser, hostile titles included, and keeps each title as written', () => {
    const records = HOSTILE.map((title, i) =>
      paper(`arxiv:2401.0000${i + 1}`, { title, authors: ['Ada Lovelace', 'Charles Babbage'] }),
    );
    const lib = read(toBibtex(records, { withNotes: false }));
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(HOSTILE.length);
    expect(lib.entries.map((e) => e.fields.title)).toEqual(HOSTILE);
    for (const e of lib.entries) {
      expect(e.type).toBe('misc');
      expect(e.fields.archiveprefix).toBe('arXiv');
      expect(e.fields.author?.map((a) => a.lastName)).toEqual(['Lovelace', 'Babbage']);
    }
  });

  it('writes the arXiv id without its prefix as eprint, old-style ids too, and the primary class when known', () => {
    const lib = read(toBibtex([paper('arxiv:2412.13795', { primaryClass: 'cs.LG' }), paper('arxiv:hep-th/9711200')], { withNotes: false }));
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(['2412.13795', 'hep-th/9711200']);
    expect(lib.entries.map((e) => e.fields.primaryclass)).toEqual(['cs.LG', undefined]);
    expect(lib.entries.map((e) => e.fields.year)).toEqual(['2024', '1997']);
    expect(lib.entries[1]!.fields.url).toBe('https://arxiv.org/abs/hep-th/9711200');
  });

  it('keeps names with commas or "and" in them whole', () => {
    const authors = ['Google DeepMind, London', 'Research and Development Team', 'José Müller'];
    const lib = read(toBibtex([paper('arxiv:2412.13795', { authors })], { withNotes: false }));
    expect(lib.errors).toEqual([]);
    const parsed = lib.entries[0]!.fields.author!;
    expect(parsed).toHaveLength(3);
    expect(parsed[0]!.name).toBe('Google DeepMind, London');
    expect(parsed[1]!.name).toBe('Research and Development Team');
    expect(parsed[2]!.lastName).toBe('Müller');
  });

  it('puts the note in only when asked', () => {
    const note = 'Read §3 {again} — 50% sure & it\'s $O(n)$';
    const records = [paper('arxiv:2412.13795', { title: 'T', note })];
    expect(read(toBibtex(records, { withNotes: false })).entries[0]!.fields.note).toBeUndefined();
    const lib = read(toBibtex(records, { withNotes: true }));
    expect(lib.errors).toEqual([]);
    expect(lib.entries[0]!.fields.note).toBe(note);
  });

  it('gives colliding papers unique keys, the same ones whatever the order', () => {
    const records = [
      paper('arxiv:1706.03762', { title: 'Attention Is All You Need', authors: ['Ashish Vaswani'] }),
      paper('arxiv:1706.09999', { title: 'Attention again', authors: ['Ada Vaswani'] }),
      paper('arxiv:1708.00001', { title: 'The attention model', authors: ['Bo Vaswani'] }),
      paper('arxiv:1712.00001', { title: 'Unrelated', authors: ['Zed Vaswani'] }),
    ];
    const keys = citationKeys(records);
    expect([...keys.values()].sort()).toEqual(['vaswani2017attention', 'vaswani2017attentiona', 'vaswani2017attentionb', 'vaswani2017unrelated']);
    expect(keys.get('arxiv:1706.03762' as PaperId)).toBe('vaswani2017attention');
    expect(citationKeys([...records].reverse())).toEqual(keys);
    const lib = read(toBibtex(records, { withNotes: false }));
    expect(new Set(lib.entries.map((e) => e.key)).size).toBe(4);
  });

  it('makes plain ASCII keys, with a fallback when author or title is missing', () => {
    const keys = citationKeys([
      paper('arxiv:2301.00001', { title: 'Über Räume', authors: ['Jürgen Größe'] }),
      paper('arxiv:2301.00002'),
    ]);
    expect(keys.get('arxiv:2301.00001' as PaperId)).toBe('grosse2023uber');
    expect(keys.get('arxiv:2301.00002' as PaperId)).toBe('anon2023');
  });

  it('takes the year from the id', () => {
    expect(yearOf('arxiv:0704.0001' as PaperId)).toBe(2007);
    expect(yearOf('arxiv:math/0309136' as PaperId)).toBe(2003);
    expect(yearOf('arxiv:hep-th/9108001' as PaperId)).toBe(1991);
  });
});
