// The WebDAV client against a real server: Apache httpd with mod_dav_fs on 127.0.0.1
// (test/harness/webdav-server.ts), with a password that is not ASCII. Plain HTTP servers
// started here stand in for an address that answers but is not WebDAV, and for one that
// never answers.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DavError, davClient, type DavProblemKind } from '../../src/background/sync/webdav';
import { startWebDav, type WebDav } from '../harness/webdav-server';

let dav: WebDav;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const client = () => davClient({ url: dav.url, user: dav.user, password: dav.password });
const onDisk = (name: string) => readFileSync(join(dav.dir, 'margin', name), 'utf8');

async function problem(p: Promise<unknown>): Promise<DavError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DavError);
  return err as DavError;
}

async function expectProblem(p: Promise<unknown>, kind: DavProblemKind, status?: number): Promise<DavError> {
  const err = await problem(p);
  expect({ kind: err.kind, status: err.status }).toEqual({ kind, status });
  expect(err.message).not.toContain(dav.password);
  return err;
}

beforeAll(async () => {
  dav = await startWebDav();
  // The harness's default password is not Latin-1: Basic auth must send it as UTF-8.
  expect(dav.password).toMatch(/[^\x00-\xff]/);
});
afterAll(async () => {
  await dav?.close();
});

describe('WebDAV client on Apache mod_dav', () => {
  it('check() creates the margin/ folder, and passes again once it is there', async () => {
    expect(existsSync(join(dav.dir, 'margin'))).toBe(false);
    await client().check();
    expect(existsSync(join(dav.dir, 'margin'))).toBe(true);
    await client().check();
  });

  it('put with If-None-Match: * creates a file once; a second create is a conflict and changes nothing', async () => {
    const c = client();
    const { etag } = await c.put('create.json', enc('first'), { ifNoneMatch: '*' });
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(onDisk('create.json')).toBe('first');
    const err = await expectProblem(c.put('create.json', enc('second'), { ifNoneMatch: '*' }), 'conflict', 412);
    expect(err.message).toBe('Another device changed create.json on the server first (412).');
    expect(onDisk('create.json')).toBe('first');
  });

  it('put with the current ETag replaces the file, even within the second Apache keeps it weak', async () => {
    const c = client();
    const v1 = await c.put('match.json', enc('v1'), { ifNoneMatch: '*' });
    // Straight away: Apache's ETag for a file written less than a second ago is W/"…", and
    // it answers If-Match with 412 although nothing changed.
    const v2 = await c.put('match.json', enc('v2'), { ifMatch: v1.etag! });
    expect(onDisk('match.json')).toBe('v2');
    expect(v2.etag).not.toBe(v1.etag);
    const got = await c.get('match.json');
    expect(got).toMatchObject({ status: 200, etag: v2.etag });
  });

  it('put with a stale ETag is a conflict and leaves the newer file alone', async () => {
    const c = client();
    const v1 = await c.put('stale.json', enc('mine'), { ifNoneMatch: '*' });
    await c.put('stale.json', enc('theirs, longer'), { ifMatch: v1.etag! });
    await expectProblem(c.put('stale.json', enc('mine again'), { ifMatch: v1.etag! }), 'conflict', 412);
    expect(onDisk('stale.json')).toBe('theirs, longer');
  });

  it('list() names the files (decoded) with the ETags get() gives; get with that ETag is 304', async () => {
    const c = client();
    const files = { 'dev a b.log': 'x'.repeat(1000), 'résumé #1.json': '{"ü":1}' };
    for (const [name, text] of Object.entries(files)) await c.put(name, enc(text), { ifNoneMatch: '*' });
    const entries = await c.list();
    const names = entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(Object.keys(files)));
    expect(names).not.toContain('margin');
    for (const [name, text] of Object.entries(files)) {
      const entry = entries.find((e) => e.name === name)!;
      expect(entry.size).toBe(enc(text).byteLength);
      expect(entry.modified).toBeGreaterThan(Date.now() - 3_600_000);
      const got = await c.get(name);
      if (got.status !== 200) throw new Error(`GET ${name}: ${got.status}`);
      expect(dec(got.body)).toBe(text);
      expect(got.etag).toBe(entry.etag);
      expect(await c.get(name, entry.etag!)).toEqual({ status: 304 });
    }
    expect(await c.get('never-written.json')).toEqual({ status: 404 });
  });

  it('delete() honours If-Match and counts a file already gone as done', async () => {
    const c = client();
    const v1 = await c.put('del.json', enc('a'), { ifNoneMatch: '*' });
    const v2 = await c.put('del.json', enc('bb'), { ifMatch: v1.etag! });
    await expectProblem(c.delete('del.json', v1.etag!), 'conflict', 412);
    expect(onDisk('del.json')).toBe('bb');
    await c.delete('del.json', v2.etag!);
    expect(existsSync(join(dav.dir, 'margin', 'del.json'))).toBe(false);
    await c.delete('del.json');
    await c.delete('del.json', v2.etag!);
  });

  it('a wrong password is reported as such, in words the user can act on', async () => {
    const wrong = davClient({ url: dav.url, user: dav.user, password: 'not the password' });
    const err = await expectProblem(wrong.check(), 'auth', 401);
    expect(err.message).toBe('The server refused the user name or password (401). Check them, or make an app password.');
    await expectProblem(wrong.list(), 'auth', 401);
  });

  it('a full server is reported as full (507)', async () => {
    dav.setFull(true);
    try {
      const err = await expectProblem(client().put('full.json', enc('x'), { ifNoneMatch: '*' }), 'full', 507);
      expect(err.message).toBe('The server is full (507). Free some space or ask for a larger quota.');
    } finally {
      dav.setFull(false);
    }
    await client().put('full.json', enc('x'), { ifNoneMatch: '*' });
  });

  it('a stopped server is unreachable; started again on the same address, it works', async () => {
    const c = client();
    await dav.stop();
    try {
      const err = await expectProblem(c.list(), 'unreachable');
      expect(err.message).toBe(`Could not reach ${new URL(dav.url).host}: check the address and your connection.`);
      await expectProblem(c.put('down.json', enc('x'), { ifNoneMatch: '*' }), 'unreachable');
    } finally {
      await dav.start();
    }
    await c.put('down.json', enc('x'), { ifNoneMatch: '*' });
    expect((await c.list()).map((e) => e.name)).toContain('down.json');
  });

  it('a folder that does not exist on the server is a wrong address', async () => {
    const c = davClient({ url: `${dav.url}no-such-folder/`, user: dav.user, password: dav.password });
    const err = await expectProblem(c.check(), 'address', 404);
    expect(err.message).toContain('Check the server address');
  });

  it('an address that is not a web address, or not http(s), is a wrong address before any request', async () => {
    for (const url of ['cloud example org', 'ftp://127.0.0.1/dav/', 'file:///tmp/']) {
      let err: unknown;
      try {
        await davClient({ url, user: 'u', password: 'p' }).check();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DavError);
      expect((err as DavError).kind).toBe('address');
    }
  });
});

describe('WebDAV client on servers that are not WebDAV', () => {
  let plain: Server;
  let base: string;
  beforeAll(async () => {
    // A plain web server: pages for GET, 405 for methods it does not know (as nginx does),
    // and under /site/ a catch-all that answers every method with a page.
    plain = createServer((req, res) => {
      if (req.url?.startsWith('/hang/')) return; // never answers
      if (req.method === 'GET' || req.url?.startsWith('/site/')) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body>Welcome</body></html>');
      } else {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      }
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    plain.closeAllConnections();
    await new Promise((r) => plain.close(r));
  });

  it('PROPFIND refused with 405 → not WebDAV', async () => {
    const err = await problem(davClient({ url: `${base}/files/`, user: 'u', password: 'p' }).check());
    expect({ kind: err.kind, status: err.status }).toEqual({ kind: 'not-webdav', status: 405 });
    expect(err.message).toBe('This address answers, but not as a WebDAV server (PROPFIND gave 405).');
  });

  it('PROPFIND answered with a web page → not WebDAV', async () => {
    const err = await problem(davClient({ url: `${base}/site/`, user: 'u', password: 'p' }).list());
    expect({ kind: err.kind, status: err.status }).toEqual({ kind: 'not-webdav', status: 200 });
  });

  it('a server that never answers → timeout, after the time given', async () => {
    const err = await problem(davClient({ url: `${base}/hang/`, user: 'u', password: 'p' }, { timeoutMs: 300 }).check());
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('did not answer within');
  });
});

describe('the test server itself (raw requests)', () => {
  const auth = () => ({ Authorization: `Basic ${Buffer.from(`${dav.user}:${dav.password}`, 'utf8').toString('base64')}` });

  it('answers a stale If-Match and an If-None-Match: * on an existing file with 412', async () => {
    const url = `${dav.url}raw.txt`;
    expect((await fetch(url, { method: 'PUT', body: 'one', headers: auth() })).status).toBe(201);
    const etag = (await fetch(url, { method: 'HEAD', headers: auth() })).headers.get('ETag')!;
    expect(etag).toMatch(/^(W\/)?"[0-9a-f]+-[0-9a-f]+"$/);
    expect((await fetch(url, { method: 'PUT', body: 'two!', headers: { ...auth(), 'If-None-Match': '*' } })).status).toBe(412);
    expect((await fetch(url, { method: 'PUT', body: 'three', headers: { ...auth(), 'If-Match': '"0-0"' } })).status).toBe(412);
    expect(readFileSync(join(dav.dir, 'raw.txt'), 'utf8')).toBe('one');
  });

  it("with etags: 'digest', ETags are strong content hashes at once and an immediate If-Match succeeds", async () => {
    const digest = await startWebDav({ etags: 'digest' });
    try {
      const url = `${digest.url}d.txt`;
      const headers = { Authorization: `Basic ${Buffer.from(`${digest.user}:${digest.password}`, 'utf8').toString('base64')}` };
      await fetch(url, { method: 'PUT', body: 'one', headers });
      const etag = (await fetch(url, { method: 'HEAD', headers })).headers.get('ETag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9+/=]+"$/);
      expect((await fetch(url, { method: 'PUT', body: 'two', headers: { ...headers, 'If-Match': etag } })).status).toBe(204);
      const c = davClient({ url: digest.url, user: digest.user, password: digest.password });
      await c.check();
      const v1 = await c.put('x.json', enc('1'), { ifNoneMatch: '*' });
      const v2 = await c.put('x.json', enc('2'), { ifMatch: v1.etag! });
      expect(v2.etag).not.toBe(v1.etag);
      await expectProblem(c.put('x.json', enc('3'), { ifMatch: v1.etag! }), 'conflict', 412);
    } finally {
      await digest.close();
    }
  });
});
