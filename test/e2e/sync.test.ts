/**
 * Issue 13 through real components: two Chromium profiles, each with Margin loaded, syncing
 * through Apache httpd's WebDAV (mod_dav) started on 127.0.0.1. Set up the way a user does it,
 * in the options page's Sync section; edits made on the listing with the keyboard.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperId } from '../../src/shared/paper-id';
import { generateArxivListing, generatedEntries } from '../fixtures/arxiv-listing';
import { DIST, launch, waitReady, type Session } from '../harness/chromium';
import { contentScriptWorld } from '../harness/content-world';
import { callIn } from '../harness/pages';
import { callRequests } from '../fixtures/call-requests';
import { PAGE_CALLS } from '../../src/shared/call-access';
import { startWebDav, type WebDav } from '../harness/webdav-server';

const LIST = 'https://arxiv.org/list/cs.LG/new';
const listing = { entries: 6, view: 'new' as const };
const entries = generatedEntries(listing);
const [first, second] = entries as [(typeof entries)[0], (typeof entries)[0]];

let server: WebDav;
let extDir: string;
let a: Session;
let b: Session;

beforeAll(async () => {
  server = await startWebDav();
  // Chromium's permission prompt cannot be answered headless: a copy of the build whose
  // manifest already grants the test server's origin, as the user's "Allow" would.
  extDir = mkdtempSync(join(tmpdir(), 'margin-sync-'));
  cpSync(DIST, extDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  writeFileSync(join(extDir, 'manifest.json'), JSON.stringify(manifest));
  [a, b] = await Promise.all([launch({ extension: extDir }), launch({ extension: extDir })]);
  for (const s of [a, b]) s.serve(new Map([[LIST, { body: generateArxivListing(listing) }]]));
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await server?.close();
  if (extDir) rmSync(extDir, { recursive: true, force: true });
});

async function options(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
  await page.getByRole('heading', { name: 'Sync' }).waitFor();
  return page;
}
async function listingPage(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(LIST);
  await waitReady(page);
  return page;
}
const host = (page: Page, id: string) => page.locator(`paper-margin[data-paper-id="${id}"]`);
const syncLine = (page: Page) => page.locator('[data-sync-line]');
const section = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: 'Sync' }) });

async function connect(page: Page, password: string) {
  const sync = section(page);
  await sync.getByLabel('Server address').fill(server.url);
  await sync.getByLabel('User name').fill(server.user);
  await sync.getByLabel('Password').fill(password);
  await sync.getByRole('button', { name: 'Save and sync' }).click();
}
type Status = { running: boolean; lastSyncAt: number | null; lastError: { at: number } | null };
/** Clicks "Sync now" and waits until that sync has finished (it succeeded or failed anew). */
async function syncNow(page: Page) {
  const before = await callIn<Status>(page, 'syncStatus', {});
  const mark = (s: Status) => `${s.lastSyncAt}/${s.lastError?.at}`;
  await section(page).getByRole('button', { name: 'Sync now' }).click();
  await expect
    .poll(async () => {
      const s = await callIn<Status>(page, 'syncStatus', {});
      return !s.running && mark(s) !== mark(before) && (await section(page).getByRole('button', { name: 'Sync now' }).isEnabled());
    }, { timeout: 20_000 })
    .toBe(true);
}

let optA: Page;
let optB: Page;

/** A profile's device id: the name of the files it wrote (the one file whose name it knows). */
async function deviceOf(page: Page): Promise<string> {
  const ids = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('margin');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    return new Promise<string>((resolve) => {
      const req = db.transaction('sync').objectStore('sync').get('~device');
      req.onsuccess = () => resolve((req.result as { id: string }).id);
    });
  });
  return ids;
}

describe('sync through a WebDAV server', () => {
  it('a wrong password is refused with the reason, and nothing is kept', async () => {
    optA = await options(a);
    await connect(optA, 'not the password');
    await expect.poll(() => section(optA).getByRole('alert').first().textContent()).toContain('401');
    expect(await callIn(optA, 'syncStatus', {})).toMatchObject({ webdav: null });
    expect(readdirSync(server.dir)).toEqual([]);
  });

  it('connects both computers; each writes its own file in margin/', async () => {
    await connect(optA, server.password);
    await expect.poll(() => syncLine(optA).textContent(), { timeout: 20_000 }).toMatch(/Synced just now/);
    optB = await options(b);
    await connect(optB, server.password);
    await expect.poll(() => syncLine(optB).textContent(), { timeout: 20_000 }).toMatch(/Synced just now/);
    const files = readdirSync(join(server.dir, 'margin'));
    expect(files.filter((f) => f.endsWith('.json.gz'))).toHaveLength(2);
  });

  it('an edit on A shows live on B\'s open listing after B syncs', async () => {
    const pageA = await listingPage(a);
    const pageB = await listingPage(b);
    await pageA.keyboard.press('j');
    await pageA.keyboard.press('q');
    await expect.poll(() => host(pageA, first.id).getAttribute('data-status')).toBe('queued');
    await syncNow(optA);
    expect(await host(pageB, first.id).getAttribute('data-status')).toBe('none');
    await syncNow(optB);
    // No reload: the open page follows.
    await expect.poll(() => host(pageB, first.id).getAttribute('data-status')).toBe('queued');
    await Promise.all([pageA.close(), pageB.close()]);
  });

  it('with the server down, both edit offline; the problem is shown and retried; then everything merges', async () => {
    await server.stop();
    const id = second.id as PaperId;
    await callIn(optA, 'update', { id, patch: { addTags: ['from-a'], note: 'A, offline' }, meta: { title: second.title } });
    await callIn(optB, 'update', { id, patch: { addTags: ['from-b'], note: 'B, offline' }, meta: { title: second.title } });
    await syncNow(optA);
    await expect.poll(() => syncLine(optA).textContent(), { timeout: 20_000 }).toMatch(/Not synced: .*(reach|connect).*Trying again in \d+ min/);
    const failed = await callIn<{ nextTryAt: number | null }>(optA, 'syncStatus', {});
    expect(failed.nextTryAt).toBeGreaterThan(Date.now());
    // The retry is an alarm (it wakes a stopped worker), due when the status says.
    const retry = await optA.evaluate(() => chrome.alarms.get('margin-sync-retry'));
    expect(retry?.scheduledTime).toBeGreaterThan(Date.now());
    await server.start();
    await syncNow(optA);
    await expect.poll(() => syncLine(optA).textContent(), { timeout: 20_000 }).toMatch(/Synced just now/);
    await syncNow(optB);
    await syncNow(optA);
    for (const opt of [optA, optB]) {
      const [r] = await callIn<Array<{ tags: string[]; note: string; noteConflicts?: Array<{ text: string }> }>>(opt, 'lookup', { ids: [id] });
      expect([...r!.tags].sort()).toEqual(['from-a', 'from-b']);
      expect([r!.note, ...(r!.noteConflicts ?? []).map((c) => c.text)].sort()).toEqual(['A, offline', 'B, offline']);
    }
    // The overlay says so, and the user picks one there: both computers follow.
    const pageB = await listingPage(b);
    const noteButton = host(pageB, second.id).getByRole('button', { name: /has 2 versions/ });
    await noteButton.click();
    await host(pageB, second.id).getByRole('button', { name: 'Use this version' }).click();
    await expect.poll(() => host(pageB, second.id).getByRole('button', { name: /has 2 versions/ }).count()).toBe(0);
    await syncNow(optB);
    await syncNow(optA);
    const [onA] = await callIn<Array<{ note: string; noteConflicts?: unknown[] }>>(optA, 'lookup', { ids: [id] });
    expect(onA!.noteConflicts ?? []).toEqual([]);
    await pageB.close();
  });

  it('says when the server is full (507), and sends everything once there is room', async () => {
    server.setFull(true);
    await callIn(optA, 'update', { id: first.id, patch: { addTags: ['while-full'] } });
    await syncNow(optA);
    await expect.poll(() => syncLine(optA).textContent(), { timeout: 20_000 }).toMatch(/Not synced: .*full.*507/);
    server.setFull(false);
    await syncNow(optA);
    await syncNow(optB);
    const [r] = await callIn<Array<{ tags: string[] }>>(optB, 'lookup', { ids: [first.id] });
    expect(r!.tags).toContain('while-full');
  });

  it('keeps the password out of backups, of chrome.storage, and of every answer a content script gets', async () => {
    const page = await listingPage(a);
    const world = await contentScriptWorld(a, page);
    const stored = await world.evaluate<unknown>('chrome.storage.local.get(null)');
    expect(JSON.stringify(stored)).not.toContain(server.password);
    const status = await world('syncStatus', {});
    expect(status).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Every call a content script may make, answered without the password or the server.
    const requests = callRequests(first.id as PaperId, 'from-a');
    for (const name of PAGE_CALLS) {
      const answer = JSON.stringify(await world(name, requests[name]));
      expect(answer, name).not.toContain(server.password);
      expect(answer, name).not.toContain(`127.0.0.1:${new URL(server.url).port}`);
    }
    // The options page is told the address and user name, never the password.
    const own = await callIn(optA, 'syncStatus', {});
    expect(own).toMatchObject({ webdav: { url: server.url, user: server.user } });
    expect(JSON.stringify(own)).not.toContain(server.password);
    // A whole backup, as the options page writes it.
    const papers = await callIn(optA, 'exportPage', { part: 'papers', after: null });
    expect(JSON.stringify(papers)).not.toContain(server.password);
    expect(JSON.stringify(papers)).not.toContain(server.url);
    await page.close();
  });

  it('encrypted with a passphrase: the server holds ciphertext; a computer without it is told, and merges nothing until given it', async () => {
    const encrypt = async (page: Page, passphrase: string) => {
      const at = Date.now();
      await section(page).getByLabel('Passphrase').fill(passphrase);
      await section(page).getByRole('button', { name: 'Encrypt with this passphrase' }).click();
      await expect.poll(() => section(page).getByRole('button', { name: 'Turn off encryption' }).count(), { timeout: 20_000 }).toBe(1);
      // The files are written again by the sync that follows: wait for it to end.
      await expect
        .poll(async () => {
          const s = await callIn<Status>(page, 'syncStatus', {});
          return !s.running && (s.lastSyncAt ?? 0) >= at;
        }, { timeout: 20_000 })
        .toBe(true);
    };
    await encrypt(optA, 'four random words here');
    const files = readdirSync(join(server.dir, 'margin'));
    const deviceA = await deviceOf(optA);
    const ownFiles = files.filter((name) => name.startsWith(`${deviceA}.`));
    expect(ownFiles.length).toBeGreaterThan(0);
    for (const f of ownFiles) {
      expect(readFileSync(join(server.dir, 'margin', f)).subarray(0, 8).toString()).toBe('MRGNENC1');
    }
    await callIn(optA, 'update', { id: first.id, patch: { addTags: ['encrypted-edit'] } });
    await syncNow(optA);
    await syncNow(optB);
    await expect.poll(() => section(optB).getByRole('alert').first().textContent(), { timeout: 20_000 }).toMatch(/encrypted with a passphrase/);
    const [before] = await callIn<Array<{ tags: string[] }>>(optB, 'lookup', { ids: [first.id] });
    expect(before!.tags).not.toContain('encrypted-edit');
    await encrypt(optB, 'four random words here');
    const [after] = await callIn<Array<{ tags: string[] }>>(optB, 'lookup', { ids: [first.id] });
    expect(after!.tags).toContain('encrypted-edit');
  });
});
