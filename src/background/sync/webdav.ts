/**
 * A WebDAV client small enough to read: the few calls sync needs, on one folder (`margin/`)
 * under the folder the user named. `fetch` only (it runs in the service worker and in Node).
 *
 * Every failure is a DavError whose message is one plain sentence for the options page and
 * whose kind lets the engine decide (retry later, ask for a password, merge on 'conflict').
 * The password goes only into the Authorization header: never into a URL or a message.
 *
 * ETags are returned without a `W/` prefix. Apache marks an ETag weak while the file is less
 * than a second old and then answers any If-Match with 412 (a weak tag never matches
 * strongly), though nothing changed; so a 412 on If-Match is checked with a HEAD, and when
 * the file still carries the tag we sent, the write is retried once the second has passed.
 */
import { parseMultistatus, type DavResource } from './webdav-xml';

export interface DavConfig {
  /** The folder the user typed, e.g. https://cloud.example.org/remote.php/dav/files/me/ */
  url: string;
  user: string;
  password: string;
}

export type DavProblemKind =
  | 'address'
  | 'auth'
  | 'forbidden'
  | 'full'
  | 'unreachable'
  | 'not-webdav'
  | 'conflict'
  | 'server'
  | 'timeout';

export class DavError extends Error {
  override name = 'DavError';
  constructor(
    readonly kind: DavProblemKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface DavEntry {
  /** The file name in `margin/`, percent-decoded. */
  name: string;
  etag: string | null;
  size: number | null;
  /** ms since the epoch */
  modified: number | null;
}

export type DavGet = { status: 200; etag: string | null; body: Uint8Array } | { status: 304 } | { status: 404 };
export type DavCondition = { ifMatch: string } | { ifNoneMatch: '*' };

export interface DavClient {
  /** The base folder answers as WebDAV with these credentials; creates `margin/` if absent. */
  check(): Promise<void>;
  /** The files in `margin/` ([] when the folder does not exist yet). */
  list(): Promise<DavEntry[]>;
  get(name: string, ifNoneMatch?: string): Promise<DavGet>;
  /** 412 (someone wrote first) is a DavError of kind 'conflict'. etag null: the server did not say. */
  put(name: string, body: Uint8Array, cond: DavCondition): Promise<{ etag: string | null }>;
  /** Gone already counts as done. */
  delete(name: string, ifMatch?: string): Promise<void>;
}

export const FOLDER = 'margin/';
const DEFAULT_TIMEOUT = 20_000;
/** How long Apache keeps a fresh file's ETag weak, with a margin. */
const WEAK_ETAG_WAIT = 1_100;

const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<d:propfind xmlns:d="DAV:"><d:prop>' +
  '<d:resourcetype/><d:getetag/><d:getcontentlength/><d:getlastmodified/>' +
  '</d:prop></d:propfind>';

/** `W/"x"` and `"x"` name the same version for our purposes. */
export function normalizeEtag(etag: string | null | undefined): string | null {
  if (!etag) return null;
  const t = etag.trim();
  return (t.startsWith('W/') ? t.slice(2) : t) || null;
}

function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

/** The base folder as a URL ending in '/', or a DavError('address'). */
export function baseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DavError('address', 'The server address is not a valid web address (it should start with https://).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DavError('address', `The server address must start with https:// (not ${url.protocol}//).`);
  }
  if (url.username || url.password) {
    throw new DavError('address', 'Put the user name and password in their own fields, not in the server address.');
  }
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function checkName(name: string): void {
  if (!name || name === '.' || name === '..' || /[/\\]/.test(name)) throw new TypeError(`Bad WebDAV file name: ${name}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function davClient(config: DavConfig, opts: { fetch?: typeof fetch; timeoutMs?: number } = {}): DavClient {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT;
  const base = baseUrl(config.url);
  const host = base.host;
  const folder = new URL(FOLDER, base);
  const auth = basicAuth(config.user, config.password);
  const fileUrl = (name: string) => {
    checkName(name);
    return new URL(encodeURIComponent(name), folder);
  };

  interface Answer {
    status: number;
    headers: Headers;
    body: Uint8Array;
  }

  async function request(method: string, url: URL, headers: Record<string, string> = {}, body?: Uint8Array | string): Promise<Answer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const res = await doFetch(url.href, {
        method,
        headers: { Authorization: auth, ...headers },
        body: body as BodyInit | undefined,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'follow',
        signal: controller.signal,
      });
      const data = method === 'HEAD' ? new Uint8Array(0) : new Uint8Array(await res.arrayBuffer());
      return { status: res.status, headers: res.headers, body: data };
    } catch {
      if (timedOut) {
        throw new DavError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s: the server may be busy or the connection slow.`);
      }
      throw new DavError('unreachable', `Could not reach ${host}: check the address and your connection.`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The plain sentence for a status that is a problem. */
  function fail(status: number, method: string, what: string): never {
    if (status === 401) {
      throw new DavError('auth', 'The server refused the user name or password (401). Check them, or make an app password.', status);
    }
    if (status === 403) {
      throw new DavError('forbidden', `The server does not let this user ${method === 'GET' || method === 'PROPFIND' ? 'read' : 'write'} ${what} (403).`, status);
    }
    if (status === 404 || status === 409) {
      throw new DavError('address', `There is no folder at this address on ${host} (${status}). Check the server address.`, status);
    }
    if (status === 405 || status === 501) {
      throw new DavError('not-webdav', `This address answers, but not as a WebDAV server (${method} gave ${status}).`, status);
    }
    if (status === 412) throw new DavError('conflict', `Another device changed ${what} on the server first (412).`, status);
    if (status === 507) throw new DavError('full', 'The server is full (507). Free some space or ask for a larger quota.', status);
    if (status === 413) throw new DavError('full', 'The server refused a file this large (413).', status);
    if (status === 423) throw new DavError('server', `${what} is locked on the server (423); Margin will try again later.`, status);
    if (status === 429) throw new DavError('server', 'The server asks to slow down (429); Margin will try again later.', status);
    if (status >= 500) throw new DavError('server', `The server had a problem (${status}); Margin will try again later.`, status);
    throw new DavError('server', `The server answered ${method} with ${status}.`, status);
  }

  async function propfind(url: URL, depth: '0' | '1', what: string): Promise<DavResource[] | 404> {
    const res = await request('PROPFIND', url, { Depth: depth, 'Content-Type': 'application/xml; charset=utf-8' }, PROPFIND_BODY);
    if (res.status === 404) return 404;
    if (res.status !== 207) {
      if (res.status >= 200 && res.status < 300) {
        throw new DavError('not-webdav', `This address answers, but not as a WebDAV server (PROPFIND gave ${res.status}).`, res.status);
      }
      fail(res.status, 'PROPFIND', what);
    }
    const resources = parseMultistatus(new TextDecoder().decode(res.body));
    if (!resources) {
      throw new DavError('not-webdav', 'This address answers, but not as a WebDAV server (PROPFIND gave no multistatus).', res.status);
    }
    return resources;
  }

  async function makeFolder(): Promise<void> {
    const res = await request('MKCOL', folder);
    // 405: it exists already (another device made it meanwhile).
    if (res.status === 201 || res.status === 200 || res.status === 204 || res.status === 405) return;
    fail(res.status, 'MKCOL', 'the margin folder');
  }

  async function etagOf(name: string): Promise<{ etag: string | null; size: number | null } | null> {
    const res = await request('HEAD', fileUrl(name));
    if (res.status === 404) return null;
    if (res.status < 200 || res.status > 299) fail(res.status, 'HEAD', name);
    const length = res.headers.get('Content-Length');
    const etag = res.headers.get('ETag');
    if (etag) return { etag, size: length === null ? null : Number(length) };
    const found = await propfind(fileUrl(name), '0', name);
    if (found === 404) return null;
    const r = found[0];
    return { etag: r?.etag ?? null, size: r?.size ?? (length === null ? null : Number(length)) };
  }

  async function putOnce(name: string, body: Uint8Array, header: Record<string, string>): Promise<{ status: number; etag: string | null }> {
    const res = await request('PUT', fileUrl(name), { 'Content-Type': 'application/octet-stream', ...header }, body);
    return { status: res.status, etag: res.headers.get('ETag') };
  }

  /**
   * A 412 on If-Match while the file still carries the tag we sent is Apache's weak ETag for
   * a file less than a second old, not a change: send again once the second has passed.
   */
  async function unlessWeak<A extends { status: number }>(res: A, name: string, ifMatch: string, again: () => Promise<A>): Promise<A> {
    for (let tries = 0; res.status === 412 && tries < 3; tries++) {
      const now = await etagOf(name);
      if (!now || normalizeEtag(now.etag) !== normalizeEtag(ifMatch)) break;
      await sleep(WEAK_ETAG_WAIT);
      res = await again();
    }
    return res;
  }

  return {
    async check() {
      const found = await propfind(base, '0', 'this folder');
      if (found === 404) fail(404, 'PROPFIND', 'this folder');
      const self = found[0];
      if (self && !self.collection) {
        throw new DavError('address', 'This address is a file, not a folder: give the folder Margin may write in.');
      }
      const mine = await propfind(folder, '0', 'the margin folder');
      if (mine === 404) await makeFolder();
      else if (mine[0] && !mine[0].collection) {
        throw new DavError('conflict', `There is a file named "margin" where Margin keeps its folder on ${host}: rename or remove it.`);
      }
    },

    async list() {
      const found = await propfind(folder, '1', 'the margin folder');
      if (found === 404) return [];
      return found
        .filter((r) => !r.collection && r.name !== '')
        .map((r) => ({ name: r.name, etag: normalizeEtag(r.etag), size: r.size, modified: r.modified }));
    },

    async get(name, ifNoneMatch) {
      const inm = normalizeEtag(ifNoneMatch);
      const res = await request('GET', fileUrl(name), inm ? { 'If-None-Match': inm } : {});
      if (res.status === 304) return { status: 304 };
      if (res.status === 404) return { status: 404 };
      if (res.status !== 200) fail(res.status, 'GET', name);
      return { status: 200, etag: normalizeEtag(res.headers.get('ETag')), body: res.body };
    },

    async put(name, body, cond) {
      const header: Record<string, string> =
        'ifMatch' in cond ? { 'If-Match': normalizeEtag(cond.ifMatch) ?? '""' } : { 'If-None-Match': '*' };
      let res = await putOnce(name, body, header);
      // The folder is gone (someone deleted it): make it again, once.
      if (res.status === 409 || (res.status === 404 && 'ifNoneMatch' in cond)) {
        await makeFolder();
        res = await putOnce(name, body, header);
      }
      if ('ifMatch' in cond) res = await unlessWeak(res, name, cond.ifMatch, () => putOnce(name, body, header));
      if (res.status < 200 || res.status > 299) fail(res.status, 'PUT', name);
      if (res.etag) return { etag: normalizeEtag(res.etag) };
      // No ETag on the PUT answer (Apache): ask. If the size differs, someone wrote after us
      // and the tag would be theirs: say we do not know rather than name the wrong version.
      const now = await etagOf(name);
      if (!now || (now.size !== null && now.size !== body.byteLength)) return { etag: null };
      return { etag: normalizeEtag(now.etag) };
    },

    async delete(name, ifMatch) {
      const im = normalizeEtag(ifMatch);
      const send = () => request('DELETE', fileUrl(name), im ? { 'If-Match': im } : {});
      let res = await send();
      if (im) res = await unlessWeak(res, name, im, send);
      if (res.status === 404 || (res.status >= 200 && res.status < 300)) return;
      // If-Match on a file someone else deleted meanwhile: 412, but what we wanted is done.
      if (res.status === 412 && (await etagOf(name)) === null) return;
      fail(res.status, 'DELETE', name);
    },
  };
}
