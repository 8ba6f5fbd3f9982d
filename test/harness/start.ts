/**
 * `npm start`: Chromium with the freshly built Margin on sample pages served at their real
 * URLs (offline); `npm start -- --firefox`: the same in Firefox ESR, with the Firefox build.
 * With a display it stays open for you to use; without one it runs headless, saves a
 * screenshot of each annotated page and prints where.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { ChromiumMissing, ROOT, waitReady } from './chromium';
import { FirefoxMissing } from './firefox';
import { samplePages } from './sample-pages';

const firefox = process.argv.includes('--firefox');
// Read by ./browser when it is loaded: which browser and build to use.
if (firefox) process.env.MARGIN_BROWSER = 'firefox';
const { BROWSER, launch } = await import('./browser');

async function main(): Promise<void> {
  const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const pages = samplePages();
  // `npm start` built dist/ for Chromium; Firefox's build is made here.
  if (firefox) await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'firefox', logLevel: 'warn' });
  const session = await launch({ headless });
  session.serve((url) => {
    const page = pages.find((p) => p.url === url);
    return page ? { body: page.body() } : null;
  });
  console.log(`Margin loaded in ${BROWSER} (extension id ${session.extensionId}).`);

  const outDir = join(ROOT, 'test/.artifacts/start', firefox ? 'firefox' : '');
  if (headless) mkdirSync(outDir, { recursive: true });
  for (const sample of pages) {
    const page = await session.context.newPage();
    await page.goto(sample.url);
    await waitReady(page).catch(() => console.warn(`  ${sample.label}: Margin did not report ready`));
    const count = await page.locator('paper-margin').count();
    if (headless) {
      // Show the first annotated paper rather than the site's header.
      await page.locator('paper-margin').first().scrollIntoViewIfNeeded().catch(() => undefined);
      await page.waitForTimeout(300);
      const file = join(outDir, `${sample.label}.png`);
      await page.screenshot({ path: file });
      console.log(`  ${sample.label}: ${count} ${count === 1 ? 'paper' : 'papers'} annotated; screenshot ${file}`);
      await page.close();
    } else {
      console.log(`  ${sample.label}: ${count} ${count === 1 ? 'paper' : 'papers'} annotated at ${sample.url}`);
    }
  }
  if (headless) {
    console.log('No display: ran headless. Set DISPLAY to use the browser yourself.');
    await session.close();
    return;
  }
  console.log('Close the browser window (or press Ctrl+C) to finish.');
  await new Promise<void>((resolve) => {
    session.context.on('close', () => resolve());
    process.on('SIGINT', () => resolve());
  });
  await session.close();
}

main().catch((err) => {
  if (err instanceof ChromiumMissing || err instanceof FirefoxMissing) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
