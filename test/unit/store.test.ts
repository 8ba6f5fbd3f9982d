import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { allRecords, getRecords, resetConnection } from '../../src/background/store';
import { toPaperId, type PaperId } from '../../src/shared/paper-id';
import type { PaperRecord } from '../../src/shared/record';

const rec = (x: PaperRecord | number | null | undefined) => x as PaperRecord | null | undefined;
import { sentToTabs } from './fake-browser';

const ID = toPaperId('2412.13795')!;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
});

describe('the store, through the background handlers', () => {
  it('keeps all 200 tags when two clients interleave additions on one paper', async () => {
    // Two tabs, each adding its own 100 tags one at a time, all in flight together.
    const client = (name: string) =>
      Array.from({ length: 100 }, (_, i) => handlers.update({ id: ID, patch: { addTags: [`${name}-${i}`] } }));
    const a = client('a');
    const b = client('b');
    const interleaved = a.flatMap((p, i) => [p, b[i]!]);
    await Promise.all(interleaved);
    const [record] = await getRecords([ID]);
    expect(record?.tags).toHaveLength(200);
    expect(new Set(record?.tags).size).toBe(200);
  });

  it('keeps a tag from one tab and a note from another written at the same moment', async () => {
    await Promise.all([
      handlers.update({ id: ID, patch: { addTags: ['to-read'] } }),
      handlers.update({ id: ID, patch: { note: 'line one\n  line two' } }),
    ]);
    const [record] = await getRecords([ID]);
    expect(record?.tags).toEqual(['to-read']);
    expect(record?.note).toBe('line one\n  line two');
  });

  it('answers a whole listing in one call, with null for papers it does not know', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => toPaperId(`2401.${String(i + 1).padStart(5, '0')}`)!);
    await handlers.update({ id: ids[7]!, patch: { status: 'queued' } });
    const records = await handlers.lookup({ ids });
    expect(records).toHaveLength(2000);
    expect(records.filter(Boolean)).toHaveLength(1);
    expect(rec(records[7])?.status).toBe('queued');
  });

  it('answers a listing most of whose papers it knows, in order, from one range read', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => toPaperId(`2401.${String(10000 + i)}`)!);
    // Known: every other paper of the listing, plus papers just outside its range.
    const known = [...ids.filter((_, i) => i % 2 === 0), toPaperId('2312.99999')!, toPaperId('2402.00001')!];
    await handlers.importPapers({
      papers: known.map((id, i) => ({ id, title: `T ${id}`, note: `n${i}`, createdAt: 1, updatedAt: 1 })),
    });
    const records = await handlers.lookup({ ids });
    expect(records.map((r) => rec(r)?.id ?? null)).toEqual(ids.map((id, i) => (i % 2 === 0 ? id : null)));
    expect(rec(records[2])?.title).toBe(`T ${ids[2]}`);
    // A sparse request (few known papers spread over many stored ones) reads them one by one.
    const sparse = [ids[0]!, toPaperId('2402.00001')!, ...Array.from({ length: 40 }, (_, i) => toPaperId(`2403.${String(10000 + i)}`)!)];
    expect((await handlers.lookup({ ids: sparse })).map((r) => rec(r)?.id ?? null)).toEqual([ids[0], toPaperId('2402.00001'), ...Array(40).fill(null)]);
  });

  it('tells the other tabs the current record even when a retried change changes nothing', async () => {
    await handlers.update({ id: ID, patch: { status: 'queued' } });
    sentToTabs.length = 0;
    // The same change again, as when the first try was saved by a worker stopped before it
    // could broadcast: the tabs must still hear the outcome.
    await handlers.update({ id: ID, patch: { status: 'queued' } });
    expect(sentToTabs).toContainEqual({ kind: 'margin/changed', records: [expect.objectContaining({ id: ID, status: 'queued' })] });
  });

  it('marks papers seen once, in the history and not the library, keeping the first day', async () => {
    const papers = [{ id: ID, meta: { title: 'A paper' } }];
    expect(await handlers.markSeen({ papers })).toEqual({ marked: 1 });
    const [first] = await handlers.lookup({ ids: [ID] });
    const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    expect(first).toBe(today);
    expect(await handlers.markSeen({ papers })).toEqual({ marked: 0 });
    expect(await handlers.lookup({ ids: [ID] })).toEqual([today]);
    // Only seen: no record, no title kept; the library stays the user's own papers.
    expect(await allRecords()).toEqual([]);
    // Annotated later: the record says when it was first seen.
    await handlers.update({ id: ID, patch: { addTags: ['later'] } });
    expect(((await handlers.lookup({ ids: [ID] }))[0] as PaperRecord).firstSeenAt).toBe(today);
  });

  it('reopens the database when it was deleted underneath', async () => {
    await handlers.update({ id: ID, patch: { status: 'queued' } });
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase('margin');
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked: the store did not let go of its connection'));
    });
    // The data is gone (the user cleared it) but the next action works again.
    expect(await allRecords()).toEqual([]);
    const r = await handlers.update({ id: ID, patch: { status: 'reading' } });
    expect(r.status).toBe('reading');
  });

  it('lists every record', async () => {
    const ids: PaperId[] = ['arxiv:2401.00001', 'arxiv:2401.00002'].map((s) => toPaperId(s)!);
    for (const id of ids) await handlers.update({ id, patch: { note: 'x' } });
    expect((await allRecords()).map((r) => r.id).sort()).toEqual(ids);
  });
});
