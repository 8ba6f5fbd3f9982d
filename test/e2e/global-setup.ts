// The end-to-end tests load dist/: build it once, fresh, before they run.
import { build } from 'vite';
import { ROOT } from '../harness/chromium';

export default async function setup(): Promise<void> {
  await build({ root: ROOT, configFile: `${ROOT}/vite.config.ts`, logLevel: 'warn' });
}
