/**
 * Generic paper links, for sites the user turned Margin on for. Last in the registry: it
 * matches any page. Each distinct paper linked from the page is one occurrence, placed after
 * its first link; the other links to it (the pdf next to the abstract, a DOI further down)
 * add nothing but, perhaps, a title.
 */
import { HOST_TAG } from '../content/host';
import { toPaperId, type PaperId } from '../shared/paper-id';
import type { PaperOccurrence, SiteAdapter } from './types';

const SELECTORS = {
  /** Any page: every link. Which of them are papers is decided by toPaperId. */
  link: 'a[href]',
  /** Any page: Margin's own hosts; links inside them are Margin's, not the page's. */
  ownHost: HOST_TAG,
  /** Pages with a <base href>, against which their relative links resolve. */
  base: 'base[href]',
} as const;

// Link texts that name the kind of link, not the paper: "[PDF]", "arXiv", "Read Paper".
const GENERIC_TEXT =
  /^(?:pdf|html|abs|abstract|arxiv|arxiv (?:page|link|preprint|version)|alphaxiv|hf|hugging ?face|hf papers?|paper|paper page|preprint|doi|link|here|this|full ?text|download(?: pdf)?|(?:read|view|open)(?: the)? (?:paper|pdf|abstract|arxiv(?: page)?|on arxiv)|source|code)$/i;

/** The link's text when it reads as a paper's title; '' for "pdf", ids, URLs and the like. */
function titleOf(link: Element): string {
  // Google Scholar prefixes its side links with the format: "[PDF] arxiv.org".
  const text = (link.textContent ?? '').replace(/\s+/g, ' ').trim().replace(/^\[(?:pdf|html)\]\s*/i, '');
  if (text.length < 4 || text.length > 500 || !/\p{L}/u.test(text)) return '';
  const bare = text.replace(/^[[(]\s*|\s*[\])]$/g, '').replace(/[.:,;]$/, '');
  if (GENERIC_TEXT.test(bare)) return '';
  // A URL or a bare host ("https://…", "arxiv.org/abs/…", "arxiv.org").
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i.test(bare)) return '';
  if (/^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:\/\S*)?$/i.test(bare)) return '';
  // An id in any spelling ("2106.09608", "arXiv:2106.09608v2", "10.48550/arXiv.…"), with or
  // without the category arXiv prints after it ("arXiv:2106.09608 [cs.CL]").
  if (toPaperId(bare) || toPaperId(text.replace(/\s*\[[\w.-]+\]$/, ''))) return '';
  return text;
}

/** The URL links resolve against: the page's <base href> if it has one, else the page's URL. */
export function baseOf(root: ParentNode, url: URL): URL {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const base = doc.querySelector(SELECTORS.base)?.getAttribute('href');
  if (!base) return url;
  try {
    return new URL(base, url);
  } catch {
    return url;
  }
}

/** The paper a link points at, read as the browser would resolve it on this page. */
function paperOf(href: string, base: URL): PaperId | null {
  if (href === '' || href.startsWith('#')) return null;
  let resolved: URL;
  try {
    // Resolved against the page, a relative `/abs/…` on a blog is the blog's own page.
    resolved = new URL(href, base);
  } catch {
    return null;
  }
  if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') return null;
  return toPaperId(resolved.href);
}

/** The paper a page's link points at (null for other links and for links inside Margin's hosts). */
export function linkedPaper(link: Element, base: URL): PaperId | null {
  const id = paperOf(link.getAttribute('href') ?? '', base);
  return id && !link.closest(SELECTORS.ownHost) ? id : null;
}

export const links: SiteAdapter = {
  id: 'links',
  matches: () => true,
  findPapers(root, url) {
    const base = baseOf(root, url);
    const byId = new Map<PaperId, PaperOccurrence>();
    for (const link of root.querySelectorAll(SELECTORS.link)) {
      const id = linkedPaper(link, base);
      if (!id) continue;
      const seen = byId.get(id);
      if (!seen) byId.set(id, { id, title: titleOf(link), anchor: link });
      else if (!seen.title) seen.title = titleOf(link);
    }
    return [...byId.values()];
  },
};
