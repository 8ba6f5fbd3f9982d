/**
 * Canonical paper ids. Every spelling a user meets (bare ids, versions, abs/pdf/html URLs,
 * Hugging Face and alphaXiv pages, the arXiv DOI) maps to one key, `arxiv:<id>`, so a paper
 * is one record wherever it appears. Anything we are not sure of maps to null: a wrong id
 * would silently merge two papers' notes, which is worse than not annotating.
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

// New style: YYMM.NNNN (2007-04 to 2014-12) or YYMM.NNNNN (2015-01 on), optional version.
const NEW_ID = /^(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?$/;
// Old style: archive[.SUBJECT]/YYMMNNN, optional version. The subject class is not part of
// the identity (arXiv serves math.GT/0309136 as math/0309136), so it is dropped.
const OLD_ID = /^([a-z-]+)(?:\.[a-z-]{2,})?\/(\d{2})(\d{2})(\d{3})(?:v\d+)?$/i;

/** A bare arXiv identifier (no prefix, no URL) to its canonical form, or null. */
function canonicalArxiv(raw: string): string | null {
  const s = raw.trim();
  const mNew = NEW_ID.exec(s);
  if (mNew) {
    const [, yy, mm, seq] = mNew as unknown as [string, string, string, string];
    const year = Number(yy);
    const month = Number(mm);
    if (month < 1 || month > 12) return null;
    if (year < 7 || (year === 7 && month < 4)) return null; // new style began 0704
    if (year <= 14 && seq.length !== 4) return null; // 5-digit numbers began 1501
    if (year >= 15 && seq.length !== 5) return null;
    return `${yy}${mm}.${seq}`;
  }
  const mOld = OLD_ID.exec(s);
  if (mOld) {
    const [, archive, yy, mm, num] = mOld as unknown as [string, string, string, string, string];
    const arch = archive.toLowerCase();
    if (!OLD_ARCHIVES.has(arch)) return null;
    const year = Number(yy);
    const month = Number(mm);
    if (month < 1 || month > 12) return null;
    if (year > 7 && year < 91) return null; // old style ran 1991-08 to 2007-03
    if (year === 7 && month > 3) return null;
    return `${arch}/${yy}${mm}${num}`;
  }
  return null;
}

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org', 'browse.arxiv.org']);
const ALPHAXIV_HOSTS = new Set(['alphaxiv.org', 'www.alphaxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);
const DOI_PREFIX = /^10\.48550\/arxiv\.(.+)$/i;

/** The id part of an arXiv-style path: /abs/<id>, /pdf/<id>[.pdf], /html/<id>[/...]. */
function fromArxivPath(path: string): string | null {
  const m = /^\/(abs|pdf|html|format)\/(.+?)\/?$/.exec(path);
  if (!m) return null;
  let rest = decodeSafe(m[2]!);
  if (m[1] === 'pdf') rest = rest.replace(/\.pdf$/i, '');
  if (m[1] === 'html') {
    // /html/2412.13795v1 or /html/2412.13795v1/ or /html/2412.13795v1/figure.png: keep
    // the id part only (an old-style id has one slash of its own).
    const old = /^([a-z-]+(?:\.[a-z-]+)?\/\d{7}(?:v\d+)?)(?:\/.*)?$/i.exec(rest);
    const neu = /^(\d{4}\.\d{4,5}(?:v\d+)?)(?:\/.*)?$/.exec(rest);
    rest = old?.[1] ?? neu?.[1] ?? rest;
  }
  return canonicalArxiv(rest);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromUrl(url: URL): string | null {
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (ARXIV_HOSTS.has(host) || ALPHAXIV_HOSTS.has(host)) return fromArxivPath(path);
  if (HF_HOSTS.has(host)) {
    const m = /^\/papers\/([^/]+)\/?$/.exec(path);
    return m ? canonicalArxiv(decodeSafe(m[1]!)) : null;
  }
  if (DOI_HOSTS.has(host)) {
    const m = DOI_PREFIX.exec(decodeSafe(path.slice(1)));
    return m ? canonicalArxiv(m[1]!) : null;
  }
  return null;
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
    id = path.startsWith('/papers/')
      ? fromUrl(new URL(path, 'https://huggingface.co'))
      : fromArxivPath(path);
  } else if (/^(?:www\.|export\.)?arxiv\.org\//i.test(s) || /^(?:dx\.)?doi\.org\//i.test(s)) {
    try {
      id = fromUrl(new URL(`https://${s}`));
    } catch {
      id = null;
    }
  } else {
    const bare = s.replace(/^doi:\s*/i, '');
    const doi = DOI_PREFIX.exec(bare);
    if (doi) id = canonicalArxiv(doi[1]!);
    else id = canonicalArxiv(s.replace(/^arxiv:\s*/i, ''));
  }
  return id ? (`arxiv:${id}` as PaperId) : null;
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
