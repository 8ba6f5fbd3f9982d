// The PROPFIND reader on answers shaped as real servers send them (test/fixtures/webdav):
// Apache mod_dav (D: envelope, lp1: live properties, weak ETags for fresh files), Nextcloud
// (sabre/dav: d:, &quot;-escaped ETags, a 404 propstat), a default-namespace server with
// absolute hrefs, CDATA and a foreign property of the same local name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseMultistatus } from '../../../src/background/sync/webdav-xml';
import { normalizeEtag } from '../../../src/background/sync/webdav';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/webdav', name), 'utf8');

describe('parseMultistatus', () => {
  it('reads Apache mod_dav: lp1: properties, percent-encoded names, folders told apart', () => {
    const res = parseMultistatus(fixture('apache-depth1.xml'))!;
    expect(res.map((r) => [r.name, r.collection])).toEqual([
      ['margin', true],
      ['a b.json', false],
      ['device-ü & co.log', false],
      ['old', true],
    ]);
    const ab = res[1]!;
    expect(ab.etag).toBe('W/"3-661569ba2bed8"');
    expect(ab.size).toBe(3);
    expect(ab.modified).toBe(Date.UTC(2026, 10, 28, 14, 1, 6));
    expect(res[2]).toMatchObject({ etag: '"100000-6614f0e1c2a40"', size: 1048576 });
    expect(res[0]!.size).toBeNull();
  });

  it('reads Nextcloud: &quot; in ETags decoded, a 404 propstat ignored, %40 in the path', () => {
    const res = parseMultistatus(fixture('nextcloud-depth1.xml'))!;
    expect(res).toHaveLength(3);
    expect(res[0]).toMatchObject({ name: 'margin', collection: true, etag: '"6748a1f2c3b4d"', size: null });
    expect(res[1]).toEqual({
      href: '/remote.php/dav/files/me%40uni.example/Apps/margin/dev-7f3a.snapshot',
      name: 'dev-7f3a.snapshot',
      collection: false,
      etag: '"a1b2c3d4e5f60718293a4b5c6d7e8f90"',
      size: 20480,
      modified: Date.UTC(2026, 10, 28, 13, 58, 41),
    });
    expect(res[2]).toMatchObject({ name: 'Résumé (copy).json', size: 0, etag: '"0f9e8d7c6b5a"' });
  });

  it('reads a default-namespace answer: absolute hrefs, CDATA, a foreign getetag ignored, 404 members skipped', () => {
    const res = parseMultistatus(fixture('default-ns-depth1.xml'))!;
    expect(res.map((r) => r.name)).toEqual(['margin', 'notes #1.json']);
    expect(res[1]).toMatchObject({ collection: false, etag: '"abc-1"', size: 42, modified: Date.UTC(2026, 10, 25, 10) });
  });

  it('matches elements by namespace, not by prefix', () => {
    const xml =
      '<a:multistatus xmlns:a="DAV:" xmlns:b="urn:other"><a:response><a:href>/f/x</a:href>' +
      '<a:propstat><a:prop><b:resourcetype><a:collection/></b:resourcetype><a:getetag>"1"</a:getetag></a:prop>' +
      '<a:status>HTTP/1.1 200 OK</a:status></a:propstat></a:response></a:multistatus>';
    expect(parseMultistatus(xml)).toEqual([{ href: '/f/x', name: 'x', collection: false, etag: '"1"', size: null, modified: null }]);
    // The same shape outside DAV: is not a multistatus.
    expect(parseMultistatus(xml.replaceAll('"DAV:"', '"urn:not-dav"'))).toBeNull();
  });

  it('says null for what is not a multistatus: HTML, JSON, broken XML, nothing', () => {
    expect(parseMultistatus('<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>')).toBeNull();
    expect(parseMultistatus('{"ok":true}')).toBeNull();
    expect(parseMultistatus('<d:multistatus xmlns:d="DAV:"><d:response>')).toBeNull();
    expect(parseMultistatus('')).toBeNull();
  });

  it('takes a > inside an attribute value and single-quoted namespaces in its stride', () => {
    const xml =
      "<D:multistatus xmlns:D='DAV:' note='a > b'><D:response><D:href>/m/q%3Fx.json</D:href>" +
      '<D:propstat><D:prop><D:getetag>"q"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>' +
      '</D:response></D:multistatus>';
    expect(parseMultistatus(xml)).toMatchObject([{ name: 'q?x.json', etag: '"q"' }]);
  });
});

describe('decodeEntities and normalizeEtag', () => {
  it('decodes the five XML entities and numeric references, once', () => {
    expect(decodeEntities('&lt;a&gt; &amp;amp; &quot;q&quot; &apos;s&apos; &#233;&#x1F511;')).toBe('<a> &amp; "q" \'s\' é🔑');
    expect(decodeEntities('&unknown; & alone')).toBe('&unknown; & alone');
  });

  it('strips a weak marker: Apache tags a file weak for its first second, then strong', () => {
    expect(normalizeEtag('W/"3-661569ba2bed8"')).toBe('"3-661569ba2bed8"');
    expect(normalizeEtag('"3-661569ba2bed8"')).toBe('"3-661569ba2bed8"');
    expect(normalizeEtag(null)).toBeNull();
    expect(normalizeEtag('')).toBeNull();
  });
});
