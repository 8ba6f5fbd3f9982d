// @vitest-environment node
// (Node's own Blob, streams and CompressionStream: what Chromium's options page has.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBackupPapers } from '../../../src/background/backup';
import type { ExportPage } from '../../../src/shared/messages';
import { SCHEMA_VERSION, type PaperRecord } from '../../../src/shared/record';
import { backupName, readBackup, writeBackup, type ReadBatch } from '../../../src/options/backup-file';
import { paper } from './records';

const blob = (s: string | Uint8Array) => new Blob([s as BlobPart]);
const json = (o: unknown) => blob(JSON.stringify(o));

async function readAll(file: Blob): Promise<ReadBatch[]> {
  const out: ReadBatch[] = [];
  for await (const b of readBackup(file)) out.push(b);
  return out;
}

async function refusal(file: Blob): Promise<string> {
  try {
    await readAll(file);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

/** A background that answers exportPage from fixed papers and seen marks, a few at a time. */
function fakeBackground(papers: PaperRecord[], seen: Array<[number, string[]]>) {
  return async (part: 'papers' | 'seen', after: string | null): Promise<ExportPage> => {
    const at = after === null ? 0 : Number(after);
    if (part === 'papers') return { papers: papers.slice(at, at + 2), next: at + 2 < papers.length ? String(at + 2) : null };
    return { seen: seen.slice(at, at + 1), next: at + 1 < seen.length ? String(at + 1) : null };
  };
}

const papers = [paper('arxiv:2412.13795', { title: 'A', tags: ['x'], note: 'n\n"q"' }), paper('arxiv:hep-th/9711200'), paper('arxiv:2401.00001')];
const seen: Array<[number, string[]]> = [
  [20_000, ['2412.13796', '2412.13797']],
  [20_001, ['hep-th/9711201']],
];

async function written(gzip: boolean): Promise<Blob> {
  const progress: number[] = [];
  const out = await writeBackup(fakeBackground(papers, seen), { papers: 3, seen: 3 }, new Date(0), {
    gzip,
    onProgress: (p) => progress.push(p.papers + p.seen),
  });
  expect(out).toMatchObject({ papers: 3, seen: 3 });
  expect(progress.at(-1)).toBe(6);
  return out.blob;
}

describe('a backup file (version 2, JSON Lines)', () => {
  it('that Margin wrote is read back with every paper and seen mark, gzip or not', async () => {
    for (const gzip of [true, false]) {
      const file = await written(gzip);
      const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
      expect(head[0] === 0x1f && head[1] === 0x8b).toBe(gzip);
      const batches = await readAll(file);
      expect(batches.flatMap((b) => b.papers)).toEqual(papers);
      expect(batches.flatMap((b) => b.seen)).toEqual([
        ['1970-01-01'.replace('1970-01-01', new Date(20_000 * 86_400_000).toISOString().slice(0, 10)), ['2412.13796', '2412.13797']],
        [new Date(20_001 * 86_400_000).toISOString().slice(0, 10), ['hep-th/9711201']],
      ]);
      expect(batches.at(-1)!.progress).toBe(1);
    }
  });

  it('is plain lines a person can read: a header, a paper a line, a day a line, an end line', async () => {
    const text = await (await written(false)).text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'margin-backup', version: 2, exportedAt: '1970-01-01T00:00:00.000Z', papers: 3, seen: 3 });
    expect(lines.slice(1, 4).map((l) => l.paper.id)).toEqual(papers.map((p) => p.id));
    expect(lines.at(-1)).toEqual({ end: { papers: 3, seen: 3 } });
  });

  it('names the file for what it holds', () => {
    expect(backupName('2026-11-28', 120, 48210, true)).toBe('margin-backup-2026-11-28-120-papers-48210-seen.jsonl.gz');
  });

  it('is refused as cut off when it ends early, at a line break or inside a line, compressed or not', async () => {
    const text = await (await written(false)).text();
    const cut = text.slice(0, text.lastIndexOf('{"end"'));
    expect(await refusal(blob(cut))).toMatch(/truncated/);
    expect(await refusal(blob(text.slice(0, text.length - 12)))).toMatch(/not valid JSON: the file is damaged or cut off/);
    const gz = new Uint8Array(await (await written(true)).arrayBuffer());
    expect(await refusal(blob(gz.slice(0, gz.length - 20)))).toMatch(/damaged or cut off/);
  });

  it('is refused when a line is not a paper or a seen line, naming the line', async () => {
    const text = await (await written(false)).text();
    const lines = text.split('\n');
    lines.splice(2, 0, '{"surprise": 1}');
    expect(await refusal(blob(lines.join('\n')))).toMatch(/Line 3 of the backup is not a paper or a seen line/);
  });

  it('is refused when its end line does not match what came before', async () => {
    const text = await (await written(false)).text();
    expect(await refusal(blob(text.replace('{"end":{"papers":3', '{"end":{"papers":4')))).toMatch(/4 papers .* but 3/);
  });
});

describe('a backup file (version 1, one JSON object) and bad files', () => {
  const v1 = (p: unknown[]) => ({ format: 'margin-backup', version: 1, exportedAt: 'x', papers: p });

  it('written by Margin 0.1 (version 1, pinned in test/fixtures) is still read, every paper intact', async () => {
    const file = readFileSync(join(import.meta.dirname, '../../fixtures/backup-v1.json'));
    const got = (await readAll(blob(new Uint8Array(file)))).flatMap((b) => b.papers);
    expect(got).toHaveLength(2);
    // The background accepts each paper with every field kept, brought up to the current schema.
    const upgraded = got.map((p) => ({ primaryClass: null, ...(p as object), v: SCHEMA_VERSION }));
    expect(checkBackupPapers(got)).toEqual(upgraded);
  });

  it('is read in one line or pretty-printed, with a byte-order mark too', async () => {
    expect((await readAll(json(v1(papers)))).flatMap((b) => b.papers)).toEqual(papers);
    expect((await readAll(blob(`\uFEFF${JSON.stringify(v1(papers), null, 1)}`))).flatMap((b) => b.papers)).toEqual(papers);
  });

  it('is refused when it is not JSON', async () => {
    expect(await refusal(blob('format: margin-backup'))).toMatch(/not valid JSON/);
  });

  it('is refused as cut off when it is truncated', async () => {
    const full = JSON.stringify(v1([paper('arxiv:2412.13795', { title: 'A title' })]), null, 1);
    expect(await refusal(blob(full.slice(0, full.length / 2)))).toMatch(/truncated/);
    expect(await refusal(blob(full.slice(0, full.indexOf('A title') + 3)))).toMatch(/truncated/);
  });

  it('is refused when it is a JSON list or a single value', async () => {
    expect(await refusal(json([paper('arxiv:2412.13795')]))).toMatch(/JSON list, not a Margin backup/);
    expect(await refusal(blob('42'))).toMatch(/not a Margin backup/);
    expect(await refusal(blob('null'))).toMatch(/not a Margin backup/);
  });

  it("is refused when its format is not Margin's", async () => {
    expect(await refusal(json({ format: 'zotero', version: 1, papers: [] }))).toMatch(/not a Margin backup: its "format" is "zotero"/);
    expect(await refusal(json({ version: 1, papers: [] }))).toMatch(/no "format" field/);
  });

  it('from a newer Margin asks for an update', async () => {
    expect(await refusal(json({ format: 'margin-backup', version: 3, papers: [] }))).toMatch(/newer Margin.*update Margin first/);
  });

  it('is refused without a version number', async () => {
    expect(await refusal(json({ format: 'margin-backup', version: '1', papers: [] }))).toMatch(/no version number/);
    expect(await refusal(json({ format: 'margin-backup', version: 0.5, papers: [] }))).toMatch(/unknown version/);
  });

  it('is refused when papers is not a list', async () => {
    expect(await refusal(json({ format: 'margin-backup', version: 1, papers: { a: 1 } }))).toMatch(/"papers" must be a list/);
    expect(await refusal(json({ format: 'margin-backup', version: 1 }))).toMatch(/"papers" must be a list/);
  });

  it('is refused when it is binary, not UTF-8, or empty', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(await refusal(blob(png))).toMatch(/binary file/);
    // No NUL byte, but not UTF-8 either (Latin-1 bytes).
    expect(await refusal(blob(new Uint8Array([0x7b, 0xe9, 0xe8, 0xff, 0x7d])))).toMatch(/not UTF-8 text/);
    expect(await refusal(blob(''))).toMatch(/empty/);
    expect(await refusal(blob('\n\n'))).toMatch(/empty/);
  });
});

describe('the rules in a backup', () => {
  const rules = [
    { name: 'LeCun', query: 'author:"Yann LeCun"', action: 'highlight' as const, color: 'green' as const, updatedAt: 5 },
    { name: 'No vision', query: 'cat:cs.CV', action: 'hide' as const },
  ];

  it('are written at the top level of the first line and read back exactly', async () => {
    const out = await writeBackup(fakeBackground(papers, seen), { papers: 3, seen: 3 }, new Date(0), { gzip: true, rules });
    const batches = await readAll(out.blob);
    expect(batches.every((b) => JSON.stringify(b.rules) === JSON.stringify(rules))).toBe(true);
    const plain = await writeBackup(fakeBackground(papers, seen), { papers: 3, seen: 3 }, new Date(0), { gzip: false, rules });
    expect(JSON.parse((await plain.blob.text()).split('\n')[0]!).rules).toEqual(rules);
  });

  it('are left out when there are none, and read from a version 1 file', async () => {
    const none = await writeBackup(fakeBackground(papers, seen), { papers: 3, seen: 3 }, new Date(0), { gzip: false, rules: [] });
    expect(JSON.parse((await none.blob.text()).split('\n')[0]!)).not.toHaveProperty('rules');
    const v1 = { format: 'margin-backup', version: 1, exportedAt: 'x', papers, rules };
    expect((await readAll(json(v1)))[0]!.rules).toEqual(rules);
    expect(await refusal(json({ ...v1, rules: 'all of them' }))).toMatch(/"rules" must be a list/);
  });
});
