import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [
    crx({
      manifest: manifest as Parameters<typeof crx>[0]['manifest'],
      // One self-contained IIFE for the content script: crxjs's default loader would list
      // its chunks in web_accessible_resources, letting any paper site detect Margin.
      contentScripts: { standaloneFiles: ['src/content/main.ts'] },
    }),
  ],
  build: {
    target: 'chrome120',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
});
