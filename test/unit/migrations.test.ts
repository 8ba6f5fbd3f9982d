import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { runMigrations } from '../../src/background/migrations';
import { migrate, resetConnection } from '../../src/background/store';
import type { PaperId } from '../../src/shared/paper-id';
import { SCHEMA_VERSION, type PaperRecord } from '../../src/shared/record';
import { resetFakeBrowser, storageFaults } from './fake-browser';

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

describe('storage migration to schema 3 (seen history apart from the library)', () => {
  /** A library as schema 2 left it: annotated papers, and many papers only seen. */
  function library(n: number) {
    return Array.from({ length: n }, (_, i) => {
      const r = v1Record(i);
      // Every tenth paper is the user's; the rest were only scrolled past (no stamps).
      if (i % 10 === 0) return { ...r, v: 2, primaryClass: i % 20 === 0 ? 'cs.LG' : null };
      return { ...r, v: 2, primaryClass: null, tags: [], note: '', status: 'none' as const, queuedAt: null, queuePos: null, stamps: { tags: 0, note: 0, status: 0 } };
    });
  }

  it('moves 10,000 seen-only records to the history, keeps every annotated one, and resumes after a stop', async () => {
    const old = library(10_000);
    await writeV1(old);
    // The worker is stopped after two batches were saved.
    storageFaults.setsLeft = 2;
    await expect(runMigrations(1000)).rejects.toThrow(/worker stopped/);
    storageFaults.setsLeft = null;
    expect(((await exportAllRaw()) as unknown[]).length).toBeLessThan(10_000);
    expect(((await exportAllRaw()) as unknown[]).length).toBeGreaterThan(1_000);
    const report = await runMigrations(1000);
    // Resumed, not restarted: what the first run moved is not counted again.
    expect(report.moved).toBeLessThan(9_000);

    const stored = (await exportAllRaw()) as Array<Record<string, unknown>>;
    const annotated = old.filter((_, i) => i % 10 === 0);
    expect(stored).toEqual(annotated);
    // Every paper, annotated or not, still reads as seen on the day it was first seen.
    const ids = old.map((r) => r.id as PaperId);
    const answers = await handlers.lookup({ ids });
    answers.forEach((a, i) => {
      const day = Math.floor(old[i]!.firstSeenAt / 86_400_000) * 86_400_000;
      if (i % 10 === 0) expect((a as PaperRecord).firstSeenAt).toBe(old[i]!.firstSeenAt);
      else expect(a).toBe(day);
    });
    expect((await handlers.historyStats({})).seen).toBe(9_000);
    expect(await runMigrations()).toEqual({ moved: 0, kept: 0 });
  });

  it('migrates a version 1 record read before the migration ran, and an import of a version 1 backup', async () => {
    const r = migrate(v1Record(7))!;
    expect(r.v).toBe(SCHEMA_VERSION);
    expect(r.primaryClass).toBeNull();
    expect(r.note).toBe(v1Record(7).note);
    expect(await handlers.importPapers({ papers: [v1Record(1), v1Record(2)] })).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await handlers.importPapers({ papers: [v1Record(1), v1Record(2)] })).toEqual({ added: 0, updated: 0, unchanged: 2 });
    const [a] = (await handlers.lookup({ ids: [v1Record(1).id as never] })) as PaperRecord[];
    expect(a?.primaryClass).toBeNull();
    expect(a?.v).toBe(SCHEMA_VERSION);
  });

  it('keeps version 1 records with every field, brought to the current record schema', async () => {
    const old = Array.from({ length: 200 }, (_, i) => v1Record(i));
    await writeV1(old);
    await runMigrations();
    const stored = (await exportAllRaw()) as Array<Record<string, unknown>>;
    stored.forEach((r, i) => {
      const { v: _v, ...before } = old[i]!;
      expect(r).toEqual({ ...before, v: SCHEMA_VERSION, primaryClass: null });
    });
    expect(await handlers.importPapers({ papers: [v1Record(3)] })).toEqual({ added: 0, updated: 0, unchanged: 1 });
  });
});
