// Two computers, each with its own library (its own IndexedDB), syncing through a server
// kept in memory that behaves as WebDAV does with If-Match. Edits go through the same
// handlers the overlay and popup use. The real server is in test/e2e/sync.test.ts.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../../src/background/handlers';
import { allRecords, resetConnection, updateRecord } from '../../../src/background/store';
import { syncSeen } from '../../../src/background/sync/seen-sync';
import { encrypting } from '../../../src/background/sync/encryption';
import { decodeSnapshot, isEncrypted } from '../../../src/background/sync/codec';
import { dayOf } from '../../../src/background/history-chunks';
import { ConflictError, syncWith, type FileKind, type FileName, type Transport } from '../../../src/background/sync/engine';
import type { PaperId } from '../../../src/shared/paper-id';
import type { PaperRecord } from '../../../src/shared/record';

const P1 = 'arxiv:2412.13795' as PaperId;
const P2 = 'arxiv:2501.00001' as PaperId;

/** A server: file name → [bytes, etag], with If-Match / If-None-Match as WebDAV has them. */
class MemoryServer {
  files = new Map<string, [Uint8Array, string]>();
  private n = 0;
  down = false;
  /** Lists and reads, but refuses writes (a full disk). */
  full = false;
  constructor(readonly name = 'webdav') {}
  transport(): Transport {
    const check = () => {
      if (this.down) throw new TypeError('Failed to fetch');
    };
    const key = (f: FileName) => `${f.device}/${f.kind}`;
    return {
      name: this.name,
      logs: this.name !== 'chrome',
      list: async () => {
        check();
        return [...this.files].map(([k, [, tag]]) => {
          const [device, kind] = k.split('/') as [string, FileKind];
          return { device, kind, tag };
        });
      },
      read: async (f) => {
        check();
        const got = this.files.get(key(f));
        return got ? { bytes: got[0], tag: got[1] } : null;
      },
      write: async (f, bytes, previous) => {
        check();
        if (this.full) throw new Error('507 Insufficient Storage');
        const current = this.files.get(key(f))?.[1] ?? null;
        if (current !== previous) throw new ConflictError('412');
        const tag = `"e${++this.n}"`;
        this.files.set(key(f), [bytes, tag]);
        return tag;
      },
    };
  }
}

class Computer {
  db = new IDBFactory();
  constructor(readonly device: string) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    globalThis.indexedDB = this.db;
    resetConnection();
    return fn();
  }
  sync(server: MemoryServer = defaultServer()) {
    return this.run(() => syncWith(server.transport(), { device: this.device, deviceName: this.device }));
  }
  edit(id: PaperId, patch: Parameters<typeof handlers.update>[0]['patch']) {
    return this.run(() => handlers.update({ id, patch, meta: { title: `Title of ${id}` } }));
  }
  library() {
    return this.run(async () => (await allRecords()).sort((a, b) => (a.id < b.id ? -1 : 1)));
  }
}

/** What the user sees of a paper: the synced fields, tags as a set. */
const shown = (r: PaperRecord) => ({
  id: r.id,
  tags: [...r.tags].sort(),
  note: r.note,
  conflicts: (r.noteConflicts ?? []).map((c) => c.text).sort(),
  status: r.status,
  queuePos: r.queuePos,
});

let server: MemoryServer;
const defaultServer = () => server;
let a: Computer;
let b: Computer;
beforeEach(() => {
  server = new MemoryServer();
  a = new Computer('aaaaaaaa');
  b = new Computer('bbbbbbbb');
});

describe('sync between two computers', () => {
  it('an edit on A shows on B after both sync, title included', async () => {
    await a.edit(P1, { addTags: ['rl'], status: 'queued', note: 'from A' });
    await a.sync(server);
    const result = await b.sync(server);
    expect(result.merged).toEqual(['aaaaaaaa']);
    const [p] = await b.library();
    expect(shown(p!)).toMatchObject({ tags: ['rl'], note: 'from A', status: 'queued' });
    expect(p!.title).toBe(`Title of ${P1}`);
  });

  it('edits made on both while offline are merged: tags united, notes kept as a conflict', async () => {
    await a.edit(P1, { note: 'base' });
    await a.sync(server);
    await b.sync(server);
    await a.edit(P1, { addTags: ['from-a'], note: 'A wrote this' });
    await b.edit(P1, { addTags: ['from-b'], note: 'B wrote that' });
    await b.edit(P2, { status: 'queued' });
    await a.sync(server);
    await b.sync(server);
    await a.sync(server);
    const [la, lb] = [await a.library(), await b.library()];
    expect(la.map(shown)).toEqual(lb.map(shown));
    const p1 = shown(la.find((r) => r.id === P1)!);
    expect(p1.tags).toEqual(['from-a', 'from-b']);
    expect([p1.note, ...p1.conflicts].sort()).toEqual(['A wrote this', 'B wrote that']);
    expect(la.find((r) => r.id === P2)?.status).toBe('queued');
  });

  it('resolving the conflict on one computer resolves it on the other', async () => {
    await a.edit(P1, { note: 'A' });
    await b.edit(P1, { note: 'B' });
    await a.sync(server);
    await b.sync(server);
    await a.sync(server);
    const [conflicted] = await a.library();
    expect(conflicted!.noteConflicts).toHaveLength(1);
    await a.edit(P1, { note: 'A+B', resolveNote: true });
    await a.sync(server);
    await b.sync(server);
    const [onB] = await b.library();
    expect(onB!.note).toBe('A+B');
    expect(onB!.noteConflicts ?? []).toEqual([]);
  });

  it('a tag rename and a tag delete reach the other computer; it cannot bring them back', async () => {
    await a.edit(P1, { addTags: ['old', 'gone'] });
    await a.edit(P2, { addTags: ['old'] });
    await a.sync(server);
    await b.sync(server);
    await a.run(() => handlers.renameTag({ from: 'old', to: 'new' }));
    await a.run(() => handlers.deleteTag({ tag: 'gone' }));
    await b.edit(P2, { note: 'B edits something else meanwhile' });
    await a.sync(server);
    await b.sync(server);
    await a.sync(server);
    for (const lib of [await a.library(), await b.library()]) {
      expect(lib.map((r) => [r.id, [...r.tags].sort()])).toEqual([
        [P1, ['new']],
        [P2, ['new']],
      ]);
    }
  });

  it('"Delete all" on A empties B too, and B\'s unsent older edits do not come back', async () => {
    await a.edit(P1, { addTags: ['x'], status: 'queued' });
    await a.sync(server);
    await b.sync(server);
    await b.edit(P2, { note: 'B, offline, before the delete' });
    await new Promise((r) => setTimeout(r, 5));
    await a.run(() => handlers.clearLibrary({}));
    await a.sync(server);
    await b.sync(server);
    await a.sync(server);
    const withState = (lib: PaperRecord[]) => lib.filter((r) => r.tags.length || r.note || r.status !== 'none');
    expect(withState(await a.library())).toEqual([]);
    expect(withState(await b.library())).toEqual([]);
    // Work after the delete syncs as usual.
    await b.edit(P2, { addTags: ['after'] });
    await b.sync(server);
    await a.sync(server);
    expect(withState(await a.library()).map(shown)).toMatchObject([{ id: P2, tags: ['after'] }]);
  });

  it('"Delete all" on a library never synced deletes only there: turning sync on later keeps the other\'s papers', async () => {
    await b.edit(P2, { addTags: ['older-on-b'] });
    await b.sync(server);
    await new Promise((r) => setTimeout(r, 5));
    await a.edit(P1, { addTags: ['gone'] });
    await a.run(() => handlers.clearLibrary({}));
    await a.sync(server);
    await b.sync(server);
    for (const lib of [await a.library(), await b.library()]) {
      expect(lib.filter((r) => r.tags.length).map((r) => [r.id, r.tags])).toEqual([[P2, ['older-on-b']]]);
    }
  });

  it('a queue order and statuses converge whatever the order of syncs', async () => {
    await a.edit(P1, { status: 'queued' });
    await a.edit(P2, { status: 'queued' });
    await a.sync(server);
    await b.sync(server);
    await a.run(() => handlers.move({ id: P2, beforeId: P1 }));
    await b.edit(P1, { status: 'done' });
    await b.sync(server);
    await a.sync(server);
    await b.sync(server);
    const [la, lb] = [await a.library(), await b.library()];
    expect(la.map(shown)).toEqual(lb.map(shown));
    expect(la.find((r) => r.id === P1)?.status).toBe('done');
  });

  it('a server that is down fails the sync and loses nothing; the next sync sends it', async () => {
    await a.edit(P1, { addTags: ['kept'] });
    server.down = true;
    await expect(a.sync(server)).rejects.toThrow();
    server.down = false;
    await a.sync(server);
    await b.sync(server);
    expect((await b.library())[0]?.tags).toEqual(['kept']);
  });

  it('a write refused after the merge (server full) is sent at the next sync, with no new edit', async () => {
    await a.edit(P1, { addTags: ['while-full'] });
    server.full = true;
    await expect(a.sync(server)).rejects.toThrow('507');
    server.full = false;
    expect((await a.sync(server)).wrote).toBe(true);
    await b.sync(server);
    expect((await b.library())[0]?.tags).toEqual(['while-full']);
  });

  it('what arrives through one transport is sent through the other (WebDAV and Chrome Sync both on)', async () => {
    const chrome = new MemoryServer('chrome');
    const c = new Computer('cccccccc');
    await a.edit(P1, { addTags: ['via-webdav'] });
    await a.sync(server);
    // B syncs through both; C only through Chrome Sync.
    await b.sync(chrome);
    await b.sync(server);
    await b.sync(chrome);
    await c.sync(chrome);
    expect((await c.library())[0]?.tags).toEqual(['via-webdav']);
  });

  it('after the first sync, an edit travels in the small log; the full file is rewritten only when the log grows long', async () => {
    await a.edit(P1, { addTags: ['one'] });
    await a.sync(server);
    const fullTag = server.files.get('aaaaaaaa/papers')![1];
    await a.edit(P2, { addTags: ['two'] });
    expect((await a.sync(server)).papers).toBe(1); // the log: one doc
    expect(server.files.get('aaaaaaaa/papers')![1]).toBe(fullTag);
    expect(server.files.has('aaaaaaaa/log')).toBe(true);
    await b.sync(server);
    expect((await b.library()).map((r) => r.tags)).toEqual([['one'], ['two']]);
    // A long log (over 500 papers) is folded into a new full file.
    const many = Array.from({ length: 600 }, (_, i) => ({ id: `arxiv:2502.${String(10000 + i)}`, title: `P${i}`, tags: ['bulk'], createdAt: 1, updatedAt: 5, stamps: { tags: 5, note: 0, status: 0 } }));
    await a.run(() => handlers.importPapers({ papers: many }));
    await a.sync(server);
    expect(server.files.get('aaaaaaaa/papers')![1]).not.toBe(fullTag);
    await b.sync(server);
    expect((await b.library()).length).toBe(602);
  });

  it('a change no writer marked for sync (a worker stopped in between) is found by the full pass', async () => {
    await a.edit(P1, { addTags: ['marked'] });
    await a.sync(server);
    // Written straight to the store, as if the worker stopped before marking it.
    await a.run(() => updateRecord(P1, (r) => ({ ...r!, tags: [...r!.tags, 'unmarked'], stamps: { ...r!.stamps, tags: Date.now() } })));
    await a.sync(server);
    await b.sync(server);
    expect((await b.library())[0]?.tags).toEqual(['marked']);
    await a.run(() => syncWith(server.transport(), { device: a.device, deviceName: a.device, full: true }));
    await b.sync(server);
    expect((await b.library())[0]?.tags).toEqual(['marked', 'unmarked']);
  });

  it('writes its file only when something changed', async () => {
    await a.edit(P1, { addTags: ['one'] });
    expect((await a.sync(server)).wrote).toBe(true);
    expect((await a.sync(server)).wrote).toBe(false);
    await a.edit(P1, { addTags: ['two'] });
    expect((await a.sync(server)).wrote).toBe(true);
  });

  it('refuses a damaged file from another device and names it, merging the rest', async () => {
    await a.edit(P1, { addTags: ['fine'] });
    await a.sync(server);
    server.files.set('cccccccc/papers', [new Uint8Array([1, 2, 3]), '"bad"']);
    const result = await b.sync(server);
    expect(result.unreadable.cccccccc).toMatch(/not a Margin sync file/);
    expect((await b.library())[0]?.tags).toEqual(['fine']);
  });
});

describe('end-to-end encryption', () => {
  const salt = (n: number) => new Uint8Array(16).fill(n);
  const via = (c: Computer, passphrase: string, n: number) =>
    c.run(() => syncWith(encrypting(server.transport(), passphrase, salt(n)), { device: c.device, deviceName: c.device }));

  it('the server holds only ciphertext; the same passphrase reads it; another is told so and merges nothing', async () => {
    await a.edit(P1, { addTags: ['secret-topic'], note: 'private thoughts' });
    await via(a, 'correct horse battery', 1);
    const [bytes] = [...server.files.values()][0]!;
    expect(isEncrypted(bytes)).toBe(true);
    await expect(decodeSnapshot(bytes)).rejects.toThrow(/encrypted with a passphrase/);
    expect(new TextDecoder().decode(bytes)).not.toContain('secret-topic');

    await via(b, 'correct horse battery', 2);
    expect((await b.library())[0]).toMatchObject({ tags: ['secret-topic'], note: 'private thoughts' });

    const c = new Computer('cccccccc');
    const wrong = await via(c, 'another passphrase', 3);
    expect(wrong.unreadable.aaaaaaaa).toMatch(/different passphrase/);
    expect(await c.library()).toEqual([]);
    // Without any passphrase: told the file is encrypted, nothing merged.
    const none = await new Computer('dddddddd').sync(server);
    expect(none.unreadable.aaaaaaaa).toMatch(/encrypted with a passphrase/);
  });
});

describe('the seen history', () => {
  const seenSync = (c: Computer, force = true) =>
    c.run(async () => syncSeen(server.transport(), await server.transport().list(), { device: c.device, force }));
  const lookup = (c: Computer, ids: PaperId[]) => c.run(() => handlers.lookup({ ids }));

  it('is a union: a paper seen on either computer is seen on both, on the earlier day', async () => {
    await a.run(() => handlers.markSeen({ papers: [{ id: P1 }] }));
    await b.run(() => handlers.markSeen({ papers: [{ id: P2 }] }));
    await seenSync(a);
    expect((await seenSync(b)).marks).toBe(1);
    await seenSync(a);
    for (const c of [a, b]) {
      const days = await lookup(c, [P1, P2, 'arxiv:2501.00009' as PaperId]);
      expect(days.map((d) => typeof d === 'number')).toEqual([true, true, false]);
    }
  });

  it('is written at most every ten minutes unless the user syncs by hand', async () => {
    await a.run(() => handlers.markSeen({ papers: [{ id: P1 }] }));
    expect((await seenSync(a, false)).wrote).toBe(true); // the first time
    await a.run(() => handlers.markSeen({ papers: [{ id: P2 }] }));
    expect((await seenSync(a, false)).wrote).toBe(false);
    expect((await seenSync(a, true)).wrote).toBe(true);
  });

  it('forgetting history before a day travels to the other computer', async () => {
    await b.run(() => handlers.markSeen({ papers: [{ id: P1 }] }));
    await seenSync(b);
    await seenSync(a);
    expect(typeof (await lookup(a, [P1]))[0]).toBe('number');
    // A forgets everything before tomorrow; B forgets it too at its next sync.
    await a.run(() => handlers.forgetHistory({ before: (dayOf(Date.now()) + 1) * 86_400_000 }));
    await seenSync(a);
    await seenSync(b);
    expect((await lookup(b, [P1]))[0]).toBeNull();
    expect((await lookup(a, [P1]))[0]).toBeNull();
  });
});

describe('random edits on two computers syncing at random', () => {
  it('end equal to each other and to a model that keeps every edit', async () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = [P1, P2, 'arxiv:2501.00002' as PaperId, 'arxiv:2501.00003' as PaperId];
    const tags = ['a', 'b', 'c'];
    // Every tag ever added by either side and not removed by a side that had it is expected;
    // every note text written last on a side before it synced is expected, as note or conflict.
    const added = new Map<string, Set<string>>();
    for (let step = 0; step < 120; step++) {
      const c = rand() < 0.5 ? a : b;
      const id = ids[Math.floor(rand() * ids.length)]!;
      const x = rand();
      if (x < 0.3) {
        const t = tags[Math.floor(rand() * 3)]!;
        await c.edit(id, { addTags: [t] });
        (added.get(id) ?? added.set(id, new Set()).get(id)!).add(t);
      } else if (x < 0.45) await c.edit(id, { removeTags: [tags[Math.floor(rand() * 3)]!] });
      else if (x < 0.6) await c.edit(id, { note: `note ${step}` });
      else if (x < 0.75) await c.edit(id, { status: (['queued', 'reading', 'done', 'none'] as const)[Math.floor(rand() * 4)]! });
      else await c.sync(server);
    }
    await a.sync(server);
    await b.sync(server);
    await a.sync(server);
    const [la, lb] = [await a.library(), await b.library()];
    expect(la.map(shown)).toEqual(lb.map(shown));
    for (const r of la) for (const t of r.tags) expect(added.get(r.id)?.has(t)).toBe(true);
  });
});
