/**
 * arXiv: listings (/list, /catchup), search results, abstract pages and the HTML view.
 *
 * Every page kind is read by one pass over its entries: listings can hold 2000 papers and the
 * content script calls findPapers again on every DOM change. Ids come from the `/abs/<id>`
 * links (stable for 30 years); class names are used only where arXiv offers nothing else.
 */
import { toPaperId, type PaperId } from '../shared/paper-id';
import type { PaperOccurrence, SiteAdapter } from './types';

const SELECTORS = {
  /** Listings (/list/<archive>/new|recent|pastweek|<yymm>, /catchup/<archive>/<date>): current
   *  pages (arxiv-browse) have one `dl#articles` per section, its <h3> inside (or one for all);
   *  legacy pages have several plain <dl> in #dlpage, the <h3> headings between them. */
  listingDl: '#dlpage dl, dl#articles, #content-inner dl',
  /** Listing <dt>, every era: the abstract link, the first `a` whose href has `/abs/<id>`
   *  (relative; absolute on mirrors). Found by a loop in absLinkId, for speed. */
  /** Listing <dt>, current pages: the same link carries the id in its id attribute. */
  listingAbsTitled: 'a[title="Abstract"][id]',
  /** Listing <dd>, every era: title (a class name: read with getElementsByClassName), authors
   *  and the block that holds them. */
  listingTitleClass: 'list-title',
  /** The author names are the links inside it; reaching them through this div is about twice
   *  as fast on 2000 entries as a descendant selector scoped to the dd. A class name: seen on
   *  the saved 2018, 2023 and 2026 listings. */
  listingAuthors: '.list-authors',
  /** Listing <dd>, 2018-2026 (same saved pages): the block holding title, authors, subjects. */
  listingMeta: 'div.meta',
  /** Listing <dd> and abstract page, 2010-2026: "Machine Learning (cs.LG)", the primary first. */
  primarySubject: '.primary-subject',
  /** Listing <dd>, 2018-2026 (saved pages): "Subjects: Machine Learning (cs.LG); Artificial
   *  Intelligence (cs.AI)", the primary first; and "Comments: 12 pages", when the author gave any. */
  listingSubjects: 'list-subjects',
  listingComments: 'list-comments',
  /** Listing <dd>, /new and /catchup pages only (2018 and 2026 saved pages): the abstract, a
   *  <p class="mathjax"> after the meta divs. Listings without abstracts have no such <p>. */
  listingAbstract: 'p.mathjax',
  /** Search results, 2018-2026 design: the category tags, the primary one first and a link. */
  searchPrimary: '.tags .tag.is-link',
  /** Same: every category tag (the primary and the cross-lists), named in data-tooltip; the DOI
   *  and journal tags beside them (`.tags.has-addons`) have no tooltip. */
  searchCategories: '.tags .tag[data-tooltip]',
  /** Same (saved page of 2025-12): the whole abstract (hidden until "More"; its "△ Less" link
   *  is cut off below) and "Comments: 6 pages" when there are comments. */
  searchAbstract: 'span.abstract-full',
  searchComments: 'p.comments',
  /** Search results (/search/?…, /search/advanced?…, /search/<archive>?…), 2018-2026 design. */
  searchResult: 'li.arxiv-result',
  /** Search results, 2018-2026 design (saved page of 2025-12): the abstract link, by href. */
  searchAbsLink: 'p.list-title > a[href*="/abs/"]',
  /** Search results, same design: title and author links, by class name (a guess past 2025). */
  searchTitle: 'p.title',
  searchAuthors: 'p.authors > a',
  /** Abstract page, every era: the citation meta tags in <head>. */
  absId: 'meta[name="citation_arxiv_id"]',
  absTitleMeta: 'meta[name="citation_title"]',
  absAuthorMeta: 'meta[name="citation_author"]',
  /** Abstract page body (2019-2026 design): the title heading inside #abs. */
  absTitle: '#abs h1.title, h1.title',
  /** Abstract page body (2020 and 2021 saved pages): the abstract after its "Abstract:" label,
   *  the metatable's comments and subjects cells (the primary subject first). */
  absAbstract: 'blockquote.abstract',
  absComments: 'td.comments',
  absSubjects: 'td.subjects',
  /** HTML view (/html/<id>v<N>, LaTeXML output 2023-2026): the document title, its article. */
  htmlTitle: 'h1.ltx_title_document',
  htmlArticle: 'article.ltx_document',
  /** Inside any title: labels ("Title:"), MathJax 2's rendered output (its TeX source stays in
   *  a script, read below) and LaTeXML's \thanks notes. Not part of the title. */
  notTitleText: '.descriptor, .MathJax, .MathJax_Preview, .MathJax_Display, .MJX_Assistive_MathML, .ltx_note',
} as const;

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);

type PageKind = 'listing' | 'search' | 'abs' | 'html';

function pageKind(url: URL): PageKind | null {
  if (!ARXIV_HOSTS.has(url.hostname)) return null;
  const p = url.pathname;
  if (/^\/list\/[^/]+\/[^/]+\/?$/.test(p) || /^\/catchup(\/|$)/.test(p)) return 'listing';
  if (/^\/search(\/|$)/.test(p)) return 'search';
  if (/^\/abs\/./.test(p)) return 'abs';
  if (/^\/html\/./.test(p)) return 'html';
  return null;
}

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Text as the author wrote it (a title, an abstract, comments): math back to its TeX source,
 *  labels ("Title:", "Abstract:") left out. */
function sourceText(el: Element | null): string {
  if (!el) return '';
  let out = '';
  const walk = (node: Element): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      if (child.nodeType !== 1) continue;
      const e = child as Element;
      if (e.localName === 'script') {
        if ((e.getAttribute('type') ?? '').startsWith('math/tex')) out += `$${e.textContent ?? ''}$`;
      } else if (e.localName === 'math' && e.hasAttribute('alttext')) {
        out += `$${e.getAttribute('alttext')}$`;
      } else if (!e.matches(SELECTORS.notTitleText)) {
        walk(e);
      }
    }
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}

function texts(els: Iterable<Element>): string[] {
  const out: string[] = [];
  for (const el of els) {
    const t = text(el);
    if (t) out.push(t);
  }
  return out;
}

type Lazy = 'title' | 'authors' | 'primaryClass' | 'categories' | 'abstract' | 'comments';
type Readers = { [K in Lazy]-?: () => PaperOccurrence[K] };

/**
 * An occurrence whose text is read when first asked for: on a 2000-entry listing the content
 * script needs it only for the few papers the user looks at or edits, and for rules when the
 * user has some; reading text is most of an eager scan's cost. The getters are a class's: an
 * object literal with six getters takes several times longer to make, 2000 times a scan. (So
 * a spread does not copy them: read the fields by name.)
 */
abstract class LazyOccurrence implements PaperOccurrence {
  readonly #got: Partial<Record<Lazy, unknown>> = {};

  constructor(
    readonly id: PaperId,
    readonly anchor: Element,
    readonly container: Element[] | undefined,
  ) {}

  protected abstract read<K extends Lazy>(k: K): PaperOccurrence[K];

  #once<K extends Lazy>(k: K): PaperOccurrence[K] {
    const got = this.#got;
    return (k in got ? got[k] : (got[k] = this.read(k))) as PaperOccurrence[K];
  }

  get title() {
    return this.#once('title');
  }
  get authors() {
    return this.#once('authors');
  }
  get primaryClass() {
    return this.#once('primaryClass');
  }
  get categories() {
    return this.#once('categories');
  }
  get abstract() {
    return this.#once('abstract');
  }
  get comments() {
    return this.#once('comments');
  }
}

/** An occurrence read through a set of functions (search results, abstract pages: few per page). */
class ReadOccurrence extends LazyOccurrence {
  readonly #read: Readers;

  constructor(id: PaperId, anchor: Element, container: Element[] | undefined, read: Readers) {
    super(id, anchor, container);
    this.#read = read;
  }

  protected read<K extends Lazy>(k: K): PaperOccurrence[K] {
    return this.#read[k]() as PaperOccurrence[K];
  }
}

/** "Machine Learning (cs.LG)" → "cs.LG"; a bare "hep-ph" as it is. */
function categoryOf(el: Element | null | undefined): string | undefined {
  const t = text(el);
  const m = /\(([a-z][a-z-]*(?:\.[A-Za-z-]+)?)\)$/.exec(t) ?? /^([a-z][a-z-]*(?:\.[A-Za-z-]+)?)$/.exec(t);
  return m?.[1];
}

/** "Subjects: Machine Learning (cs.LG); Genomics (q-bio.GN)" → ['cs.LG', 'q-bio.GN'], in order;
 *  undefined where the page has no subjects line. */
function categoriesIn(el: Element | null | undefined): string[] | undefined {
  if (!el) return undefined;
  return [...text(el).matchAll(/\(([a-z][a-z-]*(?:\.[A-Za-z-]+)?)\)/g)].map((m) => m[1]!);
}

/** The author's text of an element, or undefined when there is none. */
function optionalText(el: Element | null | undefined, cut?: RegExp): string | undefined {
  const t = el ? sourceText(el) : '';
  return (cut ? t.replace(cut, '').trim() : t) || undefined;
}

/** The dt's abstract link: its first `a` whose href has /abs/ (getElementsByTagName and a
 *  plain loop: several times faster than querySelector over 2000 entries). */
function absLinkId(dt: Element): PaperId | null {
  for (const a of dt.getElementsByTagName('a')) {
    const href = a.getAttribute('href');
    if (href && href.includes('/abs/')) return toPaperId(href);
  }
  return toPaperId(dt.querySelector(SELECTORS.listingAbsTitled)?.getAttribute('id'));
}

/** A listing's dt/dd pair: made 2000 times a scan, so its fields are read by a method, not
 *  by six closures made for each entry. */
class ListingOccurrence extends LazyOccurrence {
  constructor(
    id: PaperId,
    dt: Element,
    private readonly dd: Element | null,
    private readonly titleEl: Element | null,
  ) {
    super(id, titleEl ?? dd?.querySelector(SELECTORS.listingMeta) ?? dd ?? dt, dd ? [dt, dd] : [dt]);
  }

  protected read<K extends Lazy>(k: K): PaperOccurrence[K] {
    const dd = this.dd;
    return ((): PaperOccurrence[Lazy] => {
      switch (k) {
        case 'title':
          return sourceText(this.titleEl);
        case 'authors':
          return texts(dd?.querySelector(SELECTORS.listingAuthors)?.getElementsByTagName('a') ?? []);
        case 'primaryClass':
          return categoryOf(dd?.querySelector(SELECTORS.primarySubject));
        case 'categories':
          return categoriesIn(dd?.getElementsByClassName(SELECTORS.listingSubjects)[0]);
        case 'abstract':
          return optionalText(dd?.querySelector(SELECTORS.listingAbstract));
        default:
          return optionalText(dd?.getElementsByClassName(SELECTORS.listingComments)[0]);
      }
    })() as PaperOccurrence[K];
  }
}

function listingEntry(dt: Element, dd: Element | null): PaperOccurrence | null {
  const id = absLinkId(dt);
  if (!id) return null;
  return new ListingOccurrence(id, dt, dd, dd?.getElementsByClassName(SELECTORS.listingTitleClass)[0] ?? null);
}

/** Each dl's children once, in order: a <dt> pairs with the <dd> that follows it. */
function listing(root: ParentNode): PaperOccurrence[] {
  const out: PaperOccurrence[] = [];
  const push = (dt: Element, dd: Element | null) => {
    const entry = listingEntry(dt, dd);
    if (entry) out.push(entry);
  };
  const dls = [...root.querySelectorAll(SELECTORS.listingDl)];
  if (root instanceof Element && root.matches(SELECTORS.listingDl)) dls.unshift(root);
  for (const dl of dls) {
    let dt: Element | null = null;
    for (const child of dl.children) {
      if (child.localName === 'dt') {
        if (dt) push(dt, null);
        dt = child;
      } else if (child.localName === 'dd' && dt) {
        push(dt, child);
        dt = null;
      }
    }
    if (dt) push(dt, null);
  }
  return out;
}

function searchResults(root: ParentNode): PaperOccurrence[] {
  const out: PaperOccurrence[] = [];
  for (const li of root.querySelectorAll(SELECTORS.searchResult)) {
    const id = toPaperId(li.querySelector(SELECTORS.searchAbsLink)?.getAttribute('href'));
    if (!id) continue;
    const titleEl = li.querySelector(SELECTORS.searchTitle);
    out.push(
      new ReadOccurrence(id, titleEl ?? li, [li], {
        title: () => sourceText(titleEl),
        authors: () => texts(li.querySelectorAll(SELECTORS.searchAuthors)),
        primaryClass: () => categoryOf(li.querySelector(SELECTORS.searchPrimary)),
        categories: () => [...li.querySelectorAll(SELECTORS.searchCategories)].map(categoryOf).filter((c) => c !== undefined),
        abstract: () => optionalText(li.querySelector(SELECTORS.searchAbstract), /△\s*Less$/),
        comments: () => optionalText(li.querySelector(SELECTORS.searchComments), /^Comments:/),
      }),
    );
  }
  return out;
}

function docOf(root: ParentNode): Document {
  return (root as Node).ownerDocument ?? (root as Document);
}

function absPage(root: ParentNode, url: URL): PaperOccurrence[] {
  const doc = docOf(root);
  const metaId = doc.querySelector(SELECTORS.absId)?.getAttribute('content');
  const id = toPaperId(metaId) ?? toPaperId(url.href);
  if (!id) return [];
  const heading = root.querySelector(SELECTORS.absTitle);
  const metaTitle = doc.querySelector(SELECTORS.absTitleMeta)?.getAttribute('content') ?? '';
  const title = metaTitle.trim() || sourceText(heading);
  const authors = [...doc.querySelectorAll(SELECTORS.absAuthorMeta)]
    .map((m) => (m.getAttribute('content') ?? '').trim())
    .filter(Boolean);
  const anchor = heading ?? doc.body;
  if (!anchor) return [];
  return [
    new ReadOccurrence(id, anchor, undefined, {
      title: () => title,
      authors: () => authors,
      primaryClass: () => categoryOf(root.querySelector(SELECTORS.primarySubject)),
      categories: () => categoriesIn(root.querySelector(SELECTORS.absSubjects)),
      abstract: () => optionalText(root.querySelector(SELECTORS.absAbstract)),
      comments: () => optionalText(root.querySelector(SELECTORS.absComments)),
    }),
  ];
}

/** The HTML view is one paper: its id is in the URL (the page's own links are references). */
function htmlView(root: ParentNode, url: URL): PaperOccurrence[] {
  const id = toPaperId(url.pathname);
  if (!id) return [];
  const heading = root.querySelector(SELECTORS.htmlTitle);
  const anchor = heading ?? root.querySelector(SELECTORS.htmlArticle) ?? docOf(root).body;
  if (!anchor) return [];
  return [{ id, title: sourceText(heading), anchor }];
}

export const arxiv: SiteAdapter = {
  id: 'arxiv',
  matches: (url) => pageKind(url) !== null,
  findPapers(root, url) {
    switch (pageKind(url)) {
      case 'listing':
        return listing(root);
      case 'search':
        return searchResults(root);
      case 'abs':
        return absPage(root, url);
      case 'html':
        return htmlView(root, url);
      default:
        return [];
    }
  },
};
