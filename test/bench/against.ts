/**
 * `npm run bench -- --against=<rev>`: the same extension built from an earlier commit, a
 * side of the listing figures beside Margin (this work tree's dist/, uncommitted changes and
 * all). Built in a temporary git work tree with this tree's node_modules linked in when the
 * commit's package-lock.json is this tree's (else its own locked packages are installed
 * there with npm ci); the tree is removed as soon as its dist/ is copied out, and the copy when the
 * bench ends, on an error or Ctrl-C too, so nothing is left in the shared repository.
 */
import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A bad revision or a failed build: said in one line, without a stack. */
export class AgainstError extends Error {
  override name = 'AgainstError';
}

export interface AgainstBuild {
  /** The full commit hash the revision named. */
  commit: string;
  /** Its short hash: the side's name in the printed figures ("<short> build"). */
  short: string;
  subject: string;
  /** The built unpacked extension (a copy outside the repository). */
  dist: string;
  /** Deletes the copy; safe to call twice. */
  remove(): void;
}

const git = (root: string, args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The commit a revision names (a hash, a branch, HEAD~3, …), or a clear error. */
export function resolveCommit(root: string, rev: string): { commit: string; short: string; subject: string } {
  if (!rev) throw new AgainstError('--against needs a commit: --against=HEAD~1, a branch or a hash');
  let commit: string;
  try {
    // --end-of-options: a revision spelt like an option is a revision, never a git flag.
    commit = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  } catch {
    throw new AgainstError(`--against=${rev}: no such commit in ${root} (give a hash, a branch or HEAD~n)`);
  }
  return { commit, short: git(root, ['rev-parse', '--short', commit]), subject: git(root, ['log', '-1', '--format=%s', commit]) };
}

/** Whether this work tree has changes not in HEAD (the Margin side then includes them). */
export function isDirty(root: string): boolean {
  return git(root, ['status', '--porcelain', '--untracked-files=no']) !== '';
}

/**
 * Builds `rev` with `vite build` in a temporary work tree of `root`'s repository and
 * returns its dist/. The work tree is gone when this returns or throws; the returned copy
 * is removed by `remove()`, at exit, or on SIGINT/SIGTERM (which then end the process).
 */
export async function buildAgainst(root: string, rev: string): Promise<AgainstBuild> {
  const { commit, short, subject } = resolveCommit(root, rev);
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) throw new AgainstError(`--against: no node_modules in ${root} to build ${short} with (run npm install there first)`);

  const parent = mkdtempSync(join(tmpdir(), `margin-against-${short}-`));
  const tree = join(parent, 'tree');
  const dist = join(parent, 'dist');
  let treeAdded = false;
  const removeTree = () => {
    if (!treeAdded) return;
    treeAdded = false;
    try {
      // --force: the linked node_modules and the build are untracked files in it.
      git(root, ['worktree', 'remove', '--force', tree]);
    } catch {
      rmSync(tree, { recursive: true, force: true });
      git(root, ['worktree', 'prune']);
    }
  };
  let build: ChildProcess | undefined;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    build?.kill();
    removeTree();
    rmSync(parent, { recursive: true, force: true });
    process.off('exit', remove);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  // A signal handler replaces Node's default exit, so this one exits itself once clean.
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', remove);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    try {
      git(root, ['worktree', 'add', '--detach', tree, commit]);
      treeAdded = true;
    } catch (err) {
      throw new AgainstError(`--against=${rev}: could not check out ${short} in a temporary work tree: ${stderrOf(err)}`);
    }
    // The commit's own locked packages: this tree's when the lockfiles agree (linked, nothing
    // installed), else installed in the temporary tree (a package added or dropped since).
    const lock = (dir: string) => (existsSync(join(dir, 'package-lock.json')) ? readFileSync(join(dir, 'package-lock.json'), 'utf8') : '');
    const sameLock = lock(root) === lock(tree);
    if (sameLock) symlinkSync(modules, join(tree, 'node_modules'), 'dir');
    else {
      try {
        await new Promise<void>((resolve, reject) => {
          build = execFile('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: tree, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
            err ? reject(Object.assign(err, { stdout, stderr })) : resolve(),
          );
        });
      } catch (err) {
        throw new AgainstError(`--against=${rev}: installing ${short}'s locked npm packages failed:\n${tail(stderrOf(err))}`);
      }
    }
    try {
      // `vite build` run as npx would run it, but as our own child so a SIGTERM can stop it.
      await new Promise<void>((resolve, reject) => {
        build = execFile(process.execPath, [join(tree, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: tree, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
          err ? reject(Object.assign(err, { stdout, stderr })) : resolve(),
        );
      });
    } catch (err) {
      throw new AgainstError(
        `--against=${rev}: building ${short} failed :\n${tail(stderrOf(err))}`,
      );
    }
    if (!existsSync(join(tree, 'dist/manifest.json'))) throw new AgainstError(`--against=${rev}: building ${short} left no dist/manifest.json`);
    cpSync(join(tree, 'dist'), dist, { recursive: true });
    removeTree();
    return { commit, short, subject, dist, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

function stderrOf(err: unknown): string {
  const e = err as { stderr?: string | Buffer; stdout?: string | Buffer; message?: string };
  const text = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim();
  return text || (e.message ?? String(err));
}

/** The end of a long build log: where its error is. */
function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}
