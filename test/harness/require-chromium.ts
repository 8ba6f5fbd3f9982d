// Run before the end-to-end tests: a missing browser is a set-up step, not a stack trace.
import { ChromiumMissing, findChromium } from './chromium';

try {
  findChromium();
} catch (err) {
  if (err instanceof ChromiumMissing) {
    console.error(`\nThe end-to-end tests need Chromium. ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
