// What goes through Chrome Sync's 100 KB: the queue first, then the latest edits; notes while
// they fit; never more than the share given.
import { describe, expect, it } from 'vitest';
import { fitDocs } from '../../../src/background/sync/chrome-fit';
import { budgetFor, QUOTA_BYTES, storedSize } from '../../../src/background/sync/chrome-transport';
import { encodeSnapshot, type Snapshot } from '../../../src/background/sync/codec';
import { addTag, emptyDoc, setMeta, setNote, setStatus, type PaperDoc } from '../../../src/background/sync/doc';
import type { PaperId } from '../../../src/shared/paper-id';

function library(n: number, queued: number): PaperDoc[] {
  return Array.from({ length: n }, (_, i) => {
    const d = emptyDoc(`arxiv:2401.${String(10000 + i).padStart(5, '0')}` as PaperId, 1);
    setMeta(d, { title: `A paper about topic ${i} with a title of ordinary length`, url: 'https://arxiv.org/abs/x', authors: ['A. Author', 'B. Author'], primaryClass: 'cs.LG' }, 1000 + i);
    addTag(d, `topic-${i % 30}`, 'aaaaaaaa', 1000 + i);
    setNote(d, `A note of some length on paper ${i}: ${'x'.repeat(200)}`, 'aaaaaaaa', 1000 + i);
    if (i < queued) setStatus(d, 'queued', 1000 + i, 1000 + i, 'aaaaaaaa', 5000 + i);
    return d;
  });
}
const snapshotOf = (papers: PaperDoc[]): Snapshot => ({ format: 'margin-sync', version: 1, device: 'aaaaaaaa', name: 'x', writtenAt: 1, clearedAt: 0, papers });
const size = (n: number) => storedSize('aaaaaaaa', n);

describe('fitting the library into Chrome Sync', () => {
  it('sends a small library whole, notes and all', async () => {
    const fit = await fitDocs(library(20, 5), snapshotOf, budgetFor(2), size);
    expect(fit).toMatchObject({ total: 20, sent: 20, withNotes: 20 });
  });

  it('sends the queue first, then the latest edits, within its share; notes while they fit', async () => {
    const docs = library(5000, 100);
    const fit = await fitDocs(docs, snapshotOf, budgetFor(2), size);
    expect(size((await encodeSnapshot(snapshotOf(fit.papers))).length)).toBeLessThanOrEqual(budgetFor(2));
    expect(budgetFor(2) * 2).toBeLessThanOrEqual(QUOTA_BYTES);
    expect(fit.sent).toBeGreaterThan(100);
    expect(fit.sent).toBeLessThan(5000);
    expect(fit.withNotes).toBeLessThan(fit.sent);
    const sent = fit.papers.map((d) => d.id);
    // Every queued paper went, before anything else.
    expect(sent.slice(0, 100).every((id, i) => id === docs[i]!.id)).toBe(true);
    // Then the most recently edited of the rest.
    expect(sent[100]).toBe(docs[4999]!.id);
  });
});
