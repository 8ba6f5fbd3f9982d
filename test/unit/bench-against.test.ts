// @vitest-environment node
/**
 * The bench's --against builder on a small repository of its own: a commit that builds
 * gives its dist/, one whose build fails gives a clear error, a missing commit is named, and
 * none of them leaves a work tree or a temporary directory behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgainstError, buildAgainst } from '../bench/against';
import { ROOT } from '../harness/chromium';

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-C', repo, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', ...args], { encoding: 'utf8' }).trim();
const worktrees = () => git('worktree', 'list').split('\n').length;
const leftovers = (short: string) => readdirSync(tmpdir()).filter((f) => f.startsWith(`margin-against-${short}-`));

function commit(files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git('add', '-A', '--', ...Object.keys(files));
  git('commit', '-q', '-m', message);
  return git('rev-parse', '--short', 'HEAD');
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'margin-against-test-repo-'));
  git('init', '-q');
  // The builder links this, as it links the real tree's: vite resolves from it.
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('--against builder', () => {
  it("builds an earlier commit in a temporary work tree and hands back that commit's dist/", async () => {
    const good = commit(
      {
        'vite.config.mjs': "export default { build: { outDir: 'dist' } };\n",
        'index.html': '<!doctype html><title>earlier</title>\n',
        'public/manifest.json': '{"manifest_version":3,"name":"Earlier","version":"1.0.0"}\n',
      },
      'a build',
    );
    // A later commit and a dirty tree: the build is still the commit's.
    commit({ 'public/manifest.json': '{"manifest_version":3,"name":"Later","version":"2.0.0"}\n' }, 'later');
    writeFileSync(join(repo, 'public/manifest.json'), '{"name":"uncommitted"}\n');

    const build = await buildAgainst(repo, 'HEAD~1');
    expect(build.short).toBe(good);
    expect(JSON.parse(readFileSync(join(build.dist, 'manifest.json'), 'utf8')).name).toBe('Earlier');
    expect(worktrees()).toBe(1);
    build.remove();
    expect(existsSync(build.dist)).toBe(false);
    expect(leftovers(good)).toEqual([]);
    git('checkout', '-q', '--', 'public/manifest.json');
  });

  it('says the build failed, with the build output, and leaves nothing behind', async () => {
    const bad = commit({ 'vite.config.mjs': "throw new Error('this config is broken on purpose');\n" }, 'a broken build');
    const failure = buildAgainst(repo, bad);
    await expect(failure).rejects.toThrow(AgainstError);
    await expect(failure).rejects.toThrow(new RegExp(`building ${bad} failed[^]*this config is broken on purpose`));
    expect(worktrees()).toBe(1);
    expect(leftovers(bad)).toEqual([]);
  });

  it('names a commit that is not there', async () => {
    await expect(buildAgainst(repo, 'no-such-branch')).rejects.toThrow(/--against=no-such-branch: no such commit/);
    await expect(buildAgainst(repo, '')).rejects.toThrow(/--against needs a commit/);
    expect(worktrees()).toBe(1);
  });

  it("installs an earlier commit's own locked packages where its package-lock.json is not this tree's", async () => {
    const lockOf = (version: string) =>
      `${JSON.stringify({ name: 'x', version, lockfileVersion: 3, requires: true, packages: { '': { name: 'x', version } } }, null, 2)}\n`;
    const earlier = commit(
      { 'package.json': '{"name":"x","version":"1.0.0"}\n', 'package-lock.json': lockOf('1.0.0'), 'vite.config.mjs': "export default { build: { outDir: 'dist' } };\n" },
      'packages of its own',
    );
    commit({ 'package.json': '{"name":"x","version":"2.0.0"}\n', 'package-lock.json': lockOf('2.0.0') }, 'packages changed');
    // Its packages (none: no vite) were installed, not this tree's linked in: its build cannot find vite.
    await expect(buildAgainst(repo, earlier)).rejects.toThrow(new RegExp(`building ${earlier} failed[^]*tree/node_modules/vite`));
    expect(worktrees()).toBe(1);
    expect(leftovers(earlier)).toEqual([]);
  });
});
