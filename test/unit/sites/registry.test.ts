import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor } from '../../../src/sites/registry';
import type { SiteAdapter } from '../../../src/sites/types';
import { ROOT } from '../../harness/chromium';

// Every module under src/sites that exports an adapter.
const modules = import.meta.glob<Record<string, unknown>>('../../../src/sites/*.ts', { eager: true });
const isAdapter = (v: unknown): v is SiteAdapter =>
  typeof v === 'object' && v !== null && typeof (v as SiteAdapter).findPapers === 'function' && typeof (v as SiteAdapter).matches === 'function';
const found = Object.entries(modules).flatMap(([file, mod]) =>
  Object.values(mod).filter(isAdapter).map((adapter) => ({ file: file.split('/').pop()!, adapter })),
);

describe('the adapter registry', () => {
  it('finds the three adapters', () => {
    expect(found.map((f) => f.adapter.id).sort()).toEqual(['arxiv', 'huggingface', 'links']);
  });

  for (const { file, adapter } of found) {
    it(`${adapter.id} (${file}) is registered, named for its file, and tested against fixtures`, () => {
      expect(ADAPTERS).toContain(adapter);
      expect(file).toBe(`${adapter.id}.ts`);
      const testFile = join(ROOT, 'test/unit/sites', `${adapter.id}.test.ts`);
      expect(existsSync(testFile)).toBe(true);
      const test = readFileSync(testFile, 'utf8');
      expect(test).toMatch(/sharedFixture\(/);
      expect(test).toMatch(/ownFixture\(/);
    });
  }

  it('puts the generic link adapter last, so a site adapter always wins on its own site', () => {
    expect(ADAPTERS.at(-1)?.id).toBe('links');
    expect(adapterFor(new URL('https://arxiv.org/list/cs.LG/new'))?.id).toBe('arxiv');
    expect(adapterFor(new URL('https://huggingface.co/papers'))?.id).toBe('huggingface');
    expect(adapterFor(new URL('https://blog.example/post'))?.id).toBe('links');
  });

  it('lists no file under src/sites that is neither an adapter, its helper, the registry nor the types', () => {
    const files = readdirSync(join(ROOT, 'src/sites'));
    const ids = found.map((f) => f.adapter.id);
    for (const f of files) {
      const ok = ['registry.ts', 'types.ts'].includes(f) || ids.some((id) => f === `${id}.ts` || f.startsWith(`${id}-`));
      expect(ok, f).toBe(true);
    }
  });
});
