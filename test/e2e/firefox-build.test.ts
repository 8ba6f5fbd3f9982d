/**
 * The Firefox build and the store packages: what Firefox and addons.mozilla.org check before
 * they run a line of Margin (web-ext lint runs offline, with Mozilla's own linter).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_FIREFOX, ROOT } from '../harness/browser';
import { packageAll } from '../../scripts/package';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const firefox = JSON.parse(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8'));
let tmp: string;
let chromeDist: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'margin-package-'));
  // The Chrome build made here, apart from dist/, which other runs may be using.
  chromeDist = join(tmp, 'dist');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: chromeDist } });
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the Firefox build', () => {
  it('has an event-page background, an add-on id, Firefox 140 or later and no data collection', () => {
    expect(firefox.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(firefox.browser_specific_settings.gecko).toMatchObject({
      id: expect.stringMatching(/^[\w.-]+@[\w.-]+$/),
      data_collection_permissions: { required: ['none'] },
    });
    expect(Number.parseInt(firefox.browser_specific_settings.gecko.strict_min_version, 10)).toBeGreaterThanOrEqual(140);
    expect(firefox.version).toBe(pkg.version);
    // The rest is the one source manifest, as Chrome gets it.
    const chrome = JSON.parse(readFileSync(join(chromeDist, 'manifest.json'), 'utf8'));
    expect(chrome.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    expect(chrome.browser_specific_settings).toBeUndefined();
    for (const key of ['permissions', 'optional_host_permissions', 'content_scripts', 'commands', 'action', 'options_ui', 'version']) {
      expect(firefox[key], key).toEqual(chrome[key]);
    }
  });

  it('passes web-ext lint with no errors', async () => {
    const bin = join(ROOT, 'node_modules/.bin/web-ext');
    // web-ext exits non-zero on errors; the JSON report says which.
    const out = await promisify(execFile)(bin, ['lint', '--source-dir', DIST_FIREFOX, '--output', 'json', '--no-input'], { cwd: ROOT }).then(
      (r) => r.stdout,
      (err: { stdout?: string }) => err.stdout ?? '',
    );
    const report = JSON.parse(out) as { errors: Array<{ code: string; message: string; file?: string }>; warnings: Array<{ code: string; file?: string }> };
    for (const w of report.warnings) console.log(`  web-ext lint warning: ${w.code} ${w.file ?? ''}`);
    expect(report.errors.map((e) => `${e.code}: ${e.message} ${e.file ?? ''}`)).toEqual([]);
  });
});

describe('npm run package', () => {
  it('writes margin-chrome-<version>.zip and margin-firefox-<version>.zip, each its build with the manifest at the root', () => {
    const [chromeZip, firefoxZip] = packageAll(tmp, { chrome: chromeDist, firefox: DIST_FIREFOX });
    expect(chromeZip).toBe(join(tmp, `margin-chrome-${pkg.version}.zip`));
    expect(firefoxZip).toBe(join(tmp, `margin-firefox-${pkg.version}.zip`));
    for (const [zip, dir] of [[chromeZip!, chromeDist], [firefoxZip!, DIST_FIREFOX]] as const) {
      const files = unzipSync(readFileSync(zip));
      expect(JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
      expect(Object.keys(files)).toContain('src/content/main.js');
      expect(Object.keys(files).some((f) => f.startsWith('/') || f.includes('\\'))).toBe(false);
    }
  });
});
