/**
 * When sync runs and what it tells the user. Sync runs when the worker starts, a few seconds
 * after a change, every quarter of an hour (an alarm), and on "Sync now"; offline or failing,
 * it tries again later with growing pauses while Margin goes on working locally.
 *
 * The server address, user name and password live in the extension's own database, which
 * content scripts cannot open (they run in the web page's origin; chrome.storage.local, by
 * contrast, is readable by them), and they are never in a backup or an answer to a page.
 */
import browser from '../../shared/browser';
import { InputError, type PaperRecord } from '../../shared/record';
import type { SyncStatus } from '../../shared/messages';
import { transact } from '../store';
import { readState, syncWith, writeState, type SyncResult, type Transport } from './engine';
import { webdavTransport } from './webdav-transport';
import { syncSeen } from './seen-sync';
import { budgetFor, chromeTransport, storedSize } from './chrome-transport';
import { fitDocs, type Fit } from './chrome-fit';
import { encrypting } from './encryption';
import { baseUrl, DavError, type DavConfig } from './webdav';

const DEVICE_KEY = '~device';
const WEBDAV_KEY = '~webdav';
const STATUS_KEY = '~status';
const CHROME_KEY = '~chrome';
const PASSPHRASE_KEY = '~passphrase';

interface Passphrase {
  passphrase: string;
  /** This device's salt (its files carry it; the others derive its key from the passphrase). */
  salt: number[];
}

export const SYNC_ALARM = 'margin-sync';
const RETRY_ALARM = 'margin-sync-retry';
const PERIOD_MIN = 15;
/** After a change: long enough to gather a burst of triage keys into one sync. */
const SOON_MS = 4000;

interface Device {
  id: string;
  name: string;
}

interface StoredStatus {
  lastSyncAt: number | null;
  lastError: { message: string; at: number } | null;
  failures: number;
  nextTryAt: number | null;
  unreadable: Record<string, string>;
  papers: number;
  /** What the last Chrome Sync write carried. */
  chromeFit: Omit<Fit, 'papers'> | null;
}

const emptyStatus = (): StoredStatus => ({ lastSyncAt: null, lastError: null, failures: 0, nextTryAt: null, unreadable: {}, papers: 0, chromeFit: null });

/** Hooks into the rest of the worker, set by main.ts (kept out of here to avoid import cycles). */
export interface SyncHooks {
  changed(records: PaperRecord[]): Promise<void>;
  clearHistory(): Promise<void>;
  tellPages(status: SyncStatus): Promise<void>;
}
let hooks: SyncHooks | undefined;
export function setSyncHooks(h: SyncHooks): void {
  hooks = h;
}

function browserName(): string {
  const ua = navigator.userAgent;
  const b = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chromium' : 'A browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : 'another system';
  return `${b} on ${os}`;
}

async function device(): Promise<Device> {
  const known = await readState<Device>(DEVICE_KEY);
  if (known) return known;
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const id = [...bytes].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32]).join('');
  const made = { id, name: browserName() };
  // Two first syncs racing: the first device id written is the one kept.
  let kept = made;
  await transact(['sync'], 'readwrite', (tx) => {
    const os = tx.objectStore('sync');
    const req = os.get(DEVICE_KEY);
    req.onsuccess = () => {
      if (req.result) kept = req.result as Device;
      else os.put(made, DEVICE_KEY);
    };
  });
  return kept;
}

async function transports(): Promise<Transport[]> {
  const dav = await readState<DavConfig>(WEBDAV_KEY);
  const chrome = await readState<boolean>(CHROME_KEY);
  const secret = await readState<Passphrase>(PASSPHRASE_KEY);
  const list: Transport[] = [...(dav ? [webdavTransport(dav)] : []), ...(chrome ? [chromeTransport()] : [])];
  return secret ? list.map((t) => encrypting(t, secret.passphrase, new Uint8Array(secret.salt))) : list;
}

/**
 * End-to-end encryption on (a passphrase) or off (null). Every file this device writes is
 * written again at the next sync, and the others' read again (they may now decrypt).
 */
export async function setupPassphrase(passphrase: string | null): Promise<SyncStatus> {
  if (passphrase !== null && passphrase.length < 8) throw new InputError('Use a passphrase of at least 8 characters (a few words are best).');
  await writeState(PASSPHRASE_KEY, passphrase === null ? undefined : ({ passphrase, salt: [...crypto.getRandomValues(new Uint8Array(16))] } satisfies Passphrase));
  await transact(['sync'], 'readwrite', (tx) => {
    const os = tx.objectStore('sync');
    for (const key of ['~transport:webdav', '~transport:chrome', '~seen:webdav', '~seen:chrome']) os.delete(key);
  });
  return (await transports()).length ? syncNow({ manual: true, full: true }) : report();
}

export async function syncStatus(): Promise<SyncStatus> {
  const dav = await readState<DavConfig>(WEBDAV_KEY);
  const s = (await readState<StoredStatus>(STATUS_KEY)) ?? emptyStatus();
  const dev = await device();
  return {
    // The address and user name are shown back to the user; the password never leaves.
    webdav: dav ? { url: dav.url, user: dav.user } : null,
    chrome: (await readState<boolean>(CHROME_KEY)) ? (s.chromeFit ?? { total: 0, sent: 0, withNotes: 0 }) : null,
    encrypted: (await readState<Passphrase>(PASSPHRASE_KEY)) !== undefined,
    device: dev.name,
    running: running !== null,
    lastSyncAt: s.lastSyncAt,
    lastError: s.lastError,
    nextTryAt: s.nextTryAt,
    unreadable: s.unreadable,
    papers: s.papers,
  };
}

/**
 * Checks the server with these credentials (and makes Margin's folder there), then keeps
 * them and syncs. Nothing is kept when the check fails: the error says what is wrong.
 */
/**
 * Sync turned off everywhere: what it kept (each paper as last synced, the last "Delete all")
 * is dropped, so turning it on again later starts as a first sync: a union with the other
 * computers, not a replay of what happened here meanwhile. This device's id and passphrase stay.
 */
async function forgetSyncState(): Promise<void> {
  if ((await transports()).length) return;
  await transact(['sync'], 'readwrite', (tx) => {
    const os = tx.objectStore('sync');
    const keys = os.getAllKeys();
    keys.onsuccess = () => {
      for (const k of keys.result) if (k !== DEVICE_KEY && k !== PASSPHRASE_KEY) os.delete(k);
    };
  });
}

/** Chrome Sync on or off. Off takes this device's data out of Chrome Sync; the library stays. */
export async function setupChrome(on: boolean): Promise<SyncStatus> {
  if (!on) {
    await writeState(CHROME_KEY, undefined);
    await writeState('~transport:chrome', undefined);
    await forgetSyncState();
    const dev = await device();
    const mine = Object.keys(await browser.storage.sync.get(null)).filter((k) => k === `m/${dev.id}` || k.startsWith(`m/${dev.id}/`));
    if (mine.length) await browser.storage.sync.remove(mine);
    return report();
  }
  await writeState(CHROME_KEY, true);
  ensureAlarm();
  return syncNow({ manual: true, full: true });
}

export async function setupWebdav(config: { url: string; user: string; password: string } | null): Promise<SyncStatus> {
  if (config === null) {
    await writeState(WEBDAV_KEY, undefined);
    await transact(['sync'], 'readwrite', (tx) => tx.objectStore('sync').delete('~transport:webdav'));
    await writeState(STATUS_KEY, undefined);
    await forgetSyncState();
    await browser.alarms.clear(RETRY_ALARM);
    return report();
  }
  let dav: DavConfig;
  try {
    // The address made a folder URL (the client's own check: one set of messages).
    dav = { url: baseUrl(config.url).href, user: config.user, password: config.password };
    await webdavTransport(dav).check();
  } catch (err) {
    if (err instanceof DavError) throw new InputError(err.message);
    throw err;
  }
  const previous = await readState<DavConfig>(WEBDAV_KEY);
  await writeState(WEBDAV_KEY, dav);
  // Another server (or folder) is another set of files: what was read from the old one says
  // nothing about the new one.
  if (previous && previous.url !== dav.url) await writeState('~transport:webdav', undefined);
  ensureAlarm();
  return syncNow({ manual: true, full: true });
}

let running: Promise<SyncStatus> | null = null;
/** The sync asked for a few seconds after a change (syncSoon). */
let soon: ReturnType<typeof setTimeout> | undefined;
let again = false;
let againWith: How = {};

/**
 * `manual`: the user asked ("Sync now"): the seen history is sent too, however recently it
 * was. `full`: every paper is looked at, not only those edited or sent since the last sync
 * (the first sync, browser start, every quarter of an hour).
 */
export interface How {
  manual?: boolean;
  full?: boolean;
}

/** Runs a sync now (or, if one is running, once more right after it). */
export function syncNow(how: How = {}): Promise<SyncStatus> {
  if (soon) {
    // This sync takes what the pending one was for (edits made during it ask again).
    clearTimeout(soon);
    soon = undefined;
  }
  if (running) {
    again = true;
    againWith = { manual: againWith.manual || how.manual, full: againWith.full || how.full };
    return running;
  }
  running = (async () => {
    try {
      let h = how;
      do {
        again = false;
        await runOnce(h);
        h = againWith;
        againWith = {};
      } while (again);
    } finally {
      running = null;
    }
    return report();
  })();
  void report(); // "Syncing…"
  return running;
}

async function report(): Promise<SyncStatus> {
  const status = await syncStatus();
  await hooks?.tellPages(status).catch(() => undefined);
  return status;
}

async function runOnce({ manual = false, full = false }: How): Promise<void> {
  const list = await transports();
  if (list.length === 0) return;
  const dev = await device();
  const status = (await readState<StoredStatus>(STATUS_KEY)) ?? emptyStatus();
  try {
    let result: SyncResult | undefined;
    let chromeFit: Fit | null = null;
    for (const t of list) {
      const chrome = t.name === 'chrome';
      const devices = chrome ? await (t as ReturnType<typeof chromeTransport>).devices() : 0;
      // Encryption adds its header (36 bytes) to the file Chrome Sync holds.
      const overhead = 36;
      for (let attempt = 0; ; attempt++) {
        try {
          const listed = await t.list();
          result = await syncWith(t, {
            device: dev.id,
            deviceName: dev.name,
            listed,
            full,
            // Shown as soon as saved, before this device's own files are written.
            onMerged: async (records) => {
              await hooks?.changed(records);
            },
            onRemoteClear: async () => {
              await hooks?.clearHistory();
            },
            // Chrome Sync: this device's share of the 100 KB (the seen history never goes).
            select: chrome
              ? async (docs, snapshotOf) => {
                  chromeFit = await fitDocs(docs, snapshotOf, budgetFor(devices + (listed.some((f) => f.device === dev.id) ? 0 : 1)), (n) => storedSize(dev.id, n + overhead));
                  return chromeFit.papers;
                }
              : undefined,
          });
          if (!chrome) {
            const seen = await syncSeen(t, listed, { device: dev.id, force: manual });
            if (seen.marks) await hooks?.changed([]);
          }
          break;
        } catch (err) {
          // Our own file changed since we read it: read it and merge again, a few times.
          if ((err as Error).name !== 'ConflictError' || attempt >= 2) throw err;
        }
      }
      if (result.clearedAt) await hooks?.changed([]);
    }
    const fit = chromeFit as Fit | null;
    await writeState(STATUS_KEY, {
      ...emptyStatus(),
      lastSyncAt: Date.now(),
      unreadable: result?.unreadable ?? {},
      papers: result?.papers ?? 0,
      // Kept from the last write when this sync had nothing to write.
      chromeFit: fit ? { total: fit.total, sent: fit.sent, withNotes: fit.withNotes } : status.chromeFit,
    } satisfies StoredStatus);
    await browser.alarms.clear(RETRY_ALARM);
  } catch (err) {
    const failures = status.failures + 1;
    // 30 s, 1, 2, 4 … minutes, at most 30.
    const delayMin = Math.min(30, 0.5 * 2 ** (failures - 1));
    const message = problemText(err);
    await writeState(STATUS_KEY, {
      ...status,
      failures,
      lastError: { message, at: Date.now() },
      nextTryAt: Date.now() + delayMin * 60_000,
    } satisfies StoredStatus);
    await browser.alarms.create(RETRY_ALARM, { delayInMinutes: delayMin });
  }
}

/** The last error in words the user can act on. */
function problemText(err: unknown): string {
  if (err instanceof DavError || err instanceof InputError) return err.message;
  const text = String((err as Error)?.message ?? err);
  // Chrome Sync's own refusals (storage.sync quotas).
  if (/QUOTA_BYTES/.test(text)) return 'Chrome Sync is full (100 KB for all computers together). Turn it off on a computer you no longer use, or sync through WebDAV.';
  if (/MAX_WRITE_OPERATIONS/.test(text)) return 'Chrome Sync allows only so many writes a minute; the next try will send everything.';
  return `Sync failed: ${text}`;
}

/** A few seconds after a change (a burst of edits gives one sync). */
export function syncSoon(): void {
  if (soon) clearTimeout(soon);
  // The alarm is the fallback should the worker be stopped before the timer fires.
  void browser.alarms.create(RETRY_ALARM, { delayInMinutes: 0.5 });
  soon = setTimeout(() => {
    soon = undefined;
    void transports().then((t) => (t.length ? syncNow() : undefined));
  }, SOON_MS);
}

function ensureAlarm(): void {
  void browser.alarms.get(SYNC_ALARM).then((a) => {
    if (!a) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MIN, delayInMinutes: PERIOD_MIN });
  });
}

/** Registered at the worker's top level (an alarm wakes a stopped worker). */
export function watchSync(): void {
  // What Chrome Sync carries (tags, notes) is no business of content scripts, which can read
  // storage.sync by default. Recent Chromium lets an extension close it to them (checked in
  // test/e2e/chrome-sync.test.ts); where it cannot (Firefox, older Chrome) the call is refused.
  const area = (globalThis as { chrome?: { storage?: { sync?: { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } } } }).chrome?.storage?.sync;
  void area?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void syncNow({ full: true });
    if (alarm.name === RETRY_ALARM) void syncNow();
  });
  // Chrome Sync delivered another device's data: merge it soon.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'sync' || !Object.keys(changes).some((k) => k.startsWith('m/'))) return;
    void device().then((dev) => {
      if (Object.keys(changes).some((k) => k.startsWith('m/') && !k.startsWith(`m/${dev.id}`))) syncSoon();
    });
  });
  // When the browser starts (not each time the worker wakes: that is every page or so).
  browser.runtime.onStartup.addListener(() => {
    void transports().then((t) => {
      if (t.length) {
        ensureAlarm();
        void syncNow({ full: true });
      }
    });
  });
}
