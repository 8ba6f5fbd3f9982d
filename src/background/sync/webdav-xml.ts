/**
 * Reads a WebDAV PROPFIND answer (a `DAV:multistatus`) without DOMParser, which a service
 * worker does not have. Only what a listing needs: per response its href, and from the
 * propstats that answered 200 the etag, length, modification date and whether it is a folder.
 *
 * Real servers differ in the spelling, not the shape: Apache mod_dav writes `D:` for the
 * envelope and `lp1:` for live properties, sabre/dav (Nextcloud, ownCloud) `d:`, others a
 * default namespace; Nextcloud escapes the quotes of an etag as `&quot;`. So names are matched
 * by namespace URI and local name, never by prefix, and text is entity-decoded. Anything that
 * is not well-formed enough to find a multistatus gives null (the caller says "not WebDAV").
 */

const DAV = 'DAV:';

interface El {
  ns: string | null;
  local: string;
  children: El[];
  text: string;
}

export interface DavResource {
  /** The href as sent (entities decoded, percent-encoding kept). */
  href: string;
  /** The last path segment, percent-decoded ('' for a root). */
  name: string;
  collection: boolean;
  etag: string | null;
  size: number | null;
  modified: number | null;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** A small non-validating XML reader: elements with resolved namespaces and their text. */
export function parseXml(xml: string): El | null {
  const root: El = { ns: null, local: '#root', children: [], text: '' };
  const stack: { el: El; scope: Map<string, string>; qname: string }[] = [{ el: root, scope: new Map(), qname: '' }];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      top.el.text += decodeEntities(xml.slice(i));
      break;
    }
    if (lt > i) top.el.text += decodeEntities(xml.slice(i, lt));
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return null;
      top.el.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      // A DOCTYPE (internal subsets are not supported: no server sends one).
      const end = xml.indexOf('>', lt + 2);
      if (end < 0) return null;
      i = end + 1;
    } else if (xml[lt + 1] === '/') {
      const end = xml.indexOf('>', lt + 2);
      if (end < 0) return null;
      const qname = xml.slice(lt + 2, end).trim();
      if (stack.length < 2 || top.qname !== qname) return null;
      stack.pop();
      i = end + 1;
    } else {
      const end = findTagEnd(xml, lt + 1);
      if (end < 0) return null;
      let inner = xml.slice(lt + 1, end);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const m = /^([^\s/>]+)/.exec(inner);
      if (!m) return null;
      const qname = m[1]!;
      const scope = new Map(top.scope);
      for (const a of inner.slice(qname.length).matchAll(ATTR)) {
        const name = a[1]!;
        const value = decodeEntities(a[2] ?? a[3] ?? '');
        if (name === 'xmlns') scope.set('', value);
        else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
      }
      const colon = qname.indexOf(':');
      const prefix = colon < 0 ? '' : qname.slice(0, colon);
      const el: El = {
        ns: scope.get(prefix) ?? null,
        local: colon < 0 ? qname : qname.slice(colon + 1),
        children: [],
        text: '',
      };
      top.el.children.push(el);
      if (!selfClosing) stack.push({ el, scope, qname });
      i = end + 1;
    }
  }
  if (stack.length !== 1) return null;
  return root;
}

/** The `>` that ends a start tag, skipping any inside quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let quote = '';
  for (let j = from; j < xml.length; j++) {
    const c = xml[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
  }
  return -1;
}

/** DAV: elements, or elements with no namespace declared at all (some servers forget it). */
function isDav(el: El, local: string): boolean {
  return el.local === local && (el.ns === DAV || el.ns === null);
}

function child(el: El, local: string): El | undefined {
  return el.children.find((c) => isDav(c, local));
}

function kids(el: El, local: string): El[] {
  return el.children.filter((c) => isDav(c, local));
}

/** `HTTP/1.1 200 OK` → 200; a missing status counts as success. */
function statusCode(el: El | undefined): number {
  if (!el) return 200;
  const m = /\s(\d{3})(\s|$)/.exec(` ${el.text.trim()}`);
  return m ? Number(m[1]) : 0;
}

function lastSegment(href: string): string {
  let path = href;
  try {
    path = new URL(href, 'http://x/').pathname;
  } catch {
    // Keep the raw href: a relative one without a scheme is fine as it is.
  }
  const segments = path.split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1] ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The resources of a multistatus answer, or null when the text is not one. */
export function parseMultistatus(xml: string): DavResource[] | null {
  const doc = parseXml(xml);
  const ms = doc && doc.children.find((c) => isDav(c, 'multistatus'));
  if (!ms) return null;
  const out: DavResource[] = [];
  for (const response of kids(ms, 'response')) {
    const href = child(response, 'href')?.text.trim();
    if (!href) continue;
    // A response-level status without propstats (e.g. 404 for a member gone meanwhile).
    const own = child(response, 'status');
    if (own && (statusCode(own) < 200 || statusCode(own) > 299)) continue;
    const res: DavResource = { href, name: lastSegment(href), collection: false, etag: null, size: null, modified: null };
    for (const propstat of kids(response, 'propstat')) {
      const code = statusCode(child(propstat, 'status'));
      if (code < 200 || code > 299) continue;
      const prop = child(propstat, 'prop');
      if (!prop) continue;
      for (const p of prop.children) {
        if (p.ns !== DAV && p.ns !== null) continue;
        const text = p.text.trim();
        if (p.local === 'resourcetype') res.collection = !!child(p, 'collection');
        else if (p.local === 'getetag') res.etag = text || null;
        else if (p.local === 'getcontentlength') {
          const n = Number(text);
          res.size = text !== '' && Number.isFinite(n) ? n : null;
        } else if (p.local === 'getlastmodified') {
          const t = Date.parse(text);
          res.modified = Number.isNaN(t) ? null : t;
        }
      }
    }
    out.push(res);
  }
  return out;
}
