import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIREFOX_SUITES = ['firefox-build', 'foundation', 'sites', 'overlay', 'popup', 'options', 'soak'];

// Two projects: unit tests in happy-dom with a fake IndexedDB, and end-to-end tests that
// drive Debian's Chromium with the built extension (one file at a time: 2 cores here).
export default defineConfig({
  root,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/setup.ts'],
          // Building 2000-entry pages in happy-dom takes seconds on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/firefox-build.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same suites in Firefox ESR (test/harness/firefox.ts): the ones that cover what
        // differs between the browsers, and the short soak.
        extends: true,
        test: {
          name: 'e2e-firefox',
          include: FIREFOX_SUITES.map((s) => `test/e2e/${s}.test.ts`),
          environment: 'node',
          env: { MARGIN_BROWSER: 'firefox' },
          globalSetup: ['test/e2e/global-setup-firefox.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
