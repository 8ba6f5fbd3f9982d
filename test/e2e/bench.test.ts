import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/chromium';

// Benchmarks are not part of the test suite; this only checks that `npm run bench` works,
// on tiny inputs (`--quick`), and writes its table. Its figures are not looked at.
describe('npm run bench', () => {
  it('runs every section on a tiny input and writes a table of figures', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/bench/run.ts', '--quick'], {
      cwd: ROOT,
      timeout: 600_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/\| what \| figure \| value \| goal \| met \|/);
    const written = JSON.parse(readFileSync(join(ROOT, 'test/.artifacts/bench-quick.json'), 'utf8'));
    const figures = written.rows.map((r: { figure: string }) => r.figure);
    for (const f of ['(load + annotate) / no-op floor', 'Margin scan script time, ms', 'search keystroke → results p95, ms', 'content, KB gzip', 'disk per seen-only paper, bytes', 'restore (delete all, import the export), s', 'schema 2 → 3, 500 records, s']) {
      expect(figures).toContain(f);
    }
    expect(written.rows.every((r: { value: number }) => Number.isFinite(r.value))).toBe(true);
  }, 600_000);
});
