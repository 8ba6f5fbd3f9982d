// Run before the Firefox end-to-end tests: build dist-firefox/ once, fresh.
import { build } from 'vite';
import { ROOT } from '../harness/chromium';

export default async function setup(): Promise<void> {
  await build({ root: ROOT, configFile: `${ROOT}/vite.config.ts`, mode: 'firefox', logLevel: 'warn' });
}
