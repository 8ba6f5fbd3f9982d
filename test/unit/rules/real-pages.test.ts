/**
 * Rules on saved real pages: the adapters read each entry, subjectOf makes it what rules read,
 * compileQuery matches. The expected ids were found by reading the pages (their subjects,
 * author and comment lines, titles and the Hugging Face JSON summaries), not by this code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../../src/content/rule-subject';
import { compileQuery, prepareSubject } from '../../../src/shared/rules/query';
import { arxiv } from '../../../src/sites/arxiv';
import { huggingface } from '../../../src/sites/huggingface';
import type { PaperOccurrence, SiteAdapter } from '../../../src/sites/types';
import { hasShared, ownFixture, SHARED_MISSING, sharedFixture } from '../../harness/fixtures';

const skipNote = hasShared ? '' : ` (skipped: ${SHARED_MISSING})`;

beforeAll(() => {
  // Saved pages link stylesheets; happy-dom would log each as a failed load.
  const happy = (window as unknown as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM;
  if (happy) happy.settings.handleDisabledFileLoadingAsSuccess = true;
});

function read(adapter: SiteAdapter, html: string, url: string): PaperOccurrence[] {
  return adapter.findPapers(new DOMParser().parseFromString(html, 'text/html'), new URL(url));
}

/** The ids of the entries a query matches, as bare arXiv ids, sorted. */
function matching(found: PaperOccurrence[], query: string): string[] {
  const match = compileQuery(query);
  const ids = found.filter((o) => match(prepareSubject(subjectOf(o)))).map((o) => o.id.replace(/^arxiv:/, ''));
  return [...new Set(ids)].sort();
}

const sorted = (ids: string[]) => [...ids].sort();

describe('rules on the 2018 /list/cs/new page (old markup: abstracts, comments, cross-lists)', () => {
  const page = () => read(arxiv, sharedFixture('arxiv/arxiv-list-cs-new-2018-07-20-old-markup.html'), 'https://arxiv.org/list/cs/new');

  it.skipIf(!hasShared)(`author:"C. Li" finds Chao Li and Chao-Feng Li, not the other Lis${skipNote}`, () => {
    const found = page();
    expect(matching(found, 'author:"C. Li"')).toEqual(sorted(['1804.07006', '1804.07459', '1804.08208', '1806.10342']));
    // Wuchen, Yuanzhi, Bei, Xudong and Jiahui Li too, without the initial.
    expect(matching(found, 'author:li')).toEqual(
      sorted(['1807.07095', '1601.03764', '1702.04463', '1804.00795', '1804.07006', '1804.07459', '1804.08208', '1806.10342', '1806.10465']),
    );
  });

  it.skipIf(!hasShared)(`cat:stat.* -cat:cs.LG: statistics papers not also in machine learning${skipNote}`, () => {
    expect(matching(page(), 'cat:stat.* -cat:cs.LG')).toEqual(sorted(['1807.07120', '1708.01677', '1805.10627']));
  });

  it.skipIf(!hasShared)(`"neural network" in titles and abstracts, not "neural networks"${skipNote}`, () => {
    expect(matching(page(), '"neural network"')).toEqual(
      sorted(['1807.07126', '1807.07155', '1807.07187', '1807.07525', '1807.07540', '1801.06687', '1805.11651']),
    );
  });

  it.skipIf(!hasShared)(`(LSTM OR recurrent) -cat:cs.CL${skipNote}`, () => {
    // 1807.07108 and 1805.11651 mention LSTMs too, but are cs.CL papers.
    expect(matching(page(), '(LSTM OR recurrent) -cat:cs.CL')).toEqual(sorted(['1807.07126', '1807.07436', '1807.00129']));
  });
});

describe('rules on the 2026 /list/cs.CL/recent page (no abstracts)', () => {
  const page = () => read(arxiv, sharedFixture('arxiv/arxiv-list-cs.CL-recent-2026-07-28.html'), 'https://arxiv.org/list/cs.CL/recent');

  it.skipIf(!hasShared)(`title:/\\bLLMs?\\b/ finds LLM and LLMs as words, not MLLM${skipNote}`, () => {
    expect(matching(page(), 'title:/\\bLLMs?\\b/')).toEqual(
      sorted(['2607.22529', '2607.22100', '2607.22041', '2607.22039', '2607.22026', '2607.22513', '2607.22165', '2607.21971']),
    );
  });

  it.skipIf(!hasShared)(`author:"Tao Chen" among seven papers by a Chen${skipNote}`, () => {
    const found = page();
    expect(matching(found, 'author:"Tao Chen"')).toEqual(['2607.21978', '2607.22529']);
    expect(matching(found, 'author:chen')).toHaveLength(7);
  });

  it.skipIf(!hasShared)(`comments:(ICML OR ICLR OR ACL)${skipNote}`, () => {
    expect(matching(page(), 'comments:(ICML OR ICLR OR ACL)')).toEqual(sorted(['2607.22039', '2607.21936', '2607.21799']));
  });
});

describe('rules on Hugging Face daily pages (the summary is the abstract)', () => {
  it.skipIf(!hasShared)(`2024-08-01: abstract:diffusion, and without the title saying so${skipNote}`, () => {
    const found = read(huggingface, sharedFixture('huggingface/hf-papers-daily-2024-08-01.html'), 'https://huggingface.co/papers');
    expect(matching(found, 'abstract:diffusion')).toEqual(['2407.21475', '2407.21705']);
    expect(matching(found, 'abstract:diffusion -title:diffusion')).toEqual(['2407.21475']);
    expect(matching(found, 'cat:cs')).toEqual([]); // the page shows no categories
  });

  it.skipIf(!hasShared)(`2026-07-02: abstract:benchmark (not SciIR, whose title alone says it)${skipNote}`, () => {
    const found = read(huggingface, sharedFixture('huggingface/hf-papers-daily-2026-07-02.html'), 'https://huggingface.co/papers');
    expect(matching(found, 'abstract:benchmark')).toEqual(
      sorted(['2606.28322', '2607.01071', '2607.00461', '2606.31551', '2607.01211', '2606.31292', '2607.01131', '2607.00115', '2606.31179', '2606.28661', '2606.28430']),
    );
  });
});

describe('subjectOf', () => {
  it('is what the page shows of an entry: title, authors, categories, abstract and comments', () => {
    const found = read(arxiv, ownFixture('arxiv-list-new.html'), 'https://arxiv.org/list/cs/new');
    expect(subjectOf(found[0]!)).toEqual({
      title: 'Efficient Spectral Galerkin Framework for Long-Context Attention',
      authors: ['Théo Andrieux', 'Ada Okafor', 'Mei Zhou'],
      categories: ['cs.LG', 'cs.CL'],
      abstract: 'We revisit arXiv:1706.03762 and make it faster.',
      comments: '12 pages; extends arXiv:2401.00002',
    });
    // A replacement without subjects, abstract or comments on the page.
    expect(subjectOf(found.find((o) => o.id === 'arxiv:1412.6980')!)).toEqual({
      title: 'Adam: A Method for Stochastic Optimization',
      authors: ['Diederik P. Kingma', 'Jimmy Ba'],
      categories: [],
    });
  });

  it('falls back to the primary category, and to no authors', () => {
    const anchor = document.createElement('h1');
    expect(subjectOf({ id: 'arxiv:2401.00001' as PaperOccurrence['id'], title: 'T', anchor, primaryClass: 'cs.LG' })).toEqual({
      title: 'T',
      authors: [],
      categories: ['cs.LG'],
    });
    expect(subjectOf({ id: 'arxiv:2401.00001' as PaperOccurrence['id'], title: 'T', anchor, categories: [], primaryClass: 'cs.LG' }).categories).toEqual([]);
  });

  it('a rule on an own page: a cross-listed paper matches its cross-list category', () => {
    const found = read(arxiv, ownFixture('arxiv-list-new.html'), 'https://arxiv.org/list/cs/new');
    expect(matching(found, 'cat:cs.LG -cat:cs.CL')).toEqual(['2607.00950', '2607.01005']);
    expect(matching(found, 'abstract:faster OR comments:pages')).toEqual(['2607.01001']);
  });
});
