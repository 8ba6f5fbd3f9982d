/**
 * What the background does for each call. Each handler gets a request that validate.ts
 * already checked, talks to the store, and tells the other contexts what changed.
 */
import type { CallName, Req, Res } from '../shared/messages';
import { broadcastChanged } from './broadcast';
import { applyPatch } from './patch';
import { getRecords, updateRecord, updateRecords } from './store';

export type Handlers = { [K in CallName]: (req: Req<K>) => Promise<Res<K>> };

export const handlers: Handlers = {
  async lookup({ ids }) {
    const records = await getRecords(ids);
    return records.map((r) => r ?? null);
  },

  async update({ id, patch, meta }) {
    const now = Date.now();
    const record = await updateRecord(id, (current) => applyPatch(current, id, patch, meta, now));
    // applyPatch stamps updatedAt only when something changed: tell the others then.
    if (record.updatedAt === now) void broadcastChanged([record]);
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
};
