// The options page's figures (papers, queue, done, every tag's papers, the seen history) are
// kept up to date by the writes instead of counted at every change: after any mix of edits,
// moves, tag renames and deletions, imports, sync merges, "Delete all", forgetting and a
// stopped worker, they must be what counting the whole library gives.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaperId } from '../../src/shared/paper-id';
import { hasUserState, type Status } from '../../src/shared/record';
import { tagCounts } from '../../src/shared/tag-counts';
import { rng } from '../bench/stats';
import { paper } from './options/records';

type Handlers = typeof import('../../src/background/handlers').handlers;
type Transport = import('../../src/background/sync/engine').Transport;

/** The background's modules, loaded afresh: a stopped worker keeps nothing in memory. */
async function load() {
  vi.resetModules();
  const [h, store, history, engine, chunks] = await Promise.all([
    import('../../src/background/handlers'),
    import('../../src/background/store'),
    import('../../src/background/history'),
    import('../../src/background/sync/engine'),
    import('../../src/background/history-chunks'),
  ]);
  return { handlers: h.handlers, store, history, engine, chunks };
}
let bg: Awaited<ReturnType<typeof load>>;

/** A WebDAV-like server in memory (If-Match on writes), enough for two computers to sync. */
function memoryServer(): Transport {
  const files = new Map<string, [Uint8Array, string]>();
  let n = 0;
  return {
    name: 'webdav',
    logs: true,
    list: async () => [...files].map(([k, [, tag]]) => ({ device: k.split('/')[0]!, kind: k.split('/')[1] as 'papers', tag })),
    read: async (f) => {
      const got = files.get(`${f.device}/${f.kind}`);
      return got ? { bytes: got[0], tag: got[1] } : null;
    },
    write: async (f, bytes, previous) => {
      const key = `${f.device}/${f.kind}`;
      if ((files.get(key)?.[1] ?? null) !== previous) throw new bg.engine.ConflictError('412');
      const tag = `"e${++n}"`;
      files.set(key, [bytes, tag]);
      return tag;
    },
  };
}

const IDS = Array.from({ length: 24 }, (_, i) => `arxiv:2401.${String(i + 1).padStart(5, '0')}` as PaperId);
const TAGS = ['rl', 'nlp', 'vision', 'theory', 'to-read'];
const STATUSES: Status[] = ['none', 'queued', 'reading', 'done'];

/** What the figures are, counted from every record and every seen mark. */
async function recount() {
  const all = await bg.store.allRecords();
  const lib = all.filter(hasUserState);
  const count = (s: Status) => lib.filter((r) => r.status === s).length;
  let seen = 0;
  let oldest = Infinity;
  for (const [, chunk] of (await bg.history.historyPage(null, 1e9)).chunks) {
    for (const [, day] of bg.chunks.entries(chunk)) {
      seen++;
      oldest = Math.min(oldest, day);
    }
  }
  return {
    stats: { papers: lib.length, withState: lib.length, queued: count('queued'), reading: count('reading'), done: count('done') },
    tags: tagCounts(all),
    history: { seen, oldest: seen ? bg.chunks.dayStart(oldest) : null },
  };
}

async function answered() {
  return { stats: await bg.handlers.stats({}), tags: await bg.handlers.tags({}), history: await bg.handlers.historyStats({}) };
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  bg = await load();
});

describe("the options page's figures", () => {
  it('stay what a full count gives through hundreds of random edits, imports, merges and deletions', async () => {
    const next = rng(20261204);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const some = <T,>(xs: readonly T[], max: number): T[] => Array.from({ length: 1 + Math.floor(next() * max) }, () => pick(xs));
    const mine = new IDBFactory();
    const theirs = new IDBFactory();
    const server = memoryServer();
    let h: Handlers = bg.handlers;
    const on = async <T,>(db: IDBFactory, fn: () => Promise<T>): Promise<T> => {
      globalThis.indexedDB = db;
      bg.store.resetConnection();
      return fn();
    };
    globalThis.indexedDB = mine;
    const done: string[] = [];
    const DAY = 86_400_000;
    const day = Date.UTC(2025, 0, 1);

    for (let step = 0; step < 300; step++) {
      const r = next();
      const id = pick(IDS);
      if (r < 0.4) {
        done.push('update');
        const patch: Parameters<Handlers['update']>[0]['patch'] = {};
        if (next() < 0.5) patch.addTags = some(TAGS, 2);
        if (next() < 0.3) patch.removeTags = some(TAGS, 2);
        if (next() < 0.4) patch.status = pick(STATUSES);
        if (next() < 0.3) patch.note = next() < 0.5 ? '' : `note ${step}`;
        await h.update({ id, patch, meta: { title: `Paper ${id}` } });
      } else if (r < 0.47) {
        done.push('move');
        const queue = await h.list({ view: 'queue' });
        if (queue.length >= 2) await h.move({ id: pick(queue).id, beforeId: next() < 0.3 ? null : pick(queue).id }).catch(() => undefined);
      } else if (r < 0.53) {
        done.push('renameTag');
        await h.renameTag({ from: pick(TAGS), to: pick([...TAGS, 'merged']) });
      } else if (r < 0.57) {
        done.push('deleteTag');
        await h.deleteTag({ tag: pick([...TAGS, 'merged']) });
      } else if (r < 0.64) {
        done.push('importPapers');
        const papers = some(IDS, 5).map((pid, i) =>
          paper(pid, { tags: some(TAGS, 2), status: pick(STATUSES), note: next() < 0.5 ? 'imported' : '', updatedAt: day + i, stamps: { tags: day + i, note: day + i, status: day + i } }),
        );
        await h.importPapers({ papers: [...new Map(papers.map((p) => [p.id, p])).values()] });
      } else if (r < 0.69) {
        done.push('importFromTool');
        const papers = [...new Set(some(IDS, 4))].map((pid) => ({ id: pid, title: `T ${pid}`, authors: ['A. Author'], tags: some(TAGS, 2), note: next() < 0.5 ? 'from zotero' : '' }));
        await h.importFromTool({ papers, options: { queue: next() < 0.5, tag: next() < 0.5 ? 'zotero' : null, markSeen: next() < 0.5 } });
      } else if (r < 0.77) {
        done.push('sync');
        // The other computer edits, both sync: its changes merge into this library.
        await on(theirs, async () => {
          for (const pid of some(IDS, 3)) await h.update({ id: pid, patch: { addTags: some(TAGS, 1), status: pick(STATUSES) } });
          await bg.engine.syncWith(server, { device: 'bbbbbbbb', deviceName: 'B' });
        });
        await on(mine, () => bg.engine.syncWith(server, { device: 'aaaaaaaa', deviceName: 'A' }));
      } else if (r < 0.83) {
        done.push('markSeen');
        await h.markSeen({ papers: some(IDS, 6).map((pid) => ({ id: pid })) });
      } else if (r < 0.845) {
        done.push('import seen');
        const { importId } = await h.importBegin({});
        const on = new Date(Date.now() - DAY * Math.floor(1 + next() * 30)).toISOString().slice(0, 10);
        await h.importBatch({ importId, batch: 0, first: 0, papers: [], seen: [[on, some(IDS, 6).map((pid) => pid.slice(6))]] });
        await h.importCommit({ importId });
      } else if (r < 0.86) {
        done.push('forgetHistory');
        await h.forgetHistory({ before: Date.now() - DAY * Math.floor(next() * 32) });
      } else if (r < 0.93) {
        done.push('stop');
        // The worker stopped and started again: fresh modules, the same database.
        bg = await load();
        h = bg.handlers;
        globalThis.indexedDB = mine;
      } else if (r < 0.96) {
        done.push('clearLibrary');
        await h.clearLibrary({});
      } else {
        done.push('answered twice');
        await answered();
      }
      // Asked often, as an open options page does, and sometimes not (a write with nothing open).
      if (next() < 0.7) expect(await answered(), `after ${done.join(', ')}`).toEqual(await recount());
    }
    expect(await answered()).toEqual(await recount());
    // Every kind of step ran.
    expect(new Set(done).size).toBe(13);
    const lib = (await recount()).stats;
    expect(lib.papers + (await h.tags({})).length).toBeGreaterThan(0);
  });

  it('follow an edit at once: a tag added shows with its count, the queue and library grow', async () => {
    const h = bg.handlers;
    await h.update({ id: IDS[0]!, patch: { addTags: ['rl'], status: 'queued' } });
    await h.update({ id: IDS[1]!, patch: { addTags: ['rl', 'nlp'] } });
    expect(await h.tags({})).toEqual([
      { tag: 'rl', count: 2 },
      { tag: 'nlp', count: 1 },
    ]);
    expect(await h.stats({})).toMatchObject({ papers: 2, queued: 1 });
    await h.update({ id: IDS[0]!, patch: { removeTags: ['rl'], status: 'none' } });
    expect(await h.tags({})).toEqual([
      { tag: 'nlp', count: 1 },
      { tag: 'rl', count: 1 },
    ]);
    expect(await h.stats({})).toMatchObject({ papers: 1, queued: 0 });
  });

  it('follow the seen history: papers marked, old marks imported, old marks forgotten, the worker restarted', async () => {
    const DAY = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
    const h = bg.handlers;
    await h.markSeen({ papers: IDS.slice(0, 3).map((id) => ({ id })) });
    expect(await h.historyStats({})).toEqual({ seen: 3, oldest: bg.chunks.dayStart(bg.chunks.dayOf(Date.now())) });
    const { importId } = await h.importBegin({});
    await h.importBatch({ importId, batch: 0, first: 0, papers: [], seen: [[ago(20), ['2301.00001', '2301.00002']], [ago(3), ['2301.00003']]] });
    await h.importCommit({ importId });
    expect((await answered()).history).toEqual({ seen: 6, oldest: Date.parse(ago(20)) });
    await h.markSeen({ papers: [{ id: IDS[5]! }] });
    await h.forgetHistory({ before: Date.now() - 10 * DAY });
    expect((await answered()).history).toEqual({ seen: 5, oldest: Date.parse(ago(3)) });
    expect(await answered()).toEqual(await recount());
    bg = await load();
    expect((await bg.handlers.historyStats({}))).toEqual({ seen: 5, oldest: Date.parse(ago(3)) });
  });

  it('count the library again when the kept counts are missing or damaged', async () => {
    const h = bg.handlers;
    await h.update({ id: IDS[0]!, patch: { addTags: ['rl'] } });
    expect(await h.stats({})).toMatchObject({ papers: 1 });
    await bg.store.updateSetting('libraryTally', () => ({ papers: -3, tags: 'nonsense' }));
    expect(await h.stats({})).toMatchObject({ papers: 1 });
    expect(await h.tags({})).toEqual([{ tag: 'rl', count: 1 }]);
  });
});

