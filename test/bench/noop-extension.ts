/**
 * The floor any content script pays: an extension whose content script does nothing but
 * say it ran (an attribute the benchmark waits for), injected where Margin's is.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function noopExtension(runAt: 'document_idle' | 'document_start'): string {
  const dir = mkdtempSync(join(tmpdir(), `margin-noop-${runAt}-`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: `No-op (${runAt})`,
      version: '1.0.0',
      content_scripts: [
        {
          matches: ['https://huggingface.co/papers*', 'https://arxiv.org/list/*', 'https://arxiv.org/abs/*', 'https://arxiv.org/search/*'],
          js: ['noop.js'],
          run_at: runAt,
        },
      ],
    }),
  );
  writeFileSync(join(dir, 'noop.js'), "document.documentElement.setAttribute('data-noop', 'ready');\n");
  return dir;
}
