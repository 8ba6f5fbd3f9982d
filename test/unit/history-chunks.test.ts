import { describe, expect, it } from 'vitest';
import { addMarks, countOf, dayAt, entries, forgetBefore, idAt, slotOf, CHUNK_SLOTS } from '../../src/background/history-chunks';
import type { PaperId } from '../../src/shared/paper-id';

const id = (s: string) => `arxiv:${s}` as PaperId;

describe('the compact seen history', () => {
  it('finds every paper its place and back, new-style and old-style ids', () => {
    for (const s of ['2412.13795', '2412.00000', '2412.99999', '0704.0001', '1412.9999', '1501.00001', 'hep-th/9901001', 'math/0703999', 'q-bio/0401000']) {
      const { key, slot } = slotOf(id(s));
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(slot).toBeLessThan(CHUNK_SLOTS);
      expect(idAt(key, slot)).toBe(id(s));
    }
    // Neighbours share a chunk; another month does not.
    expect(slotOf(id('2412.13795')).key).toBe(slotOf(id('2412.13796')).key);
    expect(slotOf(id('2411.13795')).key).not.toBe(slotOf(id('2412.13795')).key);
  });

  it('keeps the first day a paper was seen, sparse while few are seen and dense after', () => {
    let chunk = addMarks(undefined, [[5, 20_000], [900, 20_001]])!;
    expect(chunk.length).toBe(4); // sparse: two pairs, 8 bytes
    expect(dayAt(chunk, 5)).toBe(20_000);
    expect(dayAt(chunk, 6)).toBe(0);
    expect(addMarks(chunk, [[5, 20_005]])).toBeNull(); // later day: nothing to write
    chunk = addMarks(chunk, [[5, 19_999]])!;
    expect(dayAt(chunk, 5)).toBe(19_999);
    const many = Array.from({ length: 600 }, (_, i) => [i, 20_100 + (i % 7)] as [number, number]);
    const dense = addMarks(chunk, many)!;
    expect(dense.length).toBe(CHUNK_SLOTS); // two bytes a paper
    expect(countOf(dense)).toBe(601);
    expect(dayAt(dense, 900)).toBe(20_001);
    expect(dayAt(dense, 5)).toBe(19_999);
    expect([...entries(dense)]).toHaveLength(601);
  });

  it('forgets only the days before the cut', () => {
    const chunk = addMarks(undefined, [[1, 100], [2, 200], [3, 300]])!;
    const { chunk: left, dropped } = forgetBefore(chunk, 200);
    expect(dropped).toBe(1);
    expect([...entries(left!)]).toEqual([[2, 200], [3, 300]]);
    expect(forgetBefore(chunk, 1000).chunk).toBeUndefined();
  });
});
