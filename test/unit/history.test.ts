import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { markSeen } from '../../src/background/history';
import { resetConnection } from '../../src/background/store';
import type { PaperId } from '../../src/shared/paper-id';
import type { PaperRecord } from '../../src/shared/record';

const DAY = 86_400_000;
const id = (s: string) => `arxiv:${s}` as PaperId;
const today = Math.floor(Date.now() / DAY);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
});

describe('the seen history', () => {
  it('counts what was seen, from the oldest day', async () => {
    expect(await handlers.historyStats({})).toEqual({ seen: 0, oldest: null });
    await markSeen([id('2401.00001'), id('hep-th/9711200')], today - 400);
    await markSeen([id('2401.00002')], today);
    expect(await handlers.historyStats({})).toEqual({ seen: 3, oldest: (today - 400) * DAY });
  });

  it('forgets only marks older than the cut, never the library', async () => {
    const old = [id('2401.00001'), id('2401.00002'), id('hep-th/9711200')];
    await markSeen(old, today - 400);
    await markSeen([id('2401.00003')], today - 10);
    // A paper of the user's, first seen long ago: its record stays whole.
    await handlers.update({ id: old[0]!, patch: { addTags: ['keep'], note: 'mine' } });
    expect(await handlers.forgetHistory({ before: (today - 365) * DAY })).toEqual({ forgotten: 3 });
    const [mine, forgotten, oldStyle, recent] = await handlers.lookup({ ids: [...old, id('2401.00003')] });
    expect(mine).toMatchObject({ tags: ['keep'], note: 'mine' });
    expect((mine as PaperRecord).firstSeenAt).toBeNull(); // the mark went; the paper did not
    expect([forgotten, oldStyle]).toEqual([null, null]); // new again
    expect(recent).toBe((today - 10) * DAY);
    expect((await handlers.stats({})).papers).toBe(1);
    expect(await handlers.forgetHistory({ before: (today - 365) * DAY })).toEqual({ forgotten: 0 });
  });
});
