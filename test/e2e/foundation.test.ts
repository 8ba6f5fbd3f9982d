import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER, DIST, launch, waitReady, type Session } from '../harness/browser';
import { hasShared, ownFixture, SHARED_MISSING, sharedFixture } from '../harness/fixtures';

const OLD_STYLE = 'https://arxiv.org/abs/hep-th/9711200v2';
const REAL = 'https://arxiv.org/abs/2106.09608';

let s: Session;

beforeAll(async () => {
  s = await launch();
  const pages = new Map([[OLD_STYLE, { body: ownFixture('arxiv-abs-old-style.html') }]]);
  if (hasShared) pages.set(REAL, { body: sharedFixture('arxiv/arxiv-abs-2106.09608-2021.html') });
  s.serve(pages);
});
afterAll(async () => {
  await s?.close();
});

describe('the built extension', () => {
  it(`loads in ${BROWSER}, with nothing web-accessible to the paper sites`, async () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    if (BROWSER === 'chromium') expect(s.extensionId).toMatch(/^[a-p]{32}$/);
    else {
      // Firefox runs the background as an event page and wants an add-on id.
      expect(manifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
      expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    }
    // The extension answers at its own URL (its popup loads), which the tests below use.
    const popup = await s.context.newPage();
    await popup.goto(s.extensionUrl('src/popup/index.html'));
    await popup.waitForSelector('html[data-queue-ready="true"]', { state: 'attached' });
    await popup.close();
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    expect(manifest.host_permissions ?? []).toEqual([]);
  });
});

describe('an arXiv abstract page', () => {
  it.skipIf(!hasShared)(`gets one host with the paper's id (saved real page)${hasShared ? '' : `: skipped, ${SHARED_MISSING}`}`, async () => {
    const page = await s.context.newPage();
    await page.goto(REAL);
    await waitReady(page);
    const hosts = await page.$$eval('paper-margin', (els) => els.map((e) => e.getAttribute('data-paper-id')));
    expect(hosts).toEqual(['arxiv:2106.09608']);
    await page.close();
  });

  it('gets one host on an old-style id with a version in the URL', async () => {
    const page = await s.context.newPage();
    await page.goto(OLD_STYLE);
    await waitReady(page);
    const hosts = await page.$$eval('paper-margin', (els) => els.map((e) => e.getAttribute('data-paper-id')));
    expect(hosts).toEqual(['arxiv:hep-th/9711200']);
    await page.close();
  });

  it('keeps a change through a reload and a stopped service worker', async () => {
    const page = await s.context.newPage();
    await page.goto(OLD_STYLE);
    await waitReady(page);
    const host = page.locator('paper-margin');
    await expect.poll(() => host.getAttribute('data-status')).toBe('none');

    await host.getByRole('combobox', { name: /reading queue status/i }).selectOption('queued');
    await expect.poll(() => host.getAttribute('data-status')).toBe('queued');

    await s.stopBackground(page);
    await page.reload();
    await waitReady(page);
    await expect.poll(() => page.locator('paper-margin').getAttribute('data-status')).toBe('queued');

    // A change made while the worker is stopped wakes it and is kept too.
    await s.stopBackground(page);
    await page.locator('paper-margin').getByRole('combobox', { name: /reading queue status/i }).selectOption('none');
    await expect.poll(() => page.locator('paper-margin').getAttribute('data-status')).toBe('none');
    await page.reload();
    await waitReady(page);
    await expect.poll(() => page.locator('paper-margin').getAttribute('data-status')).toBe('none');
    await page.close();
  });

  it("shows a change made in one tab in another open tab, without a reload", async () => {
    const a = await s.context.newPage();
    const b = await s.context.newPage();
    await a.goto(OLD_STYLE);
    await b.goto(OLD_STYLE);
    await waitReady(a);
    await waitReady(b);
    const before = await b.locator('paper-margin').getAttribute('data-status');
    const next = before === 'none' ? 'queued' : 'none';
    await a.locator('paper-margin').getByRole('combobox', { name: /Reading queue status/ }).selectOption(next);
    await expect.poll(() => b.locator('paper-margin').getAttribute('data-status')).toBe(next);
    await a.close();
    await b.close();
  });

  it('queues the page\'s paper from the browser-level shortcut, and hides Margin with the other', async () => {
    const page = await s.context.newPage();
    await page.goto(OLD_STYLE);
    await waitReady(page);
    const host = page.locator('paper-margin');
    if ((await host.getAttribute('data-status')) !== 'none') {
      await host.getByRole('combobox', { name: /Reading queue status/ }).selectOption('none');
      await expect.poll(() => host.getAttribute('data-status')).toBe('none');
    }
    await page.bringToFront();
    await s.command('queue-current-page');
    await expect.poll(() => host.getAttribute('data-status')).toBe('queued');

    await expect(host.isVisible()).resolves.toBe(true);
    await s.command('toggle-overlays');
    await expect.poll(() => host.isVisible()).toBe(false);
    await s.command('toggle-overlays');
    await expect.poll(() => host.isVisible()).toBe(true);
    await page.close();
  });

  it("keeps Margin's data out of the page's reach", async () => {
    const page = await s.context.newPage();
    await page.goto(OLD_STYLE);
    await waitReady(page);
    const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(dbs).not.toContain('margin');
    expect(dbs).toEqual([]);
    const fetched = await page.evaluate(async (url) => {
      try {
        const res = await fetch(url);
        return `status ${res.status}`;
      } catch (err) {
        return `failed: ${(err as Error).name}`;
      }
    }, s.extensionUrl('manifest.json'));
    expect(fetched).toMatch(/^failed/);
    await page.close();
  });
});
