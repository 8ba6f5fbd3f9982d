/**
 * Canonical paper ids. Every spelling a user meets (bare ids, versions, abs/pdf/html URLs,
 * Hugging Face, alphaXiv and ar5iv pages, the arXiv DOI, arXiv's legacy paths) maps to one
 * key, `arxiv:<id>`, so a paper is one record wherever it appears. Anything we are not sure
 * of maps to null: a wrong id would silently merge two papers' notes, which is worse than
 * not annotating. `toPaperId` reads one string that is one id or link; `findPaperIds` finds
 * every id in a piece of text (a reading list, a BibTeX field, a reference).
 */

declare const brand: unique symbol;
export type PaperId = string & { readonly [brand]: 'PaperId' };

// Archives that issued old-style ids (arxiv.org/help/arxiv_identifier). A whitelist, so a
// path such as `/foo/1234567` on some other site is never mistaken for a paper.
const OLD_ARCHIVES = new Set([
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an', 'chao-dyn',
  'chem-ph', 'cmp-lg', 'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an', 'gr-qc', 'hep-ex',
  'hep-lat', 'hep-ph', 'hep-th', 'math', 'math-ph', 'mtrl-th', 'nlin', 'nucl-ex', 'nucl-th',
  'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'quant-ph', 'solv-int', 'supr-con',
]);

// New style: YYMM.NNNN (2007-04 to 2014-12) or YYMM.NNNNN (2015-01 on), optional version
// (arXiv numbers versions from 1; `V1` is how some tools print it).
const NEW_ID = /^(\d{2})(\d{2})\.(\d{4,5})(?:[vV](\d+))?$/;
// Old style: archive[.SUBJECT]/YYMMNNN, optional version. The subject class is not part of
// the identity (arXiv serves math.GT/0309136 as math/0309136), so it is dropped. A doubled
// slash (`hep-th//9901001`) is a slip arXiv's own parser forgives.
const OLD_ID = /^([a-z-]+)(?:\.[a-z-]{2,})?\/+(\d{2})(\d{2})(\d{3})(?:[vV](\d+))?$/i;

/** A bare arXiv identifier (no prefix, no URL) to its canonical form, or null. */
function canonicalArxiv(raw: string): string | null {
  // `hep-th/1601.07616`: a new-style id behind an archive name, as INSPIRE records have it.
  const s = raw.trim().replace(/^([a-z-]+)(?:\.[a-z-]+)?\/(?=\d{4}\.)/i, (m, a: string) => (OLD_ARCHIVES.has(a.toLowerCase()) ? '' : m));
  const mNew = NEW_ID.exec(s);
  if (mNew) {
    const [, yy, mm, seq, version] = mNew as unknown as [string, string, string, string, string?];
    const year = Number(yy);
    const month = Number(mm);
    if (month < 1 || month > 12 || Number(seq) === 0 || version === '0') return null;
    if (year < 7 || (year === 7 && month < 4)) return null; // new style began 0704
    if (year <= 14 && seq.length !== 4) return null; // 5-digit numbers began 1501
    if (year >= 15 && seq.length !== 5) return null;
    return `${yy}${mm}.${seq}`;
  }
  const mOld = OLD_ID.exec(s);
  if (mOld) {
    const [, archive, yy, mm, num, version] = mOld as unknown as [string, string, string, string, string, string?];
    const arch = archive.toLowerCase();
    if (!OLD_ARCHIVES.has(arch) || Number(num) === 0 || version === '0') return null;
    const year = Number(yy);
    const month = Number(mm);
    if (month < 1 || month > 12) return null;
    if (year > 7 && year < 91) return null; // old style ran 1991-08 to 2007-03
    if (year === 91 && month < 8) return null;
    if (year === 7 && month > 3) return null;
    return `${arch}/${yy}${mm}${num}`;
  }
  return null;
}

const ARXIV_HOSTS = new Set([
  'arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org',
  'xxx.lanl.gov', // arXiv's first home; old references still link there
]);
const AR5IV_HOSTS = new Set(['ar5iv.labs.arxiv.org', 'ar5iv.org', 'www.arxiv-vanity.com', 'arxiv-vanity.com']);
const ALPHAXIV_HOSTS = new Set(['alphaxiv.org', 'www.alphaxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);
const ADS_HOSTS = new Set(['ui.adsabs.harvard.edu', 'adsabs.harvard.edu', 'scixplorer.org']);
const DOI_PREFIX = /^10\.48550\/arxiv\.(.+)$/i;

// arXiv's own paths that name one paper: the abstract, the PDF, the HTML view, the formats
// page, PostScript, the source tarball (`src`, `e-print`) and the BibTeX entry.
const ARXIV_PATH = /^\/(abs|pdf|html|format|ps|src|e-print|bibtex)\/(.+?)\/*$/;
const ALPHAXIV_PATH = /^\/(abs|pdf|overview|audio|replicate)\/(.+?)\/*$/;
const AR5IV_PATH = /^\/(html|abs|papers)\/(.+?)\/*$/;

/** The id part of an arXiv-style path: /abs/<id>, /pdf/<id>[.pdf], /html/<id>[/...]. */
function fromArxivPath(path: string, pattern = ARXIV_PATH): string | null {
  const m = pattern.exec(path);
  if (!m) return null;
  // `/abs/arXiv:1310.2590`: arXiv strips the prefix, and link generators write it.
  let rest = decodeSafe(m[2]!).replace(/^arxiv:/i, '');
  if (m[1] === 'pdf' || m[1] === 'ps') rest = rest.replace(/\.(pdf|ps)$/i, '');
  if (m[1] === 'html') {
    // /html/2412.13795v1 or /html/2412.13795v1/ or /html/2412.13795v1/figure.png: keep
    // the id part only (an old-style id has one slash of its own).
    const old = /^([a-z-]+(?:\.[a-z-]+)?\/\d{7}(?:v\d+)?)(?:\/.*)?$/i.exec(rest);
    const neu = /^(\d{4}\.\d{4,5}(?:v\d+)?)(?:\/.*)?$/.exec(rest);
    rest = old?.[1] ?? neu?.[1] ?? rest;
  }
  return canonicalArxiv(rest);
}

/**
 * arXiv's legacy forms: `/ftp/<archive>/papers/<yymm>/<n>.pdf` (old style, archive and
 * number apart), `/ftp/arxiv/papers/<yymm>/<id>.pdf` (new style), and the query forms
 * `/abs?id=…`, `/abs?<old id>`, `/abs?archive=…&papernum=…`, `/abs/<archive>?papernum=…`.
 */
function fromLegacyArxiv(url: URL): string | null {
  const ftp = /^\/ftp\/([a-z-]+)\/papers\/(\d{4})\/([^/]+?)\.(?:pdf|ps|gz)$/i.exec(url.pathname);
  if (ftp) {
    const [, archive, yymm, file] = ftp as unknown as [string, string, string, string];
    if (archive.toLowerCase() === 'arxiv') return file.startsWith(yymm) ? canonicalArxiv(file) : null;
    return /^\d{7}$/.test(file) && file.startsWith(yymm) ? canonicalArxiv(`${archive}/${file}`) : null;
  }
  const abs = /^\/abs(?:\/([a-z-]+))?\/?$/i.exec(url.pathname);
  if (!abs || !url.search) return null;
  const q = url.searchParams;
  const query = decodeSafe(url.search.slice(1));
  if (abs[1]) return canonicalArxiv(`${abs[1]}/${q.get('papernum') ?? query}`);
  if (q.has('id')) return canonicalArxiv(q.get('id')!);
  if (q.has('archive') && q.has('papernum')) return canonicalArxiv(`${q.get('archive')}/${q.get('papernum')}`);
  return canonicalArxiv(query);
}

/**
 * An ADS bibcode of an arXiv e-print (`2020arXiv201207436Z`, `2013arXiv1307.1469P`,
 * `2002math.....11159P`) to the arXiv id, or null for any other bibcode.
 */
function fromBibcode(code: string): string | null {
  if (code.length !== 19) return null;
  const neu = /^\d{4}arXiv(\d{4})(\.\d{4}|\d{5})[A-Z.]$/.exec(code);
  if (neu) return canonicalArxiv(`${neu[1]}.${neu[2]!.replace('.', '')}`);
  const old = /^(\d{4})([a-z]+(?:\.[a-z]+)?)\.*(\d{3,5})[A-Z.]$/.exec(code);
  if (!old) return null;
  const [, year, archive, digits] = old as unknown as [string, string, string, string];
  return canonicalArxiv(`${archive.replace('.', '-')}/${year.slice(2)}${digits.padStart(5, '0')}`);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromUrl(url: URL): string | null {
  // `user:pw@arxiv.org` is a trick to make a foreign link look like arXiv's: refuse it.
  if (url.username || url.password || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (ARXIV_HOSTS.has(host)) {
    if (url.pathname === '/oai2') return fromOai(url.searchParams.get('identifier') ?? '');
    return fromArxivPath(path) ?? fromLegacyArxiv(url);
  }
  if (ALPHAXIV_HOSTS.has(host)) return fromArxivPath(path, ALPHAXIV_PATH);
  if (AR5IV_HOSTS.has(host)) return fromArxivPath(path, AR5IV_PATH);
  if (HF_HOSTS.has(host)) {
    const m = /^\/papers\/([^/]+)\/?$/.exec(path);
    return m ? canonicalArxiv(decodeSafe(m[1]!)) : null;
  }
  if (DOI_HOSTS.has(host)) {
    const m = DOI_PREFIX.exec(decodeSafe(path.slice(1)));
    return m ? canonicalArxiv(m[1]!) : null;
  }
  if (ADS_HOSTS.has(host)) {
    const m = /^\/(?:#?abs)\/([^/]+)(?:\/.*)?$/.exec(path);
    return m ? fromBibcode(decodeSafe(m[1]!)) : null;
  }
  return null;
}

/** A path as arxiv.org would read it (one the URL parser makes another site's, `/\\evil`, refused). */
function fromRelative(s: string): string | null {
  try {
    const url = new URL(s, 'https://arxiv.org');
    return url.hostname === 'arxiv.org' ? fromUrl(url) : null;
  } catch {
    return null;
  }
}

/** `oai:arXiv.org:1912.04616`: the OAI-PMH identifier of a paper. */
function fromOai(s: string): string | null {
  const m = /^oai:arxiv\.org:(.+)$/i.exec(s.trim());
  return m ? canonicalArxiv(m[1]!) : null;
}

/**
 * Any spelling of an arXiv paper to `arxiv:<id>`, or null when it is not (surely) a paper.
 * Relative paths (`/abs/…`, `/pdf/…`, `/html/…`, `/papers/…`) are read as they would be on
 * arxiv.org and huggingface.co, where site adapters meet them.
 */
export function toPaperId(input: string | null | undefined): PaperId | null {
  if (typeof input !== 'string') return null;
  const s = input.trim();
  if (s.length === 0 || s.length > 2048) return null;

  let id: string | null = null;
  if (/^https?:\/\//i.test(s) || s.startsWith('//')) {
    try {
      id = fromUrl(new URL(s, 'https://arxiv.org'));
    } catch {
      id = null;
    }
  } else if (s.startsWith('/')) {
    const path = s.split(/[?#]/)[0]!;
    if (path.startsWith('/papers/')) id = fromUrl(new URL(path, 'https://huggingface.co'));
    // The listing's own links (`/abs/2412.13795`, thousands a page) are read without
    // building a URL, which costs several times more; anything else goes the whole way.
    else id = fromArxivPath(path) ?? fromRelative(s);
  } else if (/^(?:www\.|export\.)?arxiv\.org\//i.test(s) || /^(?:dx\.)?doi\.org\//i.test(s)) {
    try {
      id = fromUrl(new URL(`https://${s}`));
    } catch {
      id = null;
    }
  } else if (/^oai:/i.test(s)) {
    id = fromOai(s);
  } else if (s.length === 19 && /^\d{4}[a-z]/i.test(s)) {
    id = fromBibcode(s);
  } else {
    const bare = s.replace(/^doi:\s*/i, '');
    const doi = DOI_PREFIX.exec(bare);
    if (doi) id = canonicalArxiv(doi[1]!);
    else id = canonicalArxiv(s.replace(/^arxiv:\s*/i, ''));
  }
  return id ? (`arxiv:${id}` as PaperId) : null;
}

// What findPaperIds looks for, left to right; the first alternative that matches at a
// place wins. Web links are read whole by toPaperId, so an id-shaped piece of a foreign
// link (`github.com/x/2401.12345`, a DOI's `2014.00033`) is never taken for a paper. Built
// on first use (a function), so the content script, which never searches text, drops it.
const findPattern = () => new RegExp(
  [
    // a web link, stopping where another begins (`…%5Cnhttp://…`: two joined by accident)
    String.raw`(?<url>https?:\/\/(?:(?!https?:\/\/)[^\s<>"'\x60{}|\\^\[\]])+)`,
    // arxiv.org/… or doi.org/… written without a scheme
    String.raw`(?<![\w.@\/:-])(?<bareurl>(?:(?:www|export)\.)?(?:arxiv|doi)\.org\/(?:(?!https?:\/\/)[^\s<>"'\x60{}|\\^\[\]])+)`,
    // the arXiv DOI: 10.48550/arXiv.<id>
    String.raw`(?<doi>10\.48550\/arxiv\.(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Za-z]{2})?\/\d{7})(?:[vV]\d+)?)(?![\w.\/]|\.\d)`,
    // Google Scholar's `arXiv:2005. 14165`: a space after the dot, only behind an arXiv prefix
    String.raw`arxiv\s*[:=]?\s*(?<spaced>\d{4}\.\s\d{4,5})(?![\w.]|\.\d)`,
    // an old-style id: archive[.SC]/YYMMNNN[vN]
    String.raw`(?<![\w\/-])(?<old>[a-z-]+(?:\.[A-Za-z-]{2,})?\/\d{7}(?:[vV]\d+)?)(?![\w\/]|\.\d)`,
    // a new-style id: YYMM.NNNN(N)[vN], not inside a longer number, word, path or report
    // number (`CONF-2012.1234`); PaperMemory's `Arxiv-1703.10593` is one
    String.raw`(?<![\w.\/])(?<![\w.]-(?<!arxiv-))(?<neu>\d{4}\.\d{4,5}(?:[vV]\d+)?)(?![\w\/]|\.\d)`,
  ].join('|'),
  'gi',
);

// Punctuation around a link in prose or Markdown, and a literal `\n` (escaped `%5Cn`) left
// where a tool joined two lines.
const TRAILING = /(?:[.,;:!?)\]}>'"*_]|%5Cn|\\n)+$/i;

/**
 * Every distinct arXiv paper named in a piece of text, in the order of first mention:
 * links, DOIs, `arXiv:` references, bare ids. Numbers that only look like ids (inside a
 * longer number, glued to a word, inside a foreign link or DOI) are not papers.
 */
export function findPaperIds(text: string): PaperId[] {
  const out = new Set<PaperId>();
  for (const m of text.matchAll(findPattern())) {
    const g = m.groups!;
    let id: PaperId | null = null;
    if (g.url) id = toPaperId(g.url.replace(TRAILING, ''));
    else if (g.bareurl) id = toPaperId(g.bareurl.replace(TRAILING, ''));
    else if (g.doi) id = toPaperId(g.doi);
    else if (g.spaced) id = toPaperId(g.spaced.replace(/\s/g, ''));
    else id = toPaperId(g.old ?? g.neu);
    if (id) out.add(id);
  }
  return [...out];
}

/** True when the string is already a canonical id (what the store accepts as a key). */
export function isPaperId(s: unknown): s is PaperId {
  return typeof s === 'string' && s.startsWith('arxiv:') && toPaperId(s) === s;
}

/** `arxiv:2412.13795` → `2412.13795` */
export function arxivIdOf(id: PaperId): string {
  return id.slice('arxiv:'.length);
}

/** The abstract page of a paper: where "open" goes. */
export function abstractUrl(id: PaperId): string {
  return `https://arxiv.org/abs/${arxivIdOf(id)}`;
}
