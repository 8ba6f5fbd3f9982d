import { describe, expect, it } from 'vitest';
import { PaperIndex } from '../../../src/popup/search';
import { paper } from '../options/records';

const library = [
  paper('arxiv:1706.03762', { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], tags: ['transformers'] }),
  paper('arxiv:2006.11239', { title: 'Denoising Diffusion Probabilistic Models', authors: ['Jonathan Ho'], tags: ['diffusion-models', 'to-cite'] }),
  paper('arxiv:hep-th/9711200', { title: 'The Large N Limit of Superconformal Field Theories', authors: ['Juan Maldacena'], note: 'holography starts here; reread section 3' }),
];
const ids = (index: PaperIndex, q: string) => index.search(q).map((r) => r.id);

describe('popup search', () => {
  const index = new PaperIndex(library);

  it('finds a paper by a word of its note', () => {
    expect(ids(index, 'holography')).toEqual(['arxiv:hep-th/9711200']);
    expect(ids(index, 'reread')).toEqual(['arxiv:hep-th/9711200']);
  });

  it('finds a paper by an author', () => {
    expect(ids(index, 'shazeer')).toEqual(['arxiv:1706.03762']);
    expect(ids(index, 'Maldacena')).toEqual(['arxiv:hep-th/9711200']);
  });

  it('finds a paper by a tag, dashes and all', () => {
    expect(ids(index, 'to-cite')).toEqual(['arxiv:2006.11239']);
    expect(ids(index, 'transformers')).toEqual(['arxiv:1706.03762']);
  });

  it('finds a paper by the start of a title word, as the user types', () => {
    expect(ids(index, 'denois')).toEqual(['arxiv:2006.11239']);
    expect(ids(index, 'superconf')).toEqual(['arxiv:hep-th/9711200']);
  });

  it('forgives a typo in a longer word', () => {
    expect(ids(index, 'atention')).toEqual(['arxiv:1706.03762']);
  });

  it('needs every word to match', () => {
    expect(ids(index, 'attention maldacena')).toEqual([]);
    expect(ids(index, '  ')).toEqual([]);
  });

  it('follows changes to the library', () => {
    const live = new PaperIndex(library);
    const first = library[0]!;
    // A later note, as the background stamps it.
    const edited = { ...first, note: 'compare with holography', stamps: { ...first.stamps, note: first.stamps.note + 1 }, updatedAt: first.updatedAt + 1 };
    live.upsert([edited, paper('arxiv:2412.13795', { title: 'Holography now' })]);
    expect(ids(live, 'holography').sort()).toEqual(['arxiv:1706.03762', 'arxiv:2412.13795', 'arxiv:hep-th/9711200']);
    expect(live.size).toBe(4);
    // An older version arriving late (broadcasts can cross) does not undo the edit.
    live.upsert([first]);
    expect(ids(live, 'holography')).toContain(first.id);
    live.clear();
    expect(ids(live, 'holography')).toEqual([]);
    expect(live.size).toBe(0);
  });
});

describe('popup search, keystroke by keystroke', () => {
  it('finds, as each letter is typed, exactly what a fresh search for the query finds', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      paper(`arxiv:2401.${String(10000 + i)}`, {
        title: `${['Diffusion', 'Different', 'Retrieval', 'Consensus'][i % 4]} paper ${i}`,
        authors: [`Author ${i % 13}`],
        tags: i % 5 ? [] : ['diffusion-models'],
        note: i % 7 ? '' : `diff notes ${i}`,
      }),
    );
    const typing = new PaperIndex(many);
    const queries = ['d', 'di', 'dif', 'diff', 'diffu', 'diffus', 'diffusion', 'diffusion p', 'diffusion pa', 'di', 'au', 'author 1', 'author 12', 'co', 'cons', 'x'];
    for (const q of queries) expect(ids(typing, q), q).toEqual(ids(new PaperIndex(many), q));
    // A change between keystrokes is seen by the next one.
    typing.upsert([{ ...many[1]!, title: 'Diffusion after all', updatedAt: many[1]!.updatedAt + 1 }]);
    expect(ids(typing, 'diffusion')).toContain(many[1]!.id);
  });
});
