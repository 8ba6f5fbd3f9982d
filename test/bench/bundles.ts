/** Gzip sizes of what each context loads: its entry file and every chunk it imports. */
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from '../harness/chromium';

function closure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join(DIST, entry), 'utf8');
  for (const m of code.matchAll(/(?:import|from)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
    closure(posix.normalize(posix.join(posix.dirname(entry), m[1]!)), seen);
  }
  return seen;
}

function htmlEntry(html: string): string {
  const code = readFileSync(join(DIST, html), 'utf8');
  const src = /<script[^>]+src="([^"]+)"/.exec(code)?.[1] ?? '';
  return posix.normalize(src.startsWith('/') ? src.slice(1) : posix.join(dirname(html), src));
}

export function bundleSizes(): Record<'content' | 'popup' | 'options' | 'background', number> {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const gz = (files: Set<string>) => [...files].reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);
  const sw = readFileSync(join(DIST, manifest.background.service_worker), 'utf8');
  const swEntry = /["'](\.\/[^"']+\.js)["']/.exec(sw)?.[1]?.slice(2) ?? manifest.background.service_worker;
  return {
    content: gz(new Set([manifest.content_scripts[0].js[0]])),
    popup: gz(closure(htmlEntry(manifest.action.default_popup))),
    options: gz(closure(htmlEntry(manifest.options_ui.page))),
    background: gz(closure(swEntry)),
  };
}
