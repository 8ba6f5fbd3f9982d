import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../src/background/patch';
import { toPaperId } from '../../src/shared/paper-id';
import { normalizeTag } from '../../src/shared/record';

const ID = toPaperId('2412.13795')!;

describe('tags', () => {
  it('are trimmed, lowercased, with inner whitespace as -', () => {
    expect(normalizeTag('  Graph   Neural\tNets ')).toBe('graph-neural-nets');
    expect(normalizeTag('RL')).toBe('rl');
  });
  it('are kept once each, in the order added', () => {
    const r = applyPatch(undefined, ID, { addTags: ['b', 'A', 'a', ' B '] }, undefined, 1);
    expect(r.tags).toEqual(['b', 'a']);
    const r2 = applyPatch(r, ID, { removeTags: ['B'], addTags: ['c'] }, undefined, 2);
    expect(r2.tags).toEqual(['a', 'c']);
    expect(r2.stamps.tags).toBe(2);
  });
});

describe('status and the queue', () => {
  it('queues at the end and leaves the queue on done', () => {
    const q = applyPatch(undefined, ID, { status: 'queued' }, undefined, 100);
    expect(q).toMatchObject({ status: 'queued', queuedAt: 100, queuePos: 100 });
    const reading = applyPatch(q, ID, { status: 'reading' }, undefined, 200);
    expect(reading).toMatchObject({ status: 'reading', queuedAt: 100, queuePos: 100 });
    const done = applyPatch(reading, ID, { status: 'done' }, undefined, 300);
    expect(done).toMatchObject({ status: 'done', queuedAt: null, queuePos: null });
    expect(done.stamps.status).toBe(300);
  });
});

describe('updatedAt', () => {
  it('moves only when something changed', () => {
    const r = applyPatch(undefined, ID, { note: 'hi' }, { title: 'T' }, 1);
    expect(applyPatch(r, ID, { note: 'hi' }, { title: 'T' }, 2).updatedAt).toBe(1);
    expect(applyPatch(r, ID, { note: 'hi!' }, undefined, 3).updatedAt).toBe(3);
  });
  it('does not change the record it was given', () => {
    const r = applyPatch(undefined, ID, { addTags: ['a'] }, undefined, 1);
    applyPatch(r, ID, { addTags: ['b'], status: 'queued' }, { title: 'x' }, 2);
    expect(r.tags).toEqual(['a']);
    expect(r.status).toBe('none');
    expect(r.title).toBe('');
  });
});

describe('page metadata', () => {
  it('fills title, url and authors, collapsing whitespace, http(s) urls only', () => {
    const r = applyPatch(
      undefined,
      ID,
      {},
      { title: '  A   <b>title</b>\n', url: 'javascript:alert(1)', authors: [' Ada  Lovelace ', ''] },
      1,
    );
    expect(r.title).toBe('A <b>title</b>');
    expect(r.url).toBe('');
    expect(r.authors).toEqual(['Ada Lovelace']);
  });
});
