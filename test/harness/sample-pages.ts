/**
 * The pages `npm start` opens, each served at its real URL: the saved real pages where
 * ../shared/fixtures is present, and the project's own pages always.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateArxivListing } from '../fixtures/arxiv-listing';
import { hasShared, OWN_FIXTURES, ownFixture, sharedFixture } from './fixtures';

export interface SamplePage {
  url: string;
  label: string;
  body: () => string;
}

const shared = (url: string, label: string, rel: string): SamplePage[] =>
  hasShared ? [{ url, label, body: () => sharedFixture(rel) }] : [];
const own = (url: string, label: string, name: string): SamplePage[] =>
  existsSync(join(OWN_FIXTURES, name)) ? [{ url, label, body: () => ownFixture(name) }] : [];

export function samplePages(): SamplePage[] {
  return [
    {
      url: 'https://arxiv.org/list/cs.LG/new',
      label: 'arxiv-listing-new',
      body: () => generateArxivListing({ entries: 60, view: 'new' }),
    },
    ...own('https://huggingface.co/papers', 'hf-listing-own', 'hf-listing-edge-cases.html'),
    ...shared('https://huggingface.co/papers/date/2026-07-02', 'hf-daily', 'huggingface/hf-papers-daily-2026-07-02.html'),
    ...shared(
      'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&size=200',
      'arxiv-search',
      'arxiv/arxiv-search-abstract-distributed-systems-2025-12.html',
    ),
    ...shared('https://arxiv.org/abs/2106.09608', 'arxiv-abs', 'arxiv/arxiv-abs-2106.09608-2021.html'),
    ...own('https://arxiv.org/abs/hep-th/9711200', 'arxiv-abs-old-style', 'arxiv-abs-old-style.html'),
  ];
}
