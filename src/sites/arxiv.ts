/**
 * arXiv: abstract pages (for now; listings and search results follow).
 */
import { toPaperId } from '../shared/paper-id';
import type { PaperOccurrence, SiteAdapter } from './types';

const SELECTORS = {
  /** Abstract page, every era: the citation meta tags in <head>. */
  absId: 'meta[name="citation_arxiv_id"]',
  absTitleMeta: 'meta[name="citation_title"]',
  absAuthorMeta: 'meta[name="citation_author"]',
  /** Abstract page body (2019-2026 design): the title heading inside #abs. */
  absTitle: '#abs h1.title, h1.title',
} as const;

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function absPage(root: ParentNode, url: URL): PaperOccurrence[] {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const metaId = doc.querySelector(SELECTORS.absId)?.getAttribute('content');
  const id = toPaperId(metaId) ?? toPaperId(url.href);
  if (!id) return [];
  const heading = root.querySelector(SELECTORS.absTitle);
  const metaTitle = doc.querySelector(SELECTORS.absTitleMeta)?.getAttribute('content') ?? '';
  const title = metaTitle.trim() || text(heading).replace(/^Title:\s*/, '');
  const authors = [...doc.querySelectorAll(SELECTORS.absAuthorMeta)]
    .map((m) => (m.getAttribute('content') ?? '').trim())
    .filter(Boolean);
  const anchor = heading ?? doc.body;
  if (!anchor) return [];
  return [{ id, title, authors, anchor }];
}

export const arxiv: SiteAdapter = {
  id: 'arxiv',
  matches: (url) => ARXIV_HOSTS.has(url.hostname) && /^\/abs\//.test(url.pathname),
  findPapers(root, url) {
    if (/^\/abs\//.test(url.pathname)) return absPage(root, url);
    return [];
  },
};
