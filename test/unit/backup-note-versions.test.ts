// A backup joined to the library never drops a note: the version that loses by its stamp is
// kept as another version for the user to choose (as sync keeps two computers' edits).
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { getRecords, resetConnection } from '../../src/background/store';
import type { PaperId } from '../../src/shared/paper-id';

const ID = 'arxiv:2412.13795' as PaperId;
const backupPaper = (note: string, at: number) => ({ id: ID, title: 'T', note, createdAt: 1, updatedAt: at, stamps: { tags: 0, note: at, status: 0 } });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
});

describe('importing a backup whose note differs from the library’s', () => {
  it('keeps the later note and the other as a version; a second import changes nothing', async () => {
    await handlers.update({ id: ID, patch: { note: 'written here, later' } });
    const first = await handlers.importPapers({ papers: [backupPaper('written on the laptop', 1000)] });
    expect(first.updated).toBe(1);
    const [r] = await getRecords([ID]);
    expect(r?.note).toBe('written here, later');
    expect(r?.noteConflicts?.map((c) => c.text)).toEqual(['written on the laptop']);
    expect(await handlers.importPapers({ papers: [backupPaper('written on the laptop', 1000)] })).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('a newer note in the backup wins and the library’s becomes the other version; resolving drops it', async () => {
    await handlers.update({ id: ID, patch: { note: 'old here' } });
    await handlers.importPapers({ papers: [backupPaper('newer in the backup', Date.now() + 1000)] });
    const [r] = await getRecords([ID]);
    expect(r?.note).toBe('newer in the backup');
    expect(r?.noteConflicts?.map((c) => c.text)).toEqual(['old here']);
    await handlers.update({ id: ID, patch: { resolveNote: true } });
    expect((await getRecords([ID]))[0]?.noteConflicts ?? []).toEqual([]);
  });

  it('the same note on both sides is no conflict', async () => {
    await handlers.update({ id: ID, patch: { note: 'same' } });
    await handlers.importPapers({ papers: [backupPaper('same', 1000)] });
    expect((await getRecords([ID]))[0]?.noteConflicts).toBeUndefined();
  });
});
