import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };

type Manifest = Parameters<typeof crx>[0]['manifest'];

/** The add-on's id in Firefox: it keys the profile's data and a store listing. */
export const GECKO_ID = 'margin@papermargin';

/**
 * The Firefox manifest, derived from the one source (manifest.json): Firefox runs an MV3
 * background as an event page (`background.scripts`; a `service_worker`-only manifest is
 * refused) and wants an add-on id; `data_collection_permissions` (none) needs Firefox 140.
 */
function forFirefox(source: typeof manifest): Manifest {
  const { minimum_chrome_version: _chromeOnly, background, ...rest } = source;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      // Firefox for Android reads data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: '142.0' },
    },
  } as unknown as Manifest;
}

// `vite build` makes the Chrome build in dist/; `vite build --mode firefox` the Firefox one
// in dist-firefox/. The version is package.json's in both.
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  const versioned = { ...manifest, version: pkg.version };
  return {
    plugins: [
      crx({
        manifest: firefox ? forFirefox(versioned) : (versioned as Manifest),
        browser: firefox ? 'firefox' : 'chrome',
        // One self-contained IIFE for the content script: crxjs's default loader would list
        // its chunks in web_accessible_resources, letting any paper site detect Margin.
        contentScripts: { standaloneFiles: ['src/content/main.ts'] },
      }),
    ],
    // The options page reads other tools' files in a module worker; ES chunks keep the BibTeX
    // parser loaded only when a file needs it, as in the page.
    worker: { format: 'es' as const },
    build: {
      target: firefox ? 'firefox140' : 'chrome120',
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      sourcemap: false,
    },
  };
});
