/**
 * Sync through the user's WebDAV server: each device's files in the `margin/` folder
 * (`<device>.json.gz` for its papers, `<device>.log.gz` for those changed since, and
 * `<device>.seen.gz` for its seen history), read by the
 * others, written only by their device and only with `If-Match` on the version last seen
 * (`If-None-Match: *` the first time), so a write never clobbers one it has not merged.
 */
import type { FileKind, FileName, Transport } from './engine';
import { ConflictError } from './engine';
import { davClient, DavError, type DavConfig } from './webdav';

const FILE = /^([a-z0-9]{6,40})\.(json|log|seen)\.gz$/;
const EXT: Record<FileKind, string> = { papers: 'json', log: 'log', seen: 'seen' };
const KIND: Record<string, FileKind> = { json: 'papers', log: 'log', seen: 'seen' };
const nameOf = (f: FileName) => `${f.device}.${EXT[f.kind]}.gz`;

export function webdavTransport(config: DavConfig, opts?: { fetch?: typeof fetch }): Transport & { check(): Promise<void> } {
  const dav = davClient(config, opts);
  return {
    name: 'webdav',
    logs: true,
    check: () => dav.check(),
    async list() {
      const entries = await dav.list();
      return entries.flatMap((e) => {
        const m = FILE.exec(e.name);
        if (!m) return [];
        // A server without ETags: the size and time stand in (a change shows in either).
        return [{ device: m[1]!, kind: KIND[m[2]!]!, tag: e.etag ?? `${e.size ?? ''}/${e.modified ?? ''}` }];
      });
    },
    async read(file) {
      const got = await dav.get(nameOf(file));
      if (got.status !== 200) return null;
      return { bytes: got.body, tag: got.etag ?? '' };
    },
    async write(file, bytes, previous) {
      try {
        const { etag } = await dav.put(nameOf(file), bytes, previous === null ? { ifNoneMatch: '*' } : { ifMatch: previous });
        return etag ?? '';
      } catch (err) {
        if (err instanceof DavError && err.kind === 'conflict') throw new ConflictError('The file changed on the server since it was read; syncing again.');
        throw err;
      }
    },
  };
}
