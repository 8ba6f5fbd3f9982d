/**
 * A small stand-in for the extension API (src/shared/browser.ts) in unit tests (there is no
 * `chrome` or `browser` outside an extension). Messages sent with runtime.sendMessage go to whatever listeners a test adds.
 */
import { vi } from 'vitest';

type Listener = (message: unknown, sender: { id?: string }) => unknown;

export const EXTENSION_ID = 'test-extension-id';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;
const listeners = new Set<Listener>();

export const sentToTabs: unknown[] = [];
const storageArea = new Map<string, unknown>();
export const storageFaults: { setsLeft: number | null } = { setsLeft: null };

export const fakeBrowser = {
  runtime: {
    id: EXTENSION_ID,
    async sendMessage(message: unknown) {
      for (const l of listeners) {
        const out = l(message, { id: EXTENSION_ID });
        if (out !== undefined) return await out;
      }
      throw new Error('Could not establish connection. Receiving end does not exist.');
    },
    onMessage: {
      addListener: (l: Listener) => listeners.add(l),
      removeListener: (l: Listener) => listeners.delete(l),
    },
  },
  tabs: {
    query: vi.fn(async () => [{ id: 1 }]),
    sendMessage: vi.fn(async (_tabId: number, message: unknown) => {
      sentToTabs.push(message);
    }),
  },
  // Margin on other sites: none registered.
  scripting: {
    getRegisteredContentScripts: vi.fn(async () => [] as unknown[]),
  },
  storage: {
    local: {
      async get(keys: string | string[]) {
        return Object.fromEntries([keys].flat().filter((k) => storageArea.has(k)).map((k) => [k, storageArea.get(k)]));
      },
      async set(items: Record<string, unknown>) {
        // A worker stopped mid-way: a test can make the n-th write the last one to happen.
        if (storageFaults.setsLeft !== null && storageFaults.setsLeft-- <= 0) throw new Error('worker stopped');
        for (const [k, v] of Object.entries(items)) storageArea.set(k, v);
      },
      async remove(keys: string | string[]) {
        for (const k of [keys].flat()) storageArea.delete(k);
      },
    },
  },
  // Sync's timers: kept, never fired (tests call sync themselves).
  alarms: {
    create: vi.fn(async () => undefined),
    clear: vi.fn(async () => true),
    get: vi.fn(async () => undefined),
    onAlarm: { addListener: vi.fn() },
  },
  action: {
    setBadgeText: vi.fn(async () => undefined),
    setBadgeBackgroundColor: vi.fn(async () => undefined),
  },
};

export function resetFakeBrowser(): void {
  listeners.clear();
  sentToTabs.length = 0;
  storageArea.clear();
  storageFaults.setsLeft = null;
}
