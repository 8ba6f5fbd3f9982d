/**
 * What the background does for each call. Each handler gets a request that validate.ts
 * already checked, talks to the store, and tells the other contexts what changed.
 * Library-wide writes (moves, tag renames, imports) run one at a time, so each sees the
 * queue and the tags as the previous one left them.
 */
import type { CallName, Req, Res } from '../shared/messages';
import { hasUserState, InputError, normalizeTag, QUEUE_STATUSES, type PaperRecord } from '../shared/record';
import { abortImport, beginImport, commitImport, stageBatch, type CommitResult } from './backup-import';
import { exportPage } from './backup-export';
import { dayOf, dayStart } from './history-chunks';
import { FORGOT_KEY, seenHistoryChanged } from './sync/seen-sync';
import { forgetHistoryBefore, historyStats, markSeen, readSeenDays } from './history';
import { scheduleBadge } from './badge';
import { broadcastChanged, sendToAll } from './broadcast';
import { planMove, view } from './library';
import { libraryTally, statsOf, tagsOf } from './library-counts';
import { applyPatch } from './patch';
import { isSiteOn, setSite } from './sites';
import { importFromTool } from './tool-import';
import { followAuthor, getRules, importRules, lastListing, libraryChanged, markListing, setRules } from './rules';
import type { Rule } from '../shared/rules/types';
import { allRecords, clearAll, getRecords, hasAnyRecord, recordsWithStatus, transact, updateRecord, updateRecords } from './store';
import type { PaperId } from '../shared/paper-id';
import { setupChrome, setupPassphrase, setupWebdav, syncNow, syncSoon, syncStatus } from './sync/service';
import { markDirty } from './sync/engine';

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
  libraryChanged(records);
  scheduleBadge();
  await dirty(records.map((r) => r.id));
  await broadcastChanged(records);
}

/**
 * Tells sync which papers changed here ('all': too many to list), then asks for a sync in a
 * few seconds. A mark lost to a worker stopped just here is found by the next full pass.
 */
async function dirty(ids: PaperId[] | 'all'): Promise<void> {
  await markDirty(ids).catch((err) => console.warn('Margin: could not mark papers for sync; the next full sync finds them.', err));
  syncSoon();
}

/** What sync brought from the other computers: shown everywhere like a local change. */
export async function syncedIn(records: PaperRecord[]): Promise<void> {
  libraryChanged(records.length && records.length <= 500 ? records : undefined);
  scheduleBadge();
  if (records.length > 500 || records.length === 0) await sendToAll({ kind: 'margin/reload' });
  else await broadcastChanged(records);
}

/** Tells the others what an import changed: the records, or (many) that they should read again. */
async function imported({ written, report }: CommitResult): Promise<void> {
  if (report.seen > 0) seenHistoryChanged();
  // Only seen marks (a history-only file): no record to send, but what listings show as new
  // and the options page's counts changed.
  if (written.length === 0 && report.seen > 0) return sendToAll({ kind: 'margin/reload' });
  if (written.length <= 500) return changed(written);
  libraryChanged();
  scheduleBadge();
  await dirty('all');
  await sendToAll({ kind: 'margin/reload' });
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
    const days = new Map<PaperId, number>();
    const records = await getRecords(ids, { stores: ['history'], read: (tx) => readSeenDays(tx, ids, days) });
    return records.map((r, i) => {
      const day = days.get(ids[i]!) ?? 0;
      if (r) return r.firstSeenAt === null && day ? { ...r, firstSeenAt: dayStart(day) } : r;
      return day ? dayStart(day) : null;
    });
  },

  async pageStart() {
    const [rules, any] = await Promise.all([getRules(), hasAnyRecord()]);
    return { marking: rules.length > 0 || any };
  },

  async update({ id, patch, meta }) {
    const now = Date.now();
    const record = await updateRecord(id, (current) => applyPatch(current, id, patch, meta, now));
    // Told to the others even when nothing changed: this may be the retry of a call whose
    // first try was saved by a worker stopped before it could broadcast.
    await changed([record]);
    return record;
  },

  // Titles and authors of papers only scrolled past are not kept: a mark is two bytes.
  markSeen: async ({ papers }) => {
    const marked = await markSeen(papers.map((p) => p.id));
    if (marked) seenHistoryChanged();
    return { marked };
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
      // The place is part of the status (sync merges them as one, the later write winning):
      // a move stamps it, so a later edit of the tags or the note cannot make it newer.
      const written = await updateRecords([...positions.keys()], (pid, r) =>
        r ? { ...r, queuePos: positions.get(pid)!, updatedAt: now, stamps: { ...r.stamps, status: now } } : undefined,
      );
      await changed(written);
      return written.find((r) => r.id === id) ?? queue.find((r) => r.id === id)!;
    }),

  tags: async () => tagsOf(await libraryTally()),

  renameTag: ({ from, to }) =>
    exclusive(async () => {
      const source = normalizeTag(from);
      const target = normalizeTag(to);
      return { papers: source === target ? 0 : await retag(source, target) };
    }),

  deleteTag: ({ tag }) => exclusive(async () => ({ papers: await retag(normalizeTag(tag), null) })),

  // The library as the user knows it; records whose state was all taken off again stay in
  // backups (their stamps matter to merges) but not in searches and BibTeX/CSV exports.
  exportAll: async () => (await allRecords()).filter(hasUserState),

  exportPage: ({ part, after }) => exportPage(part, after),

  importPapers: ({ papers, rules }) =>
    exclusive(async () => {
      // The staged import in one go: everything checked, then one transaction.
      const { importId } = await beginImport();
      try {
        await stageBatch(importId, 0, 0, papers, []);
        const result = await commitImport(importId);
        if (rules) await importRules(rules as Rule[]);
        await imported(result);
        const { seen: _, ...report } = result.report;
        return report;
      } catch (err) {
        await abortImport(importId).catch(() => undefined);
        throw err;
      }
    }),

  importBegin: () => beginImport(),
  importBatch: ({ importId, batch, first, papers, seen }) => stageBatch(importId, batch, first, papers, seen),
  importCommit: ({ importId, rules }) =>
    exclusive(async () => {
      const result = await commitImport(importId);
      // Checked with the request, before the papers were written: merging cannot refuse them.
      const changedRules = rules ? await importRules(rules as Rule[]) : 0;
      await imported(result);
      return rules ? { ...result.report, rules: changedRules } : result.report;
    }),
  importAbort: async ({ importId }) => {
    await abortImport(importId);
    return {};
  },
  importFromTool: (req) =>
    exclusive(async () => {
      const { report, written } = await importFromTool(req);
      await changed(written);
      return report;
    }),

  clearLibrary: () =>
    exclusive(async () => {
      const all = (await allRecords()).filter(hasUserState);
      await clearAll();
      libraryChanged();
      scheduleBadge(0, 0);
      void sendToAll({ kind: 'margin/rules', rules: [] });
      void sendToAll({ kind: 'margin/cleared' });
      await dirty('all');
      return { deleted: all.length };
    }),

  historyStats: () => historyStats(),
  forgetHistory: async ({ before }) => {
    const forgotten = await forgetHistoryBefore(before);
    seenHistoryChanged();
    // The other computers forget the same days at their next sync (sync/seen-sync.ts).
    const day = dayOf(before);
    await transact(['sync'], 'readwrite', (tx) => {
      const os = tx.objectStore('sync');
      const req = os.get(FORGOT_KEY);
      req.onsuccess = () => {
        if (!(typeof req.result === 'number' && req.result >= day)) os.put(day, FORGOT_KEY);
      };
    });
    // Papers forgotten are new again on the next visit: pages re-read what they show.
    if (forgotten) void sendToAll({ kind: 'margin/reload' });
    return { forgotten };
  },

  // The library: papers with something of the user's on them (a record whose tags, note
  // and status were all taken off again is kept, for its stamps, but not counted).
  stats: async () => statsOf(await libraryTally()),

  rules: () => getRules(),
  setRules: ({ rules }) => exclusive(() => setRules(rules)),
  followAuthor: ({ author }) => exclusive(() => followAuthor(author)),
  markListing: ({ url, ids, papers }) => markListing(url, ids, papers),
  lastListing: () => lastListing(),

  syncStatus: () => syncStatus(),
  syncSetup: (req) =>
    req.passphrase !== undefined ? setupPassphrase(req.passphrase) : req.chrome !== undefined ? setupChrome(req.chrome) : setupWebdav(req.webdav ?? null),
  syncNow: () => syncNow({ manual: true }),

  async siteAccess({ origin, on }) {
    return { origin, on: on === undefined ? await isSiteOn(origin) : await setSite(origin, on) };
  },
};
