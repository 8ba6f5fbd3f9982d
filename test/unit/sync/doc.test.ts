// The merge sync and the other devices rely on: each conflict case of issue 13 one by one,
// then the laws that make every device end up the same whatever order edits arrive in.
import { describe, expect, it } from 'vitest';
import {
  addTag,
  canonical,
  emptyDoc,
  mergeDocs,
  pruneDoc,
  removeTag,
  setNote,
  setStatus,
  viewOf,
  type PaperDoc,
} from '../../../src/background/sync/doc';
import type { PaperId } from '../../../src/shared/paper-id';

const ID = 'arxiv:2412.13795' as PaperId;
const clone = (d: PaperDoc) => structuredClone(d);
const both = (a: PaperDoc, b: PaperDoc) => {
  const ab = mergeDocs(a, b);
  expect(canonical(ab)).toBe(canonical(mergeDocs(b, a)));
  return ab;
};

describe('tags: a set per paper', () => {
  it('keeps a tag added on one computer and another added on the other while both were offline', () => {
    const base = emptyDoc(ID, 1);
    const a = clone(base);
    const b = clone(base);
    addTag(a, 'rl', 'aaaaaaaa', 100);
    addTag(b, 'vision', 'bbbbbbbb', 90);
    expect(viewOf(both(a, b)).tags.sort()).toEqual(['rl', 'vision']);
  });

  it('a removal wins over the addition it had seen', () => {
    const a = emptyDoc(ID, 1);
    addTag(a, 'rl', 'aaaaaaaa', 100);
    const b = clone(a); // B synced and saw it
    removeTag(b, 'rl');
    expect(viewOf(both(a, b)).tags).toEqual([]);
  });

  it('a removal does not win over an addition it had not seen, even one stamped earlier', () => {
    const a = emptyDoc(ID, 1);
    addTag(a, 'rl', 'aaaaaaaa', 100);
    const b = clone(a);
    removeTag(b, 'rl'); // B removes the one it saw …
    const c = clone(a);
    removeTag(c, 'rl');
    addTag(c, 'rl', 'aaaaaaaa', 50); // … while A took it off and put it back (clock behind)
    expect(viewOf(both(b, c)).tags).toEqual(['rl']);
  });

  it('a stale device cannot bring back a tag removed after it last synced', () => {
    const a = emptyDoc(ID, 1);
    addTag(a, 'old', 'aaaaaaaa', 100);
    const stale = clone(a);
    removeTag(a, 'old');
    expect(viewOf(both(a, stale)).tags).toEqual([]);
    expect(viewOf(mergeDocs(mergeDocs(stale, a), stale)).tags).toEqual([]);
  });
});

describe('notes: never silently lose a version', () => {
  it('keeps the other text as a conflict when both computers edited before syncing', () => {
    const base = emptyDoc(ID, 1);
    setNote(base, 'first', 'aaaaaaaa', 10);
    const a = clone(base);
    const b = clone(base);
    setNote(a, 'edited on A', 'aaaaaaaa', 100);
    setNote(b, 'edited on B', 'bbbbbbbb', 200);
    const v = viewOf(both(a, b));
    expect(v.note).toBe('edited on B');
    expect(v.noteConflicts.map((c) => c.text)).toEqual(['edited on A']);
  });

  it('an edit that had seen the other version replaces it: no conflict', () => {
    const a = emptyDoc(ID, 1);
    setNote(a, 'v1', 'aaaaaaaa', 10);
    const b = clone(a);
    setNote(b, 'v2', 'bbbbbbbb', 5); // B's clock is behind, but B saw v1
    const v = viewOf(both(a, b));
    expect(v.note).toBe('v2');
    expect(v.noteConflicts).toEqual([]);
  });

  it('writing the note after seeing a conflict resolves it on every device', () => {
    const a = emptyDoc(ID, 1);
    const b = emptyDoc(ID, 1);
    setNote(a, 'A', 'aaaaaaaa', 100);
    setNote(b, 'B', 'bbbbbbbb', 100);
    const merged = both(a, b);
    expect(viewOf(merged).noteConflicts).toHaveLength(1);
    const resolved = clone(merged);
    setNote(resolved, 'A and B', 'aaaaaaaa', 150);
    expect(viewOf(both(resolved, b))).toMatchObject({ note: 'A and B', noteConflicts: [] });
    expect(viewOf(both(resolved, merged))).toMatchObject({ note: 'A and B', noteConflicts: [] });
  });

  it('the same text written on both sides is not a conflict', () => {
    const a = emptyDoc(ID, 1);
    const b = emptyDoc(ID, 1);
    setNote(a, 'same', 'aaaaaaaa', 100);
    setNote(b, 'same', 'bbbbbbbb', 120);
    expect(viewOf(both(a, b)).noteConflicts).toEqual([]);
  });
});

describe('status and queue place: the same result everywhere', () => {
  it('the later edit wins, and a tie is broken the same way on both sides', () => {
    const a = emptyDoc(ID, 1);
    const b = emptyDoc(ID, 1);
    setStatus(a, 'queued', 100, 100, 'aaaaaaaa', 100);
    setStatus(b, 'done', null, null, 'bbbbbbbb', 100);
    expect(viewOf(both(a, b)).status).toBe('done');
    const c = emptyDoc(ID, 1);
    setStatus(c, 'reading', 100, 100, 'cccccccc', 120);
    expect(viewOf(mergeDocs(mergeDocs(a, b), c))).toMatchObject({ status: 'reading', queuePos: 100 });
  });

  it('an edit made after seeing another wins even when this clock is behind', () => {
    const a = emptyDoc(ID, 1);
    setStatus(a, 'queued', 1000, 1000, 'aaaaaaaa', 1000);
    const b = clone(a);
    setStatus(b, 'done', null, null, 'bbbbbbbb', 10);
    expect(viewOf(both(a, b)).status).toBe('done');
  });
});

describe('"Delete all"', () => {
  it('removes everything stamped before it, including a stale device\'s unsent edits', () => {
    const stale = emptyDoc(ID, 1);
    addTag(stale, 'kept-offline', 'bbbbbbbb', 100);
    setNote(stale, 'offline note', 'bbbbbbbb', 100);
    setStatus(stale, 'queued', 100, 100, 'bbbbbbbb', 100);
    const v = viewOf(pruneDoc(stale, 200));
    expect(v).toMatchObject({ tags: [], note: '', status: 'none', noteConflicts: [] });
  });

  it('keeps what was done after it', () => {
    const d = emptyDoc(ID, 1);
    addTag(d, 'before', 'aaaaaaaa', 100);
    addTag(d, 'after', 'aaaaaaaa', 300);
    expect(viewOf(pruneDoc(d, 200)).tags).toEqual(['after']);
  });
});

describe('the laws: commutative, associative, idempotent', () => {
  // A small deterministic random generator: the same cases every run.
  function rng(seed: number) {
    return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  }

  it('holds on 300 random triples of docs edited from shared histories', () => {
    const r = rng(7);
    const devs = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc'];
    const tags = ['a', 'b', 'c', 'd'];
    for (let n = 0; n < 300; n++) {
      let shared = emptyDoc(ID, 1);
      const docs = devs.map(() => clone(shared));
      for (let step = 0; step < 12; step++) {
        const i = Math.floor(r() * 3);
        const d = docs[i]!;
        const dev = devs[i]!;
        const t = Math.floor(r() * 1000);
        const op = Math.floor(r() * 5);
        if (op === 0) addTag(d, tags[Math.floor(r() * 4)]!, dev, t);
        else if (op === 1) removeTag(d, tags[Math.floor(r() * 4)]!);
        else if (op === 2) setNote(d, `note ${n}.${step}`, dev, t);
        else if (op === 3) setStatus(d, r() < 0.5 ? 'queued' : 'done', t, t, dev, t);
        else {
          // A sync between two of them.
          const j = Math.floor(r() * 3);
          docs[i] = mergeDocs(d, docs[j]!);
          shared = docs[i]!;
        }
      }
      const [x, y, z] = docs as [PaperDoc, PaperDoc, PaperDoc];
      const view = (d: PaperDoc) => canonical(viewOf(d));
      expect(view(mergeDocs(x, y))).toBe(view(mergeDocs(y, x)));
      expect(view(mergeDocs(mergeDocs(x, y), z))).toBe(view(mergeDocs(x, mergeDocs(y, z))));
      expect(view(mergeDocs(x, x))).toBe(view(x));
      expect(view(mergeDocs(mergeDocs(x, y), y))).toBe(view(mergeDocs(x, y)));
    }
  });
});
