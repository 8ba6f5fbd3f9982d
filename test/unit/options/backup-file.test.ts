import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBackupPapers } from '../../../src/background/backup';
import { SCHEMA_VERSION } from '../../../src/shared/record';
import { checkBackupBytes, checkSize, makeBackup, MAX_BACKUP_BYTES } from '../../../src/options/backup-file';
import { paper } from './records';

const bytes = (s: string) => new TextEncoder().encode(s);
const backup = (o: unknown) => bytes(JSON.stringify(o));

function refusal(input: Uint8Array): string {
  const out = checkBackupBytes(input);
  if (out.ok) throw new Error('expected a refusal');
  return out.error;
}

describe('a backup file', () => {
  it('that Margin wrote is read back with every paper as it was', () => {
    const papers = [paper('arxiv:2412.13795', { title: 'A', tags: ['x'], note: 'n\n"q"' }), paper('arxiv:hep-th/9711200')];
    const out = checkBackupBytes(bytes(makeBackup(papers, new Date(0))));
    expect(out).toEqual({ ok: true, papers });
    expect(JSON.parse(makeBackup(papers, new Date(0)))).toMatchObject({ format: 'margin-backup', version: 1, exportedAt: '1970-01-01T00:00:00.000Z' });
  });

  it('written by Margin 0.1 (version 1, pinned in test/fixtures) is still read, every paper intact', () => {
    const file = readFileSync(join(import.meta.dirname, '../../fixtures/backup-v1.json'));
    const out = checkBackupBytes(new Uint8Array(file));
    if (!out.ok) throw new Error(out.error);
    expect(out.papers).toHaveLength(2);
    // The background accepts each paper with every field kept, brought up to the current schema.
    const upgraded = out.papers.map((p) => ({ primaryClass: null, ...(p as object), v: SCHEMA_VERSION }));
    expect(checkBackupPapers(out.papers)).toEqual(upgraded);
  });

  it('is read with a byte-order mark too', () => {
    const out = checkBackupBytes(bytes(`\uFEFF${makeBackup([], new Date(0))}`));
    expect(out).toEqual({ ok: true, papers: [] });
  });

  it('is refused when it is not JSON', () => {
    expect(refusal(bytes('format: margin-backup'))).toMatch(/not valid JSON/);
  });

  it('is refused as cut off when it is truncated', () => {
    const full = makeBackup([paper('arxiv:2412.13795', { title: 'A title' })], new Date(0));
    expect(refusal(bytes(full.slice(0, full.length / 2)))).toMatch(/truncated/);
    expect(refusal(bytes(full.slice(0, full.indexOf('A title') + 3)))).toMatch(/truncated/);
  });

  it('is refused when it is a JSON list', () => {
    expect(refusal(backup([paper('arxiv:2412.13795')]))).toMatch(/JSON list, not a Margin backup/);
  });

  it('is refused when it is a single value', () => {
    expect(refusal(bytes('42'))).toMatch(/not a Margin backup/);
    expect(refusal(bytes('null'))).toMatch(/not a Margin backup/);
  });

  it('is refused when its format is not Margin\'s', () => {
    expect(refusal(backup({ format: 'zotero', version: 1, papers: [] }))).toMatch(/not a Margin backup: its "format" is "zotero"/);
    expect(refusal(backup({ version: 1, papers: [] }))).toMatch(/no "format" field/);
  });

  it('from a newer Margin asks for an update', () => {
    expect(refusal(backup({ format: 'margin-backup', version: 2, papers: [] }))).toMatch(/newer Margin.*update Margin first/);
  });

  it('is refused without a version number', () => {
    expect(refusal(backup({ format: 'margin-backup', version: '1', papers: [] }))).toMatch(/no version number/);
    expect(refusal(backup({ format: 'margin-backup', version: 0.5, papers: [] }))).toMatch(/unknown version/);
  });

  it('is refused when papers is not a list', () => {
    expect(refusal(backup({ format: 'margin-backup', version: 1, papers: { a: 1 } }))).toMatch(/"papers" must be a list/);
    expect(refusal(backup({ format: 'margin-backup', version: 1 }))).toMatch(/"papers" must be a list/);
  });

  it('is refused when it is binary', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(refusal(png)).toMatch(/binary file/);
    // No NUL byte, but not UTF-8 either (Latin-1 bytes).
    expect(refusal(new Uint8Array([0x7b, 0xe9, 0xe8, 0xff, 0x7d]))).toMatch(/not UTF-8 text/);
  });

  it('is refused when it is too large or empty, before being read', () => {
    expect(checkSize(MAX_BACKUP_BYTES + 1)).toMatch(/too large \(50\.0 MB\); .* at most 50\.0 MB/);
    expect(checkSize(MAX_BACKUP_BYTES)).toBeNull();
    expect(checkSize(0)).toMatch(/empty/);
    const huge = new Uint8Array(MAX_BACKUP_BYTES + 1).fill(0x20);
    expect(refusal(huge)).toMatch(/too large/);
  });
});
