/**
 * Debian's Chromium with Margin loaded, driven by playwright-core: shared by the end-to-end
 * tests, `npm start` and the benchmarks. Pages are served at their real URLs from saved
 * files by request routing; every other request is aborted (no network here, and none wanted).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Route, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export class ChromiumMissing extends Error {
  override name = 'ChromiumMissing';
}

export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumMissing(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new ChromiumMissing(
    'Chromium was not found. Install Debian\'s build with `sudo apt-get install -y chromium`, ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

export interface Page200 {
  body: string | Buffer;
  contentType?: string;
}
/** URL (without hash) → page; a function may answer dynamically (null: not served). */
export type Pages = Map<string, Page200> | ((url: string) => Page200 | null);

export interface Session {
  context: BrowserContext;
  extensionId: string | null;
  serviceWorker(): Promise<Worker>;
  /** Serve these pages at their real URLs (replacing earlier ones); abort everything else. */
  serve(pages: Pages): void;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The unpacked extension to load; null for a browser without it. Default: dist/. */
  extension?: string | null;
  headless?: boolean;
  viewport?: { width: number; height: number };
}

export async function launch(options: LaunchOptions = {}): Promise<Session> {
  const extension = options.extension === undefined ? DIST : options.extension;
  if (extension && !existsSync(join(extension, 'manifest.json'))) {
    throw new Error(`No built extension at ${extension}: run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'margin-chromium-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-features=Translate,OptimizationHints,MediaRouter',
  ];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    args,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });

  let pages: Pages = new Map();
  await context.route('**/*', async (route: Route) => {
    const url = route.request().url().split('#')[0]!;
    // Margin's own pages (popup, options) load their scripts from the extension.
    if (url.startsWith('chrome-extension://')) return route.continue();
    // Servers the tests start on this machine (the WebDAV server for sync).
    if (url.startsWith('http://127.0.0.1:')) return route.continue();
    const page = typeof pages === 'function' ? pages(url) : pages.get(url);
    if (!page) return route.abort('blockedbyclient');
    return route.fulfill({
      status: 200,
      contentType: page.contentType ?? 'text/html; charset=utf-8',
      body: page.body,
    });
  });

  const serviceWorker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  // Margin's id is its worker's host; an extension without a worker (the benchmark's no-op)
  // has none we need.
  const hasWorker = extension && JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8')).background;
  const extensionId = hasWorker ? new URL((await serviceWorker()).url()).host : null;

  return {
    context,
    extensionId,
    serviceWorker,
    serve(next) {
      pages = next;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Stops every service worker, as Chrome does to an idle extension. The next message wakes it. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** Waits for Margin's readiness contract: `<html data-paper-margin="ready">`. */
export async function waitReady(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForSelector('html[data-paper-margin="ready"]', { state: 'attached', timeout });
}
