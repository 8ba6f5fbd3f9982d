import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, waitReady, type Session } from '../harness/chromium';
import { absPage } from '../harness/pages';

const ABS = 'https://arxiv.org/abs/2409.01234';
let s: Session;
beforeAll(async () => {
  s = await launch();
  s.serve(new Map([[ABS, { body: absPage('2409.01234', 'A paper whose data is deleted') }]]));
});
afterAll(async () => {
  await s?.close();
});

describe('the database deleted underneath a running extension', () => {
  it('is let go, reported to open pages, and a new library starts on the next action', async () => {
    const page = await s.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(ABS);
    await waitReady(page);
    const host = page.locator('paper-margin');
    await host.getByRole('combobox', { name: /Reading queue status/ }).selectOption('queued');
    await expect.poll(() => host.getAttribute('data-status')).toBe('queued');

    // As when the user clears the extension's data: delete the database from its own origin.
    const ext = await s.context.newPage();
    await ext.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
    const outcome = await ext.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const req = indexedDB.deleteDatabase('margin');
          req.onsuccess = () => resolve('deleted');
          req.onerror = () => resolve('error');
          req.onblocked = () => resolve('blocked');
        }),
    );
    // Not blocked: the worker closed its connection when asked.
    expect(outcome).toBe('deleted');
    // Open pages are told: the paper shows as not queued, with no reload.
    await expect.poll(() => host.getAttribute('data-status')).toBe('none');

    // The next action works and is kept.
    await host.getByRole('combobox', { name: /Reading queue status/ }).selectOption('reading');
    await expect.poll(() => host.getAttribute('data-status')).toBe('reading');
    await page.reload();
    await waitReady(page);
    await expect.poll(() => page.locator('paper-margin').getAttribute('data-status')).toBe('reading');
    expect(errors).toEqual([]);
  });
});

describe('a change the worker saved but could not announce', () => {
  it('shows in an open tab when the user comes back to it', async () => {
    const page = await s.context.newPage();
    await page.goto(ABS);
    await waitReady(page);
    const host = page.locator('paper-margin');
    await host.getByRole('combobox', { name: /Reading queue status/ }).selectOption('queued');
    await expect.poll(() => host.getAttribute('data-status')).toBe('queued');

    // Written straight into the store, as a worker stopped between saving and broadcasting
    // would leave it: the tab hears nothing.
    const ext = await s.context.newPage();
    await ext.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
    await ext.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('margin');
          open.onsuccess = () => {
            const tx = open.result.transaction('papers', 'readwrite');
            const os = tx.objectStore('papers');
            const get = os.get('arxiv:2409.01234');
            get.onsuccess = () => {
              const now = Date.now() + 1;
              os.put({ ...get.result, status: 'done', updatedAt: now, stamps: { ...get.result.stamps, status: now } }, 'arxiv:2409.01234');
            };
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.waitForTimeout(300);
    expect(await host.getAttribute('data-status')).toBe('queued'); // stale, as expected
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => host.getAttribute('data-status')).toBe('done');
  });
});
