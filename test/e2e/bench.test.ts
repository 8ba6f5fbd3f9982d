import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/chromium';

// Benchmarks are not part of the test suite; this only checks that `npm run bench` works,
// on tiny inputs (`--quick`), and writes its table. Its figures are not looked at.
const bench = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/bench/run.ts', ...args], {
    cwd: ROOT,
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
const againstTrees = () => execFileSync('git', ['-C', ROOT, 'worktree', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('margin-against-'));

describe('npm run bench', () => {
  it('runs every section on a tiny input and writes a table of figures', async () => {
    const { stdout } = await bench('--quick');
    expect(stdout).toMatch(/\| what \| figure \| value \| goal \| met \|/);
    const written = JSON.parse(readFileSync(join(ROOT, 'test/.artifacts/bench-quick.json'), 'utf8'));
    const figures = written.rows.map((r: { figure: string }) => r.figure);
    for (const f of ['(load + annotate) / no-op floor', 'Margin scan script time, ms', 'search keystroke → results p95, ms', 'content, KB gzip', 'disk per seen-only paper, bytes', 'restore (delete all, import the export), s', 'schema 2 → 3, 500 records, s']) {
      expect(figures).toContain(f);
    }
    expect(written.rows.every((r: { value: number }) => Number.isFinite(r.value))).toBe(true);
    // Without --against, no earlier build is a side.
    expect(figures.filter((f: string) => f.endsWith(' build'))).toEqual([]);
  }, 600_000);

  it('with --against=<commit>, adds that commit\'s build as a side of the listing and cleans up after it', async () => {
    const short = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const { stdout } = await bench('--quick', '--only=listing', '--against=HEAD');
    const written = JSON.parse(readFileSync(join(ROOT, 'test/.artifacts/bench-quick.json'), 'utf8'));
    const figures = written.rows.map((r: { figure: string }) => r.figure);
    for (const f of ['(load + annotate) / no-op floor', `(load + annotate) / ${short} build`, `${short} build's scan script time, ms`, `${short} build's longest synchronous piece of work, ms`]) {
      expect(figures).toContain(f);
    }
    expect(stdout).toContain(`| arXiv listing | (load + annotate) / ${short} build |`);
    expect(written.rows.every((r: { value: number }) => Number.isFinite(r.value))).toBe(true);
    // The temporary work tree the build was made in is gone.
    expect(againstTrees()).toEqual([]);
  }, 600_000);

  it('refuses a commit that is not there, saying so, before measuring anything', async () => {
    const failure = bench('--quick', '--only=listing', '--against=no-such-commit-here');
    await expect(failure).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--against=no-such-commit-here: no such commit') });
  }, 60_000);
});
