/**
 * When a site is redesigned, its adapter may stop recognising the page: it finds no paper, or
 * far fewer than the page links. Margin then annotates the page's paper links the way it does
 * on sites the user turned it on for (the links adapter), so tags, queue, notes and the keyboard
 * keep working, and `<html>` says so until the adapter recognises the page again. Decided
 * afresh on every scan: a page that swaps its content in place may come and go out of it.
 */
import { setAttr } from './host';
import { toPaperId } from '../shared/paper-id';
import { baseOf, linkedPaper, links } from '../sites/links';
import type { PaperOccurrence, SiteAdapter } from '../sites/types';

/** On `<html>` while Margin shows the page's paper links instead of what the site's adapter found; its value is that adapter's id. */
export const FALLBACK_ATTR = 'data-paper-margin-fallback';

/**
 * How many of the page's links, spread evenly over it, are checked against what the adapter
 * found. Reading every link's paper costs far more than the adapter itself on a 2000-entry
 * listing (measured in Chromium: ~300 ms against ~20-35 ms), so a working adapter is confirmed
 * from a sample instead: about 1 ms there, most of it the browser counting the page's links.
 */
const SAMPLE = 64;

export interface Choice {
  papers: PaperOccurrence[];
  /** True when `papers` are the page's paper links because the site's adapter fell short. */
  fallback: boolean;
}

/**
 * The papers Margin shows on a page: the site adapter's, unless it found fewer than half of the
 * distinct papers the page links to (none, when the page links any). On a page about one paper
 * (an abstract, an HTML view) only "none" counts: its references are not its papers.
 */
export function choosePapers(site: SiteAdapter, root: ParentNode, url: URL): Choice {
  const found = site.findPapers(root, url);
  if (site === links) return { papers: found, fallback: false };
  if (found.length > 0 && (toPaperId(url.href) !== null || !mayFallShort(found, root, url))) {
    return { papers: found, fallback: false };
  }
  const linked = links.findPapers(root, url);
  const distinct = found.length === 0 ? 0 : new Set(found.map((o) => o.id)).size;
  return distinct * 2 < linked.length ? { papers: linked, fallback: true } : { papers: found, fallback: false };
}

/**
 * True when a sample of the page's links suggests the adapter missed papers: more than a
 * quarter of the sampled paper links point at papers it did not find. Stricter than the final
 * test, which counts every link, so sampling error does not hide a page that falls short.
 */
function mayFallShort(found: PaperOccurrence[], root: ParentNode, url: URL): boolean {
  const all = (root as Document | Element).getElementsByTagName('a');
  const step = Math.max(1, Math.floor(all.length / SAMPLE));
  const ids = new Set(found.map((o) => o.id));
  const base = baseOf(root, url);
  let papers = 0;
  let missed = 0;
  for (let i = 0; i < all.length; i += step) {
    const id = linkedPaper(all[i]!, base);
    if (!id) continue;
    papers++;
    if (!ids.has(id)) missed++;
  }
  return missed * 4 > papers;
}

export interface GuardedAdapter extends SiteAdapter {
  /** Whether the last scan fell back to the page's paper links. */
  readonly fallback: boolean;
}

/** The site's adapter with the fallback around it, marking `<html>` while it falls back. */
export function withFallback(site: SiteAdapter): GuardedAdapter {
  let fallback = false;
  return {
    id: site.id,
    matches: (url) => site.matches(url),
    get fallback() {
      return fallback;
    },
    findPapers(root, url) {
      const choice = choosePapers(site, root, url);
      fallback = choice.fallback;
      const doc = (root as Node).ownerDocument ?? (root as Document);
      setAttr(doc.documentElement, FALLBACK_ATTR, fallback ? site.id : null);
      return choice.papers;
    },
  };
}
