/**
 * The JSON Hugging Face embeds in its Svelte components' `data-props` attribute, read into
 * per-paper metadata. The listing re-renders itself, so the content script re-scans often; the
 * attribute is a few hundred kilobytes, so it is parsed once per distinct value and the result
 * kept until the attribute changes.
 */
import { toPaperId, type PaperId } from '../shared/paper-id';

export interface PaperMeta {
  title: string;
  authors: string[];
  /** The abstract (`paper.summary`); '' when the JSON has none. */
  summary: string;
}

export type MetaById = ReadonlyMap<PaperId, PaperMeta>;

const EMPTY: MetaById = new Map();

// Keyed by the element, checked against the attribute string: an in-page navigation that
// swaps the props on the same element gets a fresh parse, a re-scan of the same page does not.
const cache = new WeakMap<Element, { raw: string; meta: MetaById }>();

/** Metadata from one `[data-props]` element; empty when the attribute is absent or broken. */
export function metaFrom(holder: Element): MetaById {
  const raw = holder.getAttribute('data-props');
  if (raw === null) return EMPTY;
  const hit = cache.get(holder);
  if (hit && hit.raw === raw) return hit.meta;
  const meta = parseProps(raw);
  cache.set(holder, { raw, meta });
  return meta;
}

function parseProps(raw: string): MetaById {
  let props: unknown;
  try {
    props = JSON.parse(raw);
  } catch {
    return EMPTY; // the page's own bug: the DOM still says where the papers are
  }
  if (!isObject(props)) return EMPTY;
  const out = new Map<PaperId, PaperMeta>();
  // Listings (daily, weekly, monthly, trending, search): dailyPapers[i].paper.
  if (Array.isArray(props.dailyPapers)) {
    for (const item of props.dailyPapers) add(out, isObject(item) ? item.paper : undefined);
  }
  // Single paper page: the page's paper.
  add(out, props.paper);
  return out;
}

function add(out: Map<PaperId, PaperMeta>, paper: unknown): void {
  if (!isObject(paper) || typeof paper.id !== 'string') return;
  const id = toPaperId(paper.id);
  if (!id || out.has(id)) return;
  const title = typeof paper.title === 'string' ? clean(paper.title) : '';
  const authors = Array.isArray(paper.authors)
    ? paper.authors
        .map((a) => (isObject(a) && typeof a.name === 'string' ? clean(a.name) : ''))
        .filter(Boolean)
    : [];
  const summary = typeof paper.summary === 'string' ? clean(paper.summary) : '';
  out.set(id, { title, authors, summary });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** arXiv titles arrive with their line breaks ("…Modality-Aware\n  Experts"). */
export function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
