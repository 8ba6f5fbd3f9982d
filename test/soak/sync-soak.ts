/**
 * The sync soak (issue 13's bar): two Chromium profiles, A and B, each with Margin, syncing
 * through one Apache WebDAV server. Random edits on both (status, tags added and removed,
 * notes, queue moves, tag renames, small backup imports), random `syncNow` on either side,
 * the server stopped and started again at random, the service workers stopped at random
 * (and the workers' own syncs, ~4 s after a change and on alarms, running whenever they do).
 * At the end: the server up, A, B, A, B synced until nothing changes; both libraries must be
 * equal field by field and agree with the model (sync-model.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { PaperRecord, Status } from '../../src/shared/record';
import { DIST, launch, stopServiceWorkers, type Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { startWebDav, type WebDav } from '../harness/webdav-server';
import { compareLibraries, DEVICES, SyncModel, type Device } from './sync-model';
import { rng } from '../bench/stats';

const TAGS = ['rl', 'vision', 'theory', 'llm', 'survey', 'robotics'];
const STATUSES: Status[] = ['none', 'queued', 'reading', 'done'];
const PAPERS = Array.from({ length: 12 }, (_, i) => `arxiv:2401.${String(10001 + i)}`);

export interface SyncSoakOptions {
  edits: number;
  seed?: number;
  /** Stop both workers about this often (ms). */
  stopEveryMs?: number;
  /** The build to load (copied first); default dist/. */
  dist?: string;
  log?: (line: string) => void;
}

export interface SyncSoakResult {
  edits: number;
  byKind: Record<string, number>;
  workerStops: number;
  serverStops: number;
  syncs: { ok: number; failed: number };
  finalRounds: number;
  /** Outcomes the model's bounds left open (accepted either way). */
  open: number;
  differences: string[];
  /** Status values that are not the latest write (last-writer-wins by stamp, not by order). */
  notLatest: string[];
  pageErrors: string[];
  ms: number;
}

type SyncStatus = { running: boolean; lastSyncAt: number | null; lastError: { message: string; at: number } | null };

export async function runSyncSoak(options: SyncSoakOptions): Promise<SyncSoakResult> {
  const log = options.log ?? (() => undefined);
  const random = rng(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const started = Date.now();
  const model = new SyncModel();
  const byKind: Record<string, number> = {};
  const pageErrors: string[] = [];
  const syncs = { ok: 0, failed: 0 };
  let workerStops = 0;
  let serverStops = 0;
  let serial = 0;

  const server: WebDav = await startWebDav();
  // A copy of the build whose manifest grants the server's origin (as the user's "Allow").
  const extDir = mkdtempSync(join(tmpdir(), 'margin-sync-soak-'));
  cpSync(options.dist ?? DIST, extDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  writeFileSync(join(extDir, 'manifest.json'), JSON.stringify(manifest));
  const sessions: Session[] = [];
  try {
    sessions.push(...(await Promise.all([launch({ extension: extDir }), launch({ extension: extDir })])));
    const pages = {} as Record<Device, Page>;
    for (const [k, dev] of DEVICES.entries()) {
      const s = sessions[k]!;
      const page = await s.context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${dev}: ${e.message}`));
      await page.goto(`chrome-extension://${s.extensionId}/src/options/index.html`);
      pages[dev] = page;
      await callIn(page, 'syncSetup', { webdav: { url: server.url, user: server.user, password: server.password } });
    }
    let serverUp = true;

    /** A `syncNow` that answers for a sync begun after the call; true if it succeeded. */
    const syncNow = async (dev: Device): Promise<boolean> => {
      const at = Date.now();
      const s = await callIn<SyncStatus>(pages[dev], 'syncNow', {});
      const ok = s.lastSyncAt !== null && s.lastSyncAt >= at && (s.lastError === null || s.lastError.at < s.lastSyncAt);
      if (ok) {
        syncs.ok++;
        model.synced(dev);
      } else syncs.failed++;
      return ok;
    };

    let stopping = true;
    const stopper = (async () => {
      while (stopping) {
        await new Promise((r) => setTimeout(r, (options.stopEveryMs ?? 2500) * (0.5 + random())));
        if (!stopping) break;
        const dev = random() < 0.5 ? 'A' : 'B';
        await stopServiceWorkers(pages[dev]).catch(() => undefined);
        workerStops++;
      }
    })();

    const meta = (id: string) => ({ title: `Paper ${id}` });
    for (let i = 0; i < options.edits; i++) {
      const dev: Device = random() < 0.5 ? 'A' : 'B';
      const page = pages[dev];
      const roll = random();
      const id = pick(PAPERS);
      let kind =
        roll < 0.2 ? 'status' : roll < 0.42 ? 'addTag' : roll < 0.55 ? 'removeTag' : roll < 0.68 ? 'note' : roll < 0.76 ? 'move' : roll < 0.8 ? 'rename' : roll < 0.84 ? 'import' : roll < 0.97 ? 'sync' : 'server';
      const at = Date.now();
      const current = async () => (await callIn<Array<PaperRecord | number | null>>(page, 'lookup', { ids: [id] }))[0];
      if (kind === 'status') {
        const r = await current();
        const was = r && typeof r === 'object' ? r.status : 'none';
        const status = pick(STATUSES.filter((s) => s !== was));
        const got = await callIn<PaperRecord>(page, 'update', { id, patch: { status }, meta: meta(id) });
        if (got.stamps.status >= at) model.setStatus(dev, id, got.status);
        else kind = 'skipped';
      } else if (kind === 'addTag') {
        const tag = pick(TAGS);
        if (!model.canAdd(dev, id, tag)) kind = 'skipped';
        else {
          const got = await callIn<PaperRecord>(page, 'update', { id, patch: { addTags: [tag] }, meta: meta(id) });
          if (got.stamps.tags >= at && got.tags.includes(tag)) model.addTag(dev, id, tag);
          else kind = 'skipped';
        }
      } else if (kind === 'removeTag') {
        const r = await current();
        const tags = r && typeof r === 'object' ? r.tags : [];
        if (!tags.length) kind = 'skipped';
        else {
          const tag = pick(tags);
          const got = await callIn<PaperRecord>(page, 'update', { id, patch: { removeTags: [tag] } });
          if (got.stamps.tags >= at && !got.tags.includes(tag)) model.removeTag(dev, id, tag);
          else kind = 'skipped';
        }
      } else if (kind === 'note') {
        const text = random() < 0.1 ? '' : `note ${i} on ${dev}`;
        const got = await callIn<PaperRecord>(page, 'update', { id, patch: { note: text, resolveNote: true }, meta: meta(id) });
        if (got.stamps.note >= at) model.setNote(dev, id, text);
        else kind = 'skipped';
      } else if (kind === 'move') {
        const queue = await callIn<PaperRecord[]>(page, 'list', { view: 'queue' });
        if (queue.length < 2) kind = 'skipped';
        else {
          const mover = pick(queue);
          const before = random() < 0.2 ? null : pick(queue.filter((q) => q.id !== mover.id)).id;
          try {
            const got = await callIn<PaperRecord>(page, 'move', { id: mover.id, beforeId: before });
            if (got.updatedAt >= at) model.move(dev, got.id, got.status);
            else kind = 'skipped';
          } catch (err) {
            // A sync between the listing and the move took one of them out of the queue.
            if (!/not in the reading queue/.test(String(err))) throw err;
            kind = 'skipped';
          }
        }
      } else if (kind === 'rename') {
        const all = await callIn<PaperRecord[]>(page, 'exportAll', {});
        const used = [...new Set(all.flatMap((r) => r.tags))];
        if (!used.length) kind = 'skipped';
        else {
          const from = pick(used);
          const to = `${dev.toLowerCase()}-renamed-${serial++}`; // new: no removal of it to undo
          await callIn(page, 'renameTag', { from, to });
          const after = await callIn<PaperRecord[]>(page, 'exportAll', {});
          for (const r of after) {
            if (!r.tags.includes(to)) continue;
            if (r.tags.includes(from)) throw new Error(`sync soak: ${r.id} has both ${from} and ${to} after the rename`);
            model.removeTag(dev, r.id, from);
            model.addTag(dev, r.id, to);
          }
        }
      } else if (kind === 'import') {
        // A small backup of two papers new to both computers.
        const papers = [0, 1].map((k) => {
          const pid = `arxiv:2502.${String(10000 + serial * 2 + k)}`;
          const tag = pick(TAGS);
          const note = `imported ${serial}.${k} on ${dev}`;
          const status: Status = k === 0 ? 'done' : 'none';
          return { v: 2, id: pid, title: `Imported ${pid}`, url: '', authors: [], primaryClass: null, tags: [tag], note, status, queuedAt: null, queuePos: null, firstSeenAt: null, createdAt: at, updatedAt: at, stamps: { tags: at, note: at, status: at } };
        });
        serial++;
        const report = await callIn<{ added: number; unchanged: number }>(page, 'importPapers', { papers });
        if (report.added !== 2 && report.unchanged !== 2) throw new Error(`sync soak: import reported ${JSON.stringify(report)}`);
        for (const p of papers) {
          model.addTag(dev, p.id, p.tags[0]!);
          model.setNote(dev, p.id, p.note);
          if (p.status !== 'none') model.setStatus(dev, p.id, p.status);
        }
      } else if (kind === 'sync') {
        kind = (await syncNow(dev)) ? 'sync' : 'sync-failed';
      } else {
        if (serverUp) {
          await server.stop();
          serverStops++;
        } else await server.start();
        serverUp = !serverUp;
        kind = serverUp ? 'server-start' : 'server-stop';
      }
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      if ((i + 1) % 50 === 0) log(`  ${i + 1} steps, ${model.count} edits kept, ${workerStops} worker stops, ${serverStops} server stops, syncs ${JSON.stringify(syncs)}`);
    }
    stopping = false;
    await stopper;

    // The end: the server up, A, B, A, B… until a whole round changes nothing on either side.
    if (!serverUp) await server.start();
    const libraries = async () =>
      Promise.all(DEVICES.map(async (d) => ({ records: await callIn<PaperRecord[]>(pages[d], 'exportAll', {}), queue: (await callIn<PaperRecord[]>(pages[d], 'list', { view: 'queue' })).map((r) => r.id) })));
    const print = (libs: Awaited<ReturnType<typeof libraries>>) => JSON.stringify(libs.map((l) => [l.records.map((r) => [r.id, [...r.tags].sort(), r.note, (r.noteConflicts ?? []).map((c) => c.text).sort(), r.status, r.queuePos]), l.queue]));
    let finalRounds = 0;
    let before = '';
    for (;;) {
      finalRounds++;
      for (const d of ['A', 'B', 'A', 'B'] as Device[]) {
        if (!(await syncNow(d))) throw new Error(`sync soak: the final sync on ${d} failed: ${JSON.stringify(await callIn(pages[d], 'syncStatus', {}))}`);
      }
      const now = print(await libraries());
      if (now === before) break;
      if (finalRounds > 5) throw new Error('sync soak: the libraries still change after 5 rounds of A, B, A, B');
      before = now;
    }
    const [libA, libB] = await libraries();
    const differences = compareLibraries(libA!.records, libB!.records, libA!.queue, libB!.queue);
    const notLatest: string[] = [];
    let open = 0;
    for (const [k, lib] of [libA!, libB!].entries()) {
      const c = model.check(DEVICES[k]!, new Map(lib.records.map((r) => [r.id, r])));
      differences.push(...c.differences);
      notLatest.push(...c.notLatest);
      open = c.open;
    }
    // For a status that is not the latest write: the synced doc's status register, as stored.
    for (const [k, line] of notLatest.entries()) {
      const paper = /^\w (\S+):/.exec(line)?.[1];
      if (!paper || !line.startsWith('A ')) continue;
      const doc = await pages.A.evaluate(async (pid) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('margin');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        return new Promise<unknown>((resolve) => {
          const req = db.transaction('sync').objectStore('sync').get(pid);
          req.onsuccess = () => resolve((req.result as { status: unknown } | undefined)?.status);
        });
      }, paper);
      notLatest[k] = `${line}; the doc's status: ${JSON.stringify(doc)} (+${(doc as { at: number } | undefined)?.at ?? 0})`;
    }
    return { edits: model.count, byKind, workerStops, serverStops, syncs, finalRounds, open, differences, notLatest, pageErrors, ms: Date.now() - started };
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
    await server.close();
    rmSync(extDir, { recursive: true, force: true });
  }
}
