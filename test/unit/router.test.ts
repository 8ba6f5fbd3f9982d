import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { createRouter } from '../../src/background/router';
import { allRecords, resetConnection } from '../../src/background/store';
import { EXTENSION_BASE, EXTENSION_ID } from './fake-browser';

const route = createRouter(handlers, { id: EXTENSION_ID, baseUrl: EXTENSION_BASE });
// The options page, as Chrome describes its sender.
const me = { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/options/index.html`, origin: EXTENSION_BASE.slice(0, -1) };
const callMsg = (name: string, req: unknown) => ({ kind: 'margin/call', name, req });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
});

async function refused(message: unknown, sender: { id?: string } = me) {
  const res = await route(message, sender);
  expect(res.ok).toBe(false);
  if (res.ok) throw new Error('unreachable');
  // Nothing reached the store.
  expect(await allRecords()).toEqual([]);
  return res.error;
}

describe('the background refuses what it must not store', () => {
  it('answers a good call', async () => {
    const res = await route(callMsg('update', { id: 'arxiv:2412.13795', patch: { addTags: ['  Diffusion Models '] } }), me);
    expect(res).toMatchObject({ ok: true, value: { id: 'arxiv:2412.13795', tags: ['diffusion-models'] } });
  });

  it('refuses another extension or a page', async () => {
    const e = await refused(callMsg('lookup', { ids: [] }), { id: 'someone-else' });
    expect(e.code).toBe('forbidden');
    expect((await refused(callMsg('lookup', { ids: [] }), {})).code).toBe('forbidden');
  });

  it('refuses unknown calls and non-calls', async () => {
    expect((await refused(callMsg('dropEverything', {}))).code).toBe('unknown-call');
    expect((await refused(callMsg('__proto__', {}))).code).toBe('unknown-call');
    expect((await refused({ kind: 'other' })).code).toBe('bad-request');
    expect((await refused(null)).code).toBe('bad-request');
    expect((await refused('lookup')).code).toBe('bad-request');
  });

  it('refuses a 1 MB note with a message', async () => {
    const e = await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { note: 'x'.repeat(1_000_000) } }));
    expect(e.code).toBe('bad-request');
    expect(e.message).toMatch(/note is too long/i);
  });

  it('refuses a 10,000-tag patch', async () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
    const e = await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { addTags: tags } }));
    expect(e.message).toMatch(/too many/i);
  });

  it('refuses empty and over-long tags', async () => {
    expect((await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { addTags: ['   '] } }))).message).toMatch(
      /cannot be empty/,
    );
    expect(
      (await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { addTags: ['a'.repeat(41)] } }))).message,
    ).toMatch(/at most 40/);
  });

  it('refuses ids that are not canonical paper ids', async () => {
    for (const id of ['2412.13795', 'arxiv:2412.13795v2', 'arxiv:nope', 42, null]) {
      const e = await refused(callMsg('update', { id, patch: { status: 'queued' } }));
      expect(e.message).toMatch(/not a paper id/);
    }
  });

  it('refuses wrong shapes', async () => {
    await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { status: 'maybe' } }));
    await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { note: 5 } }));
    await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: { evil: true } }));
    await refused(callMsg('update', { id: 'arxiv:2412.13795', patch: [] }));
    await refused(callMsg('lookup', { ids: 'arxiv:2412.13795' }));
    await refused(callMsg('lookup', { ids: Array(5001).fill('arxiv:2412.13795') }));
    await refused(callMsg('markSeen', { papers: [{ id: 'arxiv:2412.13795', meta: { title: 7 } }] }));
  });
});

describe('storage failures', () => {
  it('a quota error tells the user the disk is full, and keeps the previous value', async () => {
    const ok = await route(callMsg('update', { id: 'arxiv:2412.13795', patch: { note: 'before' } }), me);
    expect(ok.ok).toBe(true);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const res = await route(callMsg('update', { id: 'arxiv:2412.13795', patch: { note: 'after' } }), me);
      expect(res).toMatchObject({ ok: false, error: { code: 'storage' } });
      if (!res.ok) expect(res.error.message).toMatch(/disk is full.*earlier data is kept/i);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    const records = await allRecords();
    expect(records.map((r) => r.note)).toEqual(['before']);
  });
});
