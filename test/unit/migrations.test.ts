import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { runMigrations } from '../../src/background/migrations';
import { migrate, resetConnection } from '../../src/background/store';
import { SCHEMA_VERSION } from '../../src/shared/record';
import { resetFakeBrowser } from './fake-browser';

/** A record as version 1 of Margin wrote it (no primaryClass), every field set. */
function v1Record(i: number) {
  const t = 1_700_000_000_000 + i;
  return {
    v: 1,
    id: `arxiv:2401.${String(10000 + i).padStart(5, '0')}`,
    title: `Paper ${i} — “quoted” <b>${i}</b>`,
    url: `https://arxiv.org/abs/2401.${10000 + i}`,
    authors: [`Author ${i}`, 'Second Author'],
    tags: i % 3 === 0 ? ['a', `t-${i % 11}`] : [],
    note: i % 5 === 0 ? `line 1 of ${i}\n  line 2` : '',
    status: (['none', 'queued', 'reading', 'done'] as const)[i % 4],
    queuedAt: i % 4 === 1 || i % 4 === 2 ? t : null,
    queuePos: i % 4 === 1 || i % 4 === 2 ? t + 0.5 : null,
    firstSeenAt: t - 5,
    createdAt: t - 10,
    updatedAt: t,
    stamps: { tags: t - 3, note: t - 2, status: t - 1 },
  };
}

/** Writes records as an older Margin did: database version 1, no index, then lets go. */
async function writeV1(records: Array<{ id: string }>): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('margin', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('papers');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('papers', 'readwrite');
    for (const r of records) tx.objectStore('papers').put(r, r.id);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
  resetFakeBrowser();
});

/** The stored values as they are, in key order (ids were generated in that order). */
async function exportAllRaw(): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('margin');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const all = await new Promise<unknown[]>((resolve, reject) => {
    const req = db.transaction('papers').objectStore('papers').getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  return all;
}

describe('schema migration 1 → 2', () => {
  it('runs once over 10,000 records and keeps every field', async () => {
    // Written straight into the database, as an older Margin left it.
    const old = Array.from({ length: 10_000 }, (_, i) => v1Record(i));
    await writeV1(old);

    expect(await runMigrations()).toBe(10_000);
    const stored = (await exportAllRaw()) as Array<Record<string, unknown>>;
    stored.forEach((r, i) => {
      const { v: _v, ...before } = old[i]!;
      expect(r).toEqual({ ...before, v: SCHEMA_VERSION, primaryClass: null });
    });
    // The upgraded database indexes status: the queue view reads the 5,000 queued and
    // reading papers, in their saved order, without the rest of the library.
    const queue = await handlers.list({ view: 'queue' });
    expect(queue.map((r) => r.id)).toEqual(old.filter((r) => r.queuePos !== null).map((r) => r.id));
    // Once: the second run has nothing to do, even if it were asked to scan.
    expect(await runMigrations()).toBe(0);
    expect(((await exportAllRaw()) as Array<{ v: number }>).every((r) => r.v === SCHEMA_VERSION)).toBe(true);
  });

  it('migrates a record read before the migration ran, and an import of a version 1 backup', async () => {
    const r = migrate(v1Record(7))!;
    expect(r.v).toBe(SCHEMA_VERSION);
    expect(r.primaryClass).toBeNull();
    expect(r.note).toBe(v1Record(7).note);
    expect(await handlers.importPapers({ papers: [v1Record(1), v1Record(2)] })).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await handlers.importPapers({ papers: [v1Record(1), v1Record(2)] })).toEqual({ added: 0, updated: 0, unchanged: 2 });
    const [a] = await handlers.lookup({ ids: [v1Record(1).id as never] });
    expect(a?.primaryClass).toBeNull();
    expect(a?.v).toBe(SCHEMA_VERSION);
  });

  it('counts a migrated record as unchanged when the same paper is imported again', async () => {
    await writeV1([v1Record(3)]);
    await runMigrations();
    expect(await handlers.importPapers({ papers: [v1Record(3)] })).toEqual({ added: 0, updated: 0, unchanged: 1 });
  });
});
