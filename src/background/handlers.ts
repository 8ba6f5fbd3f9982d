/**
 * What the background does for each call. Each handler gets a request that validate.ts
 * already checked, talks to the store, and tells the other contexts what changed.
 * Library-wide writes (moves, tag renames, imports) run one at a time, so each sees the
 * queue and the tags as the previous one left them.
 */
import type { CallName, Req, Res } from '../shared/messages';
import { InputError, normalizeTag, QUEUE_STATUSES, type PaperRecord } from '../shared/record';
import { mergeRecord, sameRecord } from '../shared/merge';
import { checkBackupPapers, emptyReport } from './backup';
import { scheduleBadge } from './badge';
import { broadcastChanged, sendToAll } from './broadcast';
import { planMove, tagCounts, view } from './library';
import { applyPatch } from './patch';
import { isSiteOn, setSite } from './sites';
import { importFromTool } from './tool-import';
import { allRecords, clearAll, getRecords, recordsWithStatus, updateRecord, updateRecords } from './store';

const queueRecords = async () => view(await recordsWithStatus(QUEUE_STATUSES), 'queue');

export type Handlers = { [K in CallName]: (req: Req<K>) => Promise<Res<K>> };

let tail: Promise<unknown> = Promise.resolve();
/** Runs `fn` after every earlier exclusive write has finished. */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => undefined);
  return run;
}

/**
 * Tells every tab and page what changed, and only then lets the caller answer: a worker
 * stopped before the others were told has not answered either, so the caller retries, and
 * the retry tells them.
 */
async function changed(records: PaperRecord[]): Promise<void> {
  if (records.length === 0) return;
  scheduleBadge();
  await broadcastChanged(records);
}

/** Rewrites the tag lists of every paper carrying `from`. */
async function retag(from: string, to: string | null): Promise<number> {
  const now = Date.now();
  const ids = (await allRecords()).filter((r) => r.tags.includes(from)).map((r) => r.id);
  const written = await updateRecords(ids, (_id, r) => {
    if (!r || !r.tags.includes(from)) return undefined;
    const tags = r.tags.flatMap((t) => (t === from ? (to === null ? [] : [to]) : [t]));
    return { ...r, tags: [...new Set(tags)], stamps: { ...r.stamps, tags: now }, updatedAt: now };
  });
  await changed(written);
  return written.length;
}

export const handlers: Handlers = {
  async lookup({ ids }) {
    const records = await getRecords(ids);
    return records.map((r) => r ?? null);
  },

  async update({ id, patch, meta }) {
    const now = Date.now();
    const record = await updateRecord(id, (current) => applyPatch(current, id, patch, meta, now));
    // Told to the others even when nothing changed: this may be the retry of a call whose
    // first try was saved by a worker stopped before it could broadcast.
    await changed([record]);
    return record;
  },

  async markSeen({ papers }) {
    const now = Date.now();
    const metaById = new Map(papers.map((p) => [p.id, p.meta]));
    const written = await updateRecords([...metaById.keys()], (id, current) => {
      if (current?.firstSeenAt) return undefined;
      const r = applyPatch(current, id, {}, metaById.get(id), now);
      r.firstSeenAt = now;
      return r;
    });
    return { marked: written.length };
  },

  async list({ view: which }) {
    // The queue and done views read only their own records, through the status index.
    if (which === 'queue') return queueRecords();
    if (which === 'done') return view(await recordsWithStatus(['done']), 'done');
    return view(await allRecords(), which);
  },

  move: ({ id, beforeId }) =>
    exclusive(async () => {
      const queue = await queueRecords();
      if (!queue.some((r) => r.id === id)) throw new InputError('That paper is not in the reading queue.');
      if (beforeId !== null && !queue.some((r) => r.id === beforeId)) {
        throw new InputError('The paper to move before is not in the reading queue.');
      }
      const now = Date.now();
      const positions = planMove(queue, id, beforeId, now);
      const written = await updateRecords([...positions.keys()], (pid, r) =>
        r ? { ...r, queuePos: positions.get(pid)!, updatedAt: now } : undefined,
      );
      await changed(written);
      return written.find((r) => r.id === id) ?? queue.find((r) => r.id === id)!;
    }),

  async tags() {
    return tagCounts(await allRecords());
  },

  renameTag: ({ from, to }) =>
    exclusive(async () => {
      const source = normalizeTag(from);
      const target = normalizeTag(to);
      return { papers: source === target ? 0 : await retag(source, target) };
    }),

  deleteTag: ({ tag }) => exclusive(async () => ({ papers: await retag(normalizeTag(tag), null) })),

  async exportAll() {
    return allRecords();
  },

  importPapers: ({ papers }) =>
    exclusive(async () => {
      // Everything is checked before the first write; the write is one transaction.
      const incoming = new Map(checkBackupPapers(papers).map((r) => [r.id, r]));
      const report = emptyReport();
      const written = await updateRecords([...incoming.keys()], (id, mine) => {
        const merged = mergeRecord(mine, incoming.get(id)!);
        if (!mine) report.added++;
        else if (sameRecord(mine, merged)) {
          report.unchanged++;
          return undefined;
        } else report.updated++;
        return merged;
      });
      await changed(written);
      return report;
    }),

  importFromTool: (req) =>
    exclusive(async () => {
      const { report, written } = await importFromTool(req);
      await changed(written);
      return report;
    }),

  clearLibrary: () =>
    exclusive(async () => {
      const all = await allRecords();
      await clearAll();
      scheduleBadge(0, 0);
      void sendToAll({ kind: 'margin/cleared' });
      return { deleted: all.length };
    }),

  async stats() {
    const all = await allRecords();
    const count = (s: string) => all.filter((r) => r.status === s).length;
    return {
      papers: all.length,
      withState: view(all, 'all').length,
      queued: count('queued'),
      reading: count('reading'),
      done: count('done'),
    };
  },

  async siteAccess({ origin, on }) {
    return { origin, on: on === undefined ? await isSiteOn(origin) : await setSite(origin, on) };
  },
};
