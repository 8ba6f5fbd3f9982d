import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { PAGE_CALLS } from '../../src/shared/call-access';
import { keyLabel, POPUP_SHORTCUTS, popupKeyLabel, SHORTCUTS } from '../../src/shared/shortcuts';
import { ROOT } from '../harness/chromium';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The rows of the table between `<!-- name:start … -->` and `<!-- name:end -->`. */
function table(name: string): string[][] {
  const body = new RegExp(`<!-- ${name}:start[^>]*-->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(readme)?.[1] ?? '';
  return body
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => line.split('|').slice(1, -1).map((c) => c.trim()));
}

describe('the README stays true', () => {
  it('lists exactly the in-page shortcuts of src/shared/shortcuts.ts', () => {
    expect(table('shortcuts')).toEqual(SHORTCUTS.map((s) => [s.keys.map(keyLabel).join(' / '), s.label]));
  });

  it('lists exactly the reading queue\'s keys of src/shared/shortcuts.ts', () => {
    expect(table('popup-shortcuts')).toEqual(POPUP_SHORTCUTS.map((s) => [s.keys.map(popupKeyLabel).join(' / '), s.label]));
  });

  it('lists the browser-level commands with their suggested keys', () => {
    for (const [name, command] of Object.entries(manifest.commands)) {
      const key = (command as { suggested_key: { default: string } }).suggested_key.default;
      expect(readme, name).toContain(`| ${key} |`);
    }
  });

  it('lists exactly the calls a content script may make, as src/shared/call-access.ts allows', () => {
    const table = /<!-- page-calls:start[^>]*-->\n([\s\S]*?)<!-- page-calls:end -->/.exec(readme)?.[1] ?? '';
    const calls = table
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => /^\| `(\w+)` \|/.exec(line)?.[1]);
    expect(calls).toEqual(PAGE_CALLS);
  });

  it('keeps its two set-up commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('names only npm scripts that exist (the Firefox build, the packages, the Firefox tests among them)', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const named = new Set([...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    for (const name of ['build', 'build:firefox', 'package', 'test:e2e:firefox']) expect(named).toContain(name);
    for (const name of named) expect(Object.keys(scripts), name).toContain(name);
    expect(scripts.test).toContain('npm run test:e2e:firefox');
  });
});
