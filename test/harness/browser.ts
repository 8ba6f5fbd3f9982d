/**
 * The browser the end-to-end suites run in: Chromium (playwright-core, chromium.ts) unless
 * MARGIN_BROWSER=firefox (puppeteer-core over WebDriver BiDi, firefox.ts). The suites that run
 * in both import from here and see one Session, with a Playwright-shaped context and pages;
 * what differs between the browsers (the extension's URL, pressing a browser-level shortcut,
 * the toolbar badge, stopping the background) is a method of the session.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import * as chromium from './chromium';
import { launchFirefox, type FirefoxSession, type FxPage } from './firefox';

export type { BrowserContext, Locator, Page } from 'playwright-core';
export { waitReady, ROOT } from './chromium';
export type { Pages } from './chromium';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSER: BrowserName = process.env.MARGIN_BROWSER === 'firefox' ? 'firefox' : 'chromium';
export const DIST_FIREFOX = join(chromium.ROOT, 'dist-firefox');
/** The build the suites load in this browser. */
export const DIST = BROWSER === 'firefox' ? DIST_FIREFOX : chromium.DIST;

export interface Session {
  browser: BrowserName;
  context: BrowserContext;
  /** Chrome's extension id, or the internal UUID Firefox was told to give Margin. */
  extensionId: string | null;
  serve(pages: chromium.Pages): void;
  close(): Promise<void>;
  /** chrome-extension://<id>/<path> or moz-extension://<uuid>/<path>. */
  extensionUrl(path: string): string;
  /** What the browser-level shortcut of this command does. */
  command(name: string): Promise<void>;
  /** The text of Margin's toolbar badge. */
  badgeText(): Promise<string>;
  /** Stops Margin's background (Chrome's service worker, Firefox's event page); the next event wakes it. */
  stopBackground(page: Page): Promise<void>;
}

export async function launch(options: chromium.LaunchOptions = {}): Promise<Session> {
  const extension = options.extension === undefined ? DIST : options.extension;
  if (BROWSER === 'firefox') {
    const s: FirefoxSession = await launchFirefox({ ...options, extension });
    return {
      browser: 'firefox',
      context: s.context as unknown as BrowserContext,
      extensionId: s.extensionId,
      serve: (pages) => s.serve(pages),
      close: () => s.close(),
      extensionUrl: (path) => `moz-extension://${s.extensionId}/${path}`,
      command: (name) => s.command(name),
      badgeText: () => s.badgeText(),
      stopBackground: () => s.stopBackground(),
    };
  }
  const s = await chromium.launch({ ...options, extension });
  return {
    browser: 'chromium',
    context: s.context,
    extensionId: s.extensionId,
    serve: (pages) => s.serve(pages),
    close: () => s.close(),
    extensionUrl: (path) => `chrome-extension://${s.extensionId}/${path}`,
    // Shortcuts cannot be pressed in headless Chromium: dispatch the command's event.
    command: async (name) => {
      const sw = await s.serviceWorker();
      await sw.evaluate((n) => (chrome.commands.onCommand as unknown as { dispatch(n: string): void }).dispatch(n), name);
    },
    badgeText: async () => (await s.serviceWorker()).evaluate(() => chrome.action.getBadgeText({})),
    stopBackground: (page) => chromium.stopServiceWorkers(page),
  };
}

/** The Firefox driver's page behind a Playwright-typed one (for what only Firefox needs). */
export const firefoxPage = (page: Page): FxPage => page as unknown as FxPage;
