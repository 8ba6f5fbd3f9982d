/**
 * A listing's "in your library" signal after each way the library changes, and after the
 * worker starts again: the authors of library papers are kept in the store beside the papers
 * (store.ts papersIn) and read from there by a new worker, so they must be right whatever
 * wrote the papers and wherever a worker stopped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../../src/background/handlers';
import { libraryChanged } from '../../../src/background/rules';
import { compactAuthors, papersIn, resetConnection, transact, updateRecord } from '../../../src/background/store';
import { ConflictError, syncWith, type Transport } from '../../../src/background/sync/engine';
import { validators } from '../../../src/background/validate';
import type { PaperId } from '../../../src/shared/paper-id';
import { emptyRecord } from '../../../src/shared/record';

const LIST = 'https://arxiv.org/list/cs.LG/new';
const ENTRY = 'arxiv:2401.00099' as PaperId;
/** Which library papers (titles) a listing entry by Yann LeCun is told about. */
async function byLeCun(): Promise<string[]> {
  const marks = await handlers.markListing(validators.markListing({ url: LIST, ids: [ENTRY], papers: [{ title: 'New', authors: ['Yann LeCun'], categories: [] }] }));
  return marks.library[0]!.map((p) => p.title).sort();
}
/** A new worker: nothing of the last one's memory, the same database. */
function restartWorker(): void {
  resetConnection();
  libraryChanged();
}
const P1 = 'arxiv:2401.00001' as PaperId;
const P2 = 'arxiv:2401.00002' as PaperId;
const tag = (id: PaperId, title: string, authors: string[]) => handlers.update({ id, patch: { addTags: ['mine'] }, meta: { title, authors } });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  restartWorker();
});

describe('the library\'s authors, kept with the papers', () => {
  it('follow edits, in this worker and in the next one', async () => {
    await tag(P1, 'Convnets', ['LeCun, Yann']);
    await tag(P2, 'Energy models', ['Y. LeCun', 'A. Other']);
    expect(await byLeCun()).toEqual(['Convnets', 'Energy models']);
    restartWorker();
    expect(await byLeCun()).toEqual(['Convnets', 'Energy models']);

    // The user's state taken off: no longer in the library; a paper's authors corrected.
    await handlers.update({ id: P1, patch: { removeTags: ['mine'] } });
    await handlers.update({ id: P2, patch: {}, meta: { authors: ['A. Other'] } });
    expect(await byLeCun()).toEqual([]);
    restartWorker();
    expect(await byLeCun()).toEqual([]);
  });

  it('hold a paper saved by a worker stopped before it told anyone', async () => {
    await byLeCun(); // this worker has read them
    // Saved, then the worker stopped before its handler went on to say what changed.
    await updateRecord(P1, () => ({ ...emptyRecord(P1, 1), title: 'Saved', authors: ['Yann LeCun'], status: 'queued', queuePos: 1, stamps: { tags: 0, note: 0, status: 1 } }));
    restartWorker();
    expect(await byLeCun()).toEqual(['Saved']);
  });

  it('follow a backup import, small or large, and Delete all', async () => {
    const paper = (i: number, authors: string[]) => ({
      id: `arxiv:2402.${String(10000 + i)}`, title: `Imported ${i}`, authors, tags: ['x'], note: '', status: 'none',
      createdAt: 1, updatedAt: 1, stamps: { tags: 1, note: 0, status: 0 },
    });
    await handlers.importPapers({ papers: [paper(0, ['Yann LeCun'])] });
    expect(await byLeCun()).toEqual(['Imported 0']);
    // Over 500 papers: the worker forgets its index and reads it again.
    const many = Array.from({ length: 600 }, (_, i) => paper(i + 1, i === 599 ? ['LeCun Y'] : ['Someone Else']));
    await handlers.importPapers({ papers: many });
    expect(await byLeCun()).toEqual(['Imported 0', 'Imported 600']);
    restartWorker();
    expect(await byLeCun()).toEqual(['Imported 0', 'Imported 600']);

    await handlers.clearLibrary({});
    expect(await byLeCun()).toEqual([]);
    restartWorker();
    expect(await byLeCun()).toEqual([]);
  });

  it('stay the same when the changes are folded into one stored value, and after a range of papers is deleted', async () => {
    const paper = (i: number, authors: string[]) => ({
      id: `arxiv:2403.${String(10000 + i)}`, title: `Paper ${i}`, authors, tags: ['x'], note: '', status: 'none',
      createdAt: 1, updatedAt: 1, stamps: { tags: 1, note: 0, status: 0 },
    });
    await handlers.importPapers({ papers: Array.from({ length: 300 }, (_, i) => paper(i, i % 100 === 0 ? ['Yann LeCun'] : ['Someone Else'])) });
    const before = await byLeCun();
    expect(before).toEqual(['Paper 0', 'Paper 100', 'Paper 200']);
    await compactAuthors();
    restartWorker();
    expect(await byLeCun()).toEqual(before);
    // A migration deletes a batch's key range and puts back what stays.
    await transact(['papers'], 'readwrite', (tx) => {
      papersIn(tx).delete(IDBKeyRange.bound('arxiv:2403.10050', 'arxiv:2403.10150'));
      papersIn(tx).put({ ...paper(150, ['Y. LeCun']), v: 1 }, 'arxiv:2403.10150');
    });
    restartWorker();
    expect(await byLeCun()).toEqual(['Paper 0', 'Paper 150', 'Paper 200']);
    await handlers.update({ id: 'arxiv:2403.10000' as PaperId, patch: { removeTags: ['x'] } });
    await compactAuthors(); // few changes: left beside the base
    restartWorker();
    expect(await byLeCun()).toEqual(['Paper 150', 'Paper 200']);
  });

  it('follow a sync merge from another computer', async () => {
    const files = new Map<string, [Uint8Array, string]>();
    let n = 0;
    const transport: Transport = {
      name: 'webdav',
      logs: true,
      list: async () => [...files].map(([k, [, t]]) => ({ device: k.split('/')[0]!, kind: k.split('/')[1] as 'papers', tag: t })),
      read: async (f) => {
        const got = files.get(`${f.device}/${f.kind}`);
        return got ? { bytes: got[0], tag: got[1] } : null;
      },
      write: async (f, bytes, previous) => {
        if ((files.get(`${f.device}/${f.kind}`)?.[1] ?? null) !== previous) throw new ConflictError('412');
        const t = `"e${++n}"`;
        files.set(`${f.device}/${f.kind}`, [bytes, t]);
        return t;
      },
    };
    const other = new IDBFactory();
    const mine = globalThis.indexedDB;
    globalThis.indexedDB = other;
    resetConnection();
    await tag(P1, 'From the other computer', ['Yann LeCun']);
    await syncWith(transport, { device: 'bbbbbbbb', deviceName: 'b' });

    globalThis.indexedDB = mine;
    restartWorker();
    expect(await byLeCun()).toEqual([]);
    await syncWith(transport, { device: 'aaaaaaaa', deviceName: 'a' });
    restartWorker();
    expect(await byLeCun()).toEqual(['From the other computer']);
  });

  it('are found in a library saved before they were kept (database version 5), at the first listing', async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('margin', 5);
      open.onupgradeneeded = () => {
        const papers = open.result.createObjectStore('papers');
        papers.createIndex('status', 'status');
        for (const name of ['history', 'staging', 'settings', 'sync']) open.result.createObjectStore(name);
        papers.put({ ...emptyRecord(P1, 1), title: 'Kept long ago', authors: ['Yann LeCun'], tags: ['old'], stamps: { tags: 1, note: 0, status: 0 } }, P1);
        papers.put({ ...emptyRecord(P2, 1), title: 'Only seen', authors: ['Yann LeCun'] }, P2);
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    restartWorker();
    expect(await byLeCun()).toEqual(['Kept long ago']);
  });
});

describe('one way to write the papers', () => {
  it('no background module opens the papers store but store.ts: every write keeps the authors with it', () => {
    const root = join(import.meta.dirname, '../../../src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(root);
    const opening = files.filter((f) => !f.endsWith(join('background', 'store.ts')) && /objectStore\(\s*['"`]papers['"`]\s*\)/.test(readFileSync(f, 'utf8')));
    expect(opening.map((f) => f.slice(root.length + 1))).toEqual([]);
  });
});
