/**
 * Issue 13's bar for sync: two Chromium profiles with the built extension, syncing through a
 * real Apache WebDAV server (mod_dav) on 127.0.0.1. A library is imported on A through the
 * options page (a user's backup: papers with tags, notes, a queue, and a seen history); then
 * A's first sync to an empty server, B's first sync pulling it, and one edit on A → visible on
 * B after A's and B's next syncs, repeated. The same on a small library gives the baseline the
 * incremental figure is compared with (these machines are noisy).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SyncStatus } from '../../src/shared/messages';
import { DIST, launch, type Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { startWebDav, type WebDav } from '../harness/webdav-server';
import { yearLibrary } from '../harness/year-library';
import { extensionPage } from './library';
import { importThroughOptions } from './year';

export interface SyncLibrarySize {
  papers: number;
  seen: number;
  queued: number;
}

export interface SyncBenchResult {
  papers: number;
  seen: number;
  /** A's first sync to the empty server (syncSetup: check, save, sync), ms. */
  firstSyncMs: number;
  /** Bytes A wrote to the server (on disk, every file under the server's folder). */
  serverBytes: number;
  serverFiles: number;
  /** B's first sync, pulling A's files, ms. */
  pullMs: number;
  /** B after its first sync: the papers it has, and whether every one's state matches A's. */
  pulledPapers: number;
  pulledSame: boolean;
  pulledSeen: number;
  /** Why `pulledSame` is false, if it is. */
  mismatch: string | null;
  /** Edit on A → visible on B (A syncs, B syncs), ms, one per run after a warm-up. */
  incremental: number[];
}

interface Paper {
  id: string;
  tags: string[];
  note: string;
  status: string;
}

/** A copy of the build whose manifest grants 127.0.0.1 (the permission prompt cannot be answered headless). */
function grantedBuild(): string {
  // Copied first, so a concurrent `npm run build` cannot swap files under the browsers.
  const dir = mkdtempSync(join(tmpdir(), 'margin-bench-sync-'));
  cpSync(DIST, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

function diskUsage(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = diskUsage(path);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

/** An extension page with no view of the library (the extension's manifest, as text). */
async function quietPage(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/manifest.json`);
  return page;
}

async function setup(page: Page, server: WebDav): Promise<{ ms: number; status: SyncStatus }> {
  const t0 = Date.now();
  const status = await callIn<SyncStatus>(page, 'syncSetup', { webdav: { url: server.url, user: server.user, password: server.password } });
  const ms = Date.now() - t0;
  if (status.lastError) throw new Error(`sync failed: ${status.lastError.message}`);
  return { ms, status };
}

async function syncNow(page: Page): Promise<SyncStatus> {
  const status = await callIn<SyncStatus>(page, 'syncNow', {});
  if (status.lastError) throw new Error(`sync failed: ${status.lastError.message}`);
  return status;
}

/** Until neither worker has a sync running or due (the 4 s "soon after a change" one). */
async function settle(pages: Page[]): Promise<void> {
  await pages[0]!.waitForTimeout(4500);
  for (const page of pages) {
    for (let i = 0; i < 600 && (await callIn<SyncStatus>(page, 'syncStatus', {})).running; i++) await page.waitForTimeout(100);
  }
}

const state = (p: Paper) => JSON.stringify([[...p.tags].sort(), p.note, p.status]);

function compare(a: Paper[], b: Paper[]): string | null {
  const onB = new Map(b.map((p) => [p.id, p]));
  if (a.length !== b.length) return `A has ${a.length} papers, B ${b.length}`;
  for (const p of a) {
    const q = onB.get(p.id);
    if (!q) return `${p.id} missing on B`;
    if (state(p) !== state(q)) return `${p.id} differs: A ${state(p)}, B ${state(q)}`;
  }
  return null;
}

export async function benchSync(size: SyncLibrarySize, runs: number): Promise<SyncBenchResult> {
  const lib = yearLibrary({ seen: size.seen, annotated: size.papers, queued: size.queued });
  const extDir = grantedBuild();
  const file = join(extDir, '..', `${extDir.split('/').pop()}-library.jsonl.gz`);
  writeFileSync(file, lib.file);
  // `etags: 'digest'`: strong ETags from the content at once (Apache's FileETag Digest), as
  // Nextcloud gives; the default mtime ETags are weak for a second after a write.
  const server = await startWebDav({ etags: 'digest' });
  let a: Session | undefined;
  let b: Session | undefined;
  try {
    [a, b] = await Promise.all([launch({ extension: extDir }), launch({ extension: extDir })]);
    const optA = await extensionPage(a);
    const optB = await extensionPage(b);
    await optA.getByRole('heading', { name: 'Backup' }).waitFor();
    const importMs = await importThroughOptions(optA, file);
    console.log(`  A: imported ${lib.annotated} papers, ${lib.seen} seen marks in ${importMs} ms`);
    // The import asks for a sync "soon" (4 s): let that timer pass first, or the first sync
    // below would run twice in a row (syncNow runs once more when asked while running).
    await optA.waitForTimeout(4500);

    const first = await setup(optA, server);
    const disk = diskUsage(server.dir);
    console.log(`  A: first sync to the empty server ${first.ms} ms; ${disk.files} files, ${(disk.bytes / 1e6).toFixed(2)} MB on the server`);

    const pull = await setup(optB, server);
    const onA = await callIn<Paper[]>(optA, 'list', { view: 'all' });
    const onB = await callIn<Paper[]>(optB, 'list', { view: 'all' });
    const mismatch = onA.length !== lib.annotated ? `A lists ${onA.length} papers, not ${lib.annotated}` : compare(onA, onB);
    const pulledSeen = (await callIn<{ seen: number }>(optB, 'historyStats', {})).seen;
    console.log(`  B: first sync (pull) ${pull.ms} ms; ${onB.length} papers, ${pulledSeen} seen${mismatch ? `; MISMATCH: ${mismatch}` : ', same state as A'}`);

    // The measured calls come from a page that shows nothing: an open options page answers
    // each change by re-reading the whole library's counts in the worker (about a second at
    // this size), which is the options page's cost, not sync's.
    await Promise.all([optA.close(), optB.close()]);
    const [callsA, callsB] = await Promise.all([quietPage(a), quietPage(b)]);
    await settle([callsA, callsB]);
    const incremental: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const target = onA[(i * 7919) % onA.length]!;
      const tag = `bench-${i}`;
      const t0 = Date.now();
      await callIn(callsA, 'update', { id: target.id, patch: { addTags: [tag] } });
      await syncNow(callsA);
      for (let attempt = 0; ; attempt++) {
        await syncNow(callsB);
        const [r] = await callIn<Array<Paper | null>>(callsB, 'lookup', { ids: [target.id] });
        if (r && typeof r === 'object' && r.tags.includes(tag)) break;
        if (attempt >= 5) throw new Error(`the edit on A (${target.id} +${tag}) is not on B after ${attempt + 1} syncs`);
      }
      const ms = Date.now() - t0;
      if (i > 0) incremental.push(ms);
      console.log(`  edit on A → on B: ${ms} ms${i === 0 ? ' (warm-up)' : ''}`);
      await settle([callsA, callsB]);
    }
    return {
      papers: lib.annotated,
      seen: lib.seen,
      firstSyncMs: first.ms,
      serverBytes: disk.bytes,
      serverFiles: disk.files,
      pullMs: pull.ms,
      pulledPapers: onB.length,
      pulledSame: mismatch === null && pulledSeen === lib.seen,
      pulledSeen,
      mismatch: mismatch ?? (pulledSeen === lib.seen ? null : `B has ${pulledSeen} seen marks, not ${lib.seen}`),
      incremental,
    };
  } finally {
    await Promise.all([a?.close(), b?.close()]);
    await server.close();
    rmSync(extDir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}
