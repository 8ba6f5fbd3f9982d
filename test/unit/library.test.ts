import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkBackupPapers } from '../../src/background/backup';
import { mergeRecord } from '../../src/shared/merge';
import { handlers } from '../../src/background/handlers';
import { planMove } from '../../src/background/library';
import { resetConnection } from '../../src/background/store';
import { toPaperId, type PaperId } from '../../src/shared/paper-id';
import { emptyRecord, type PaperRecord } from '../../src/shared/record';

const id = (n: number) => toPaperId(`2401.${String(n).padStart(5, '0')}`)!;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
});

async function queue(n: number): Promise<PaperId[]> {
  const ids = Array.from({ length: n }, (_, i) => id(i + 1));
  for (const pid of ids) await handlers.update({ id: pid, patch: { status: 'queued' } });
  return ids;
}
const order = async () => (await handlers.list({ view: 'queue' })).map((r) => r.id);

describe('the reading queue', () => {
  it('keeps the order papers were queued in, and moves one at a time', async () => {
    const [a, b, c, d] = await queue(4);
    expect(await order()).toEqual([a, b, c, d]);
    await handlers.move({ id: d!, beforeId: a! });
    expect(await order()).toEqual([d, a, b, c]);
    await handlers.move({ id: d!, beforeId: null });
    expect(await order()).toEqual([a, b, c, d]);
    await handlers.move({ id: a!, beforeId: d! });
    expect(await order()).toEqual([b, c, a, d]);
  });

  it('survives a hundred moves into the same gap (renumbering when room runs out)', async () => {
    const ids = await queue(3);
    const expected = [...ids];
    for (let i = 0; i < 100; i++) {
      // Alternate the two first papers just before the last one.
      const mover = expected[i % 2 === 0 ? 0 : 1]!;
      await handlers.move({ id: mover, beforeId: expected[2]! });
      expected.splice(expected.indexOf(mover), 1);
      expected.splice(expected.indexOf(ids[2]!), 0, mover);
      expect(await order()).toEqual(expected);
    }
  });

  it('refuses to move a paper that is not queued', async () => {
    await queue(2);
    await expect(handlers.move({ id: id(99), beforeId: null })).rejects.toThrow(/not in the reading queue/);
  });

  it('plans a renumbering when two neighbours have no room between them', () => {
    const recs = [1, 1 + Number.EPSILON, 2].map((pos, i) => ({ ...emptyRecord(id(i), 0), status: 'queued' as const, queuePos: pos }));
    recs[1]!.queuePos = 1; // equal neighbours: no midpoint exists
    const plan = planMove(recs, id(2), id(1), 5);
    expect([...plan.keys()]).toEqual([id(0), id(2), id(1)]);
  });

  it('lists done papers latest first, and all papers with any state', async () => {
    const [a, b, c] = await queue(3);
    await handlers.update({ id: a!, patch: { status: 'done' } });
    await new Promise((r) => setTimeout(r, 2));
    await handlers.update({ id: b!, patch: { status: 'done' } });
    await handlers.markSeen({ papers: [{ id: id(50) }] });
    expect((await handlers.list({ view: 'done' })).map((r) => r.id)).toEqual([b, a]);
    expect((await handlers.list({ view: 'all' })).map((r) => r.id).sort()).toEqual([a, b, c].sort());
  });
});

describe('tags across the library', () => {
  it('counts, renames, merges and deletes', async () => {
    await handlers.update({ id: id(1), patch: { addTags: ['rl', 'vision'] } });
    await handlers.update({ id: id(2), patch: { addTags: ['rl'] } });
    await handlers.update({ id: id(3), patch: { addTags: ['reinforcement'] } });
    expect(await handlers.tags({})).toEqual([
      { tag: 'rl', count: 2 },
      { tag: 'reinforcement', count: 1 },
      { tag: 'vision', count: 1 },
    ]);
    expect(await handlers.renameTag({ from: 'reinforcement', to: 'RL' })).toEqual({ papers: 1 });
    expect(await handlers.tags({})).toEqual([
      { tag: 'rl', count: 3 },
      { tag: 'vision', count: 1 },
    ]);
    expect(await handlers.deleteTag({ tag: 'rl' })).toEqual({ papers: 3 });
    expect(await handlers.tags({})).toEqual([{ tag: 'vision', count: 1 }]);
  });
});

describe('backups', () => {
  const base = (over: Partial<PaperRecord> = {}): PaperRecord => ({ ...emptyRecord(id(1), 10), ...over });

  it('round-trip: export, clear, import gives back every field; a second import changes nothing', async () => {
    await handlers.update({ id: id(1), patch: { addTags: ['a'], note: 'multi\nline', status: 'reading' }, meta: { title: 'T', authors: ['X Y'], url: 'https://arxiv.org/abs/2401.00001' } });
    await handlers.update({ id: id(2), patch: { status: 'done' } });
    await handlers.update({ id: id(3), patch: { note: 'only a note' } });
    const exported = JSON.parse(JSON.stringify(await handlers.exportAll({})));
    expect(await handlers.clearLibrary({})).toEqual({ deleted: 3 });
    expect(await handlers.exportAll({})).toEqual([]);
    expect(await handlers.importPapers({ papers: exported })).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(await handlers.exportAll({})).toEqual(exported);
    expect(await handlers.importPapers({ papers: exported })).toEqual({ added: 0, updated: 0, unchanged: 3 });
  });

  it('keeps a paper whose state was all taken off in backups (for its stamps) but not in the library', async () => {
    await handlers.update({ id: id(1), patch: { addTags: ['gone'] } });
    await handlers.update({ id: id(1), patch: { removeTags: ['gone'] } });
    await handlers.update({ id: id(2), patch: { note: 'kept' } });
    expect((await handlers.exportAll({})).map((r) => r.id)).toEqual([id(2)]);
    expect((await handlers.stats({})).papers).toBe(1);
    const page = await handlers.exportPage({ part: 'papers', after: null });
    expect(page.papers!.map((r) => [r.id, r.tags, r.stamps.tags > 0])).toEqual([
      [id(1), [], true],
      [id(2), [], false],
    ]);
  });

  it('refuses a paper listed twice across batches at commit, writing nothing; a batch sent again is kept once', async () => {
    const paperA = { ...base(), id: id(7), note: 'a' };
    const { importId } = await handlers.importBegin({});
    await handlers.importBatch({ importId, batch: 0, first: 0, papers: [paperA], seen: [] });
    // The same batch again (its answer was lost to a stopped worker): not staged twice.
    await handlers.importBatch({ importId, batch: 0, first: 0, papers: [paperA], seen: [] });
    await handlers.importBatch({ importId, batch: 1, first: 1, papers: [{ ...paperA, note: 'b' }], seen: [] });
    await expect(handlers.importCommit({ importId })).rejects.toThrow(/Paper 2 \(arxiv:2401.00007\) appears twice/);
    expect(await handlers.exportAll({})).toEqual([]);
    // A batch that skips one is refused: a part went missing.
    const again = await handlers.importBegin({});
    await expect(handlers.importBatch({ importId: again.importId, batch: 1, first: 0, papers: [paperA], seen: [] })).rejects.toThrow(/went missing/);
  });

  it('merges two libraries field by field: a tag on one, a note on the other', () => {
    const mine = base({ tags: ['x'], stamps: { tags: 20, note: 0, status: 0 }, updatedAt: 20 });
    const theirs = base({ note: 'from the laptop', stamps: { tags: 0, note: 30, status: 0 }, updatedAt: 30 });
    const merged = mergeRecord(mine, theirs);
    expect(merged.tags).toEqual(['x']);
    expect(merged.note).toBe('from the laptop');
    expect(merged.updatedAt).toBe(30);
    expect(mergeRecord(merged, theirs)).toEqual(merged);
    expect(mergeRecord(merged, mine)).toEqual(merged);
  });

  it('refuses a backup with one bad paper and writes nothing', async () => {
    await handlers.update({ id: id(1), patch: { note: 'keep me' } });
    const before = await handlers.exportAll({});
    const good = { ...base(), id: id(2) };
    for (const bad of [
      { ...base(), id: 'arxiv:nope' },
      { ...base(), note: 'x'.repeat(1_000_000) },
      { ...base(), tags: [''] },
      { ...base(), status: 'later' },
      { ...base(), createdAt: 'yesterday' },
      { ...base(), url: 'javascript:alert(1)' },
      'a string',
      null,
    ]) {
      await expect(handlers.importPapers({ papers: [good, bad] })).rejects.toThrow(/Paper 2/);
      expect(await handlers.exportAll({})).toEqual(before);
    }
    expect(() => checkBackupPapers([good, good])).toThrow(/appears twice/);
  });
});
