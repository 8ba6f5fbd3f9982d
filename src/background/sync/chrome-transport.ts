/**
 * Sync through Chrome Sync (`storage.sync`) for users without a server of their own. Chrome
 * gives an extension 100 KB in all, 8 KB per item, 512 items and 120 writes a minute, and
 * merges per key, the last writer winning. So each device writes only its own keys: its
 * papers file, gzipped, in base64 pieces under `m/<device>/<n>`, with `m/<device>` naming the
 * pieces and a tag (one `set` call, one write, per sync that changed something). Whatever
 * order Chrome delivers them in, a reader takes a device's pieces only when they agree with
 * its index, and waits for the next delivery otherwise.
 *
 * What fits is chosen by engine `select` (service.ts): the queue first, then the papers most
 * recently edited; the seen history never goes (it is far too large).
 */
import browser from '../../shared/browser';
import { ConflictError, type FileName, type RemoteFile, type Transport } from './engine';

export const QUOTA_BYTES = 102_400;
export const QUOTA_BYTES_PER_ITEM = 8_192;
export const MAX_ITEMS = 512;
/** Characters of base64 per piece: the key and JSON quotes fit in an item with room to spare. */
const PIECE = 8_000;
const PREFIX = 'm/';

interface Index {
  /** Number of pieces. */
  n: number;
  /** Changes with every write (the pieces carry it too). */
  tag: string;
  /** When written, for the options page ("last heard from"). */
  at: number;
}
type Piece = [tag: string, base64: string];

const indexKey = (device: string) => `${PREFIX}${device}`;
const pieceKey = (device: string, i: number) => `${PREFIX}${device}/${i}`;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The bytes a device may use: an equal share of the quota among the devices seen (at least two). */
export function budgetFor(devices: number): number {
  return Math.floor((QUOTA_BYTES * 0.95) / Math.max(2, devices));
}

/** Bytes the pieces of `size` bytes of file take in storage.sync (keys and JSON included). */
export function storedSize(device: string, size: number): number {
  const b64 = Math.ceil(size / 3) * 4;
  const pieces = Math.ceil(b64 / PIECE);
  return b64 + pieces * (pieceKey(device, 99).length + 40) + 100;
}

export function chromeTransport(area = browser.storage.sync): Transport & { devices(): Promise<number> } {
  const all = async () => (await area.get(null)) as Record<string, unknown>;
  const indexes = (items: Record<string, unknown>) =>
    Object.entries(items).flatMap(([k, v]) => {
      const device = k.slice(PREFIX.length);
      if (!k.startsWith(PREFIX) || device.includes('/')) return [];
      const idx = v as Partial<Index>;
      return typeof idx?.tag === 'string' && typeof idx.n === 'number' ? [{ device, idx: idx as Index }] : [];
    });
  return {
    name: 'chrome',
    logs: false,
    async devices() {
      return indexes(await all()).length;
    },
    async list(): Promise<RemoteFile[]> {
      return indexes(await all()).map(({ device, idx }) => ({ device, kind: 'papers', tag: idx.tag }));
    },
    async read(file: FileName) {
      if (file.kind !== 'papers') return null;
      const items = await all();
      const idx = items[indexKey(file.device)] as Index | undefined;
      if (!idx) return null;
      let b64 = '';
      for (let i = 0; i < idx.n; i++) {
        const piece = items[pieceKey(file.device, i)] as Piece | undefined;
        // Chrome delivered the index before all its pieces (or the other way round): not yet.
        if (!Array.isArray(piece) || piece[0] !== idx.tag) return null;
        b64 += piece[1];
      }
      return { bytes: fromBase64(b64), tag: idx.tag };
    },
    async write(file: FileName, bytes: Uint8Array, previous: string | null): Promise<string> {
      if (file.kind !== 'papers') return previous ?? '';
      const items = await all();
      const current = (items[indexKey(file.device)] as Index | undefined)?.tag ?? null;
      if (current !== previous) throw new ConflictError('This device’s Chrome Sync data changed since it was read.');
      const tag = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const b64 = toBase64(bytes);
      const n = Math.ceil(b64.length / PIECE);
      const out: Record<string, unknown> = { [indexKey(file.device)]: { n, tag, at: Date.now() } satisfies Index };
      for (let i = 0; i < n; i++) out[pieceKey(file.device, i)] = [tag, b64.slice(i * PIECE, (i + 1) * PIECE)] satisfies Piece;
      await area.set(out);
      // Pieces left from a longer file before: one more write, only when the file shrank.
      const stale = Object.keys(items).filter((k) => k.startsWith(`${indexKey(file.device)}/`) && Number(k.slice(indexKey(file.device).length + 1)) >= n);
      if (stale.length) await area.remove(stale);
      return tag;
    },
  };
}
