/**
 * Hugging Face Papers: the listings (daily, weekly, monthly, trending, search) and a single
 * paper's page. The DOM says where each paper sits; the page's embedded JSON, when it is there
 * and sound, says what the paper is called and who wrote it. Class names are Tailwind
 * utilities that changed between the 2024 and 2026 markup, so nothing here depends on them.
 */
import { toPaperId, type PaperId } from '../shared/paper-id';
import { clean, metaFrom, type MetaById, type PaperMeta } from './huggingface-data';
import type { PaperOccurrence, SiteAdapter } from './types';

const SELECTORS = {
  /** Listings (2024 and 2026 markup): the DailyPapers component carrying the page's JSON. */
  listingData: 'div[data-target="DailyPapers"][data-props]',
  /** Single paper page: the PaperContent component carrying that paper's JSON. */
  paperData: 'div[data-target="PaperContent"][data-props]',
  /** Listings, and related-paper cards on a paper page: one card per paper. */
  card: 'article',
  /** Card title (2024 and 2026 markup): `h3 > a[href="/papers/<id>"]`. The thumbnail and
   * comment links in the same card point at the same id and are not read. */
  cardTitle: 'h3 > a[href]',
  /** Single paper page: the paper's title heading. A guess: no paper page is saved; scrapers
   *  of the 2024-2026 site read the title from its <h1> (test/fixtures/hf-paper-page.html). */
  pageTitle: 'h1',
} as const;

const HOSTS = new Set(['huggingface.co', 'www.huggingface.co']);

function isPapersPath(path: string): boolean {
  return /^\/papers(\/|$)/.test(path);
}

/** The paper a `/papers/<id>` URL is about; null for `/papers`, `/papers/trending`, `/papers/date/…`. */
function pagePaper(url: URL): PaperId | null {
  return /^\/papers\/[^/]+\/?$/.test(url.pathname) ? toPaperId(url.pathname) : null;
}

function documentOf(root: ParentNode): Document {
  return (root as Node).ownerDocument ?? (root as Document);
}

/** Every paper the page's JSON describes, from each data-carrying component. */
function pageMeta(root: ParentNode): MetaById {
  const doc = documentOf(root);
  const holders = doc.querySelectorAll(`${SELECTORS.listingData}, ${SELECTORS.paperData}`);
  if (holders.length === 1) return metaFrom(holders[0]!);
  const all = new Map<PaperId, PaperMeta>();
  for (const holder of holders) for (const [id, meta] of metaFrom(holder)) if (!all.has(id)) all.set(id, meta);
  return all;
}

/** What the page's JSON adds to an occurrence: authors and abstract (Hugging Face shows no
 *  arXiv categories: an empty list, so that `cat:` rules match none of its papers). */
function known(meta: PaperMeta | undefined): Partial<PaperOccurrence> {
  if (!meta) return { categories: [] };
  return { authors: meta.authors, categories: [], ...(meta.summary ? { abstract: meta.summary } : {}) };
}

function cardOccurrence(card: Element, meta: MetaById): PaperOccurrence | null {
  const link = card.querySelector(SELECTORS.cardTitle);
  const heading = link?.parentElement;
  // A card nested in another card is read on its own turn, not as its parent's title.
  if (!link || !heading || heading.closest(SELECTORS.card) !== card) return null;
  // `/papers/<id>` is a paper; `/papers/trending`, `/papers/date/…`, `/user` are not.
  const id = toPaperId(link.getAttribute('href'));
  if (!id) return null;
  const paper = meta.get(id);
  return { id, title: paper?.title || clean(link.textContent ?? ''), ...known(paper), anchor: heading, container: [card] };
}

/** The paper a single paper page is about, anchored at its title heading. */
function mainOccurrence(root: ParentNode, url: URL, meta: MetaById): PaperOccurrence | null {
  const id = pagePaper(url);
  if (!id) return null;
  const doc = documentOf(root);
  const holder = doc.querySelector(SELECTORS.paperData);
  let heading = holder?.querySelector(SELECTORS.pageTitle) ?? null;
  if (!heading) {
    for (const h1 of root.querySelectorAll(SELECTORS.pageTitle)) {
      if (!h1.closest(SELECTORS.card)) {
        heading = h1;
        break;
      }
    }
  }
  if (!heading || !(root as Node).contains(heading)) return null;
  const paper = meta.get(id);
  return { id, title: paper?.title || clean(heading.textContent ?? ''), ...known(paper), anchor: heading };
}

export const huggingface: SiteAdapter = {
  id: 'huggingface',
  matches: (url) => HOSTS.has(url.hostname) && isPapersPath(url.pathname),
  findPapers(root, url) {
    const meta = pageMeta(root);
    const main = mainOccurrence(root, url, meta);
    const found: PaperOccurrence[] = [];
    let mainPlaced = main === null;
    for (const card of root.querySelectorAll(SELECTORS.card)) {
      const occ = cardOccurrence(card, meta);
      if (!occ) continue;
      // Page order: the main paper goes before the first card that follows its heading.
      if (!mainPlaced && main && main.anchor.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found.push(main);
        mainPlaced = true;
      }
      found.push(occ);
    }
    if (!mainPlaced && main) found.push(main);
    return found;
  },
};
