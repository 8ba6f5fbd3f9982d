/**
 * `npm run package`: the two store uploads, from builds made just before (`dist/`,
 * `dist-firefox/`): margin-chrome-<version>.zip and margin-firefox-<version>.zip at the
 * repository's root, the version taken from package.json (which the builds' manifests carry).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const ROOT = resolve(import.meta.dirname, '..');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export function packageBuild(dir: string, out: string): number {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string };
  if (manifest.version !== version) {
    throw new Error(`${dir}/manifest.json has version ${manifest.version}, package.json ${version}: build again`);
  }
  const entries: Zippable = {};
  // A fixed date and sorted names: the same build always gives the same file.
  for (const path of files(dir).sort()) {
    entries[relative(dir, path).split('\\').join('/')] = [readFileSync(path), { mtime: new Date('2000-01-01T00:00:00Z') }];
  }
  const zip = zipSync(entries, { level: 9 });
  writeFileSync(out, zip);
  return zip.length;
}

/** Writes both zips into outDir from the two builds; returns their paths. */
export function packageAll(outDir = ROOT, builds = { chrome: join(ROOT, 'dist'), firefox: join(ROOT, 'dist-firefox') }): string[] {
  return (['chrome', 'firefox'] as const).map((browser) => {
    const dir = builds[browser];
    const out = join(outDir, `margin-${browser}-${version}.zip`);
    const bytes = packageBuild(dir, out);
    console.log(`${relative(ROOT, out)}: ${(bytes / 1024).toFixed(0)} KB (${relative(ROOT, dir)}/)`);
    return out;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) packageAll();
