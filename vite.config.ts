import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { RUNNER_MODE } from './src/cli/runner-mode.ts';

/**
 * Files the service worker precaches, by extension: the page, its chunks (Monaco and its editor worker, the
 * data and reference workers, Recharts), the parquet-wasm binary, Monaco's icon font, the favicon and the
 * sample data in public/data. Lessons are precached as bundled chunks or, if served as files, as `.md`.
 * public/screenshot.png (for the README) is left out: the page never shows it.
 */
export const PRECACHE_GLOBS = ['**/*.{html,js,css,wasm,ttf,svg,json,arrow,csv,parquet,md}'];

/**
 * The largest file precached: parquet-wasm's binary is 4.7 MiB, Monaco's chunk 3.1 MiB. A file past this
 * fails the build (the plugin throws), so nothing silently drops out of the offline app as it grows.
 */
export const PRECACHE_MAX_BYTES = 8 * 1024 * 1024;

// Monaco and Recharts load lazily (React.lazy), so the first paint only waits for
// the small app chunk; everything is bundled locally, nothing comes from a CDN.
export default defineConfig(({ mode }) => ({
  plugins: [
    react(),
    // Offline after the first visit: a Workbox service worker precaches the whole build. It waits for the
    // page's "Reload" before taking over from an older one (registerType 'prompt', src/ui/UpdatePrompt.tsx).
    // Off in `npm run dev` (the plugin's default), and off in the runner's build: its page never registers a
    // worker, and a worker per random port would only keep stale runner builds around.
    VitePWA({
      disable: mode === RUNNER_MODE,
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: PRECACHE_GLOBS,
        maximumFileSizeToCacheInBytes: PRECACHE_MAX_BYTES,
        // Any address of the app (`?runner`, a lesson's query, a share link's #fragment) opens the cached page.
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first visit's page is controlled at once, so Monaco's lazy chunk already comes from the cache.
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  // The e2e dev server keeps its dependency cache apart (see playwright.config.ts).
  cacheDir: process.env.VITE_CACHE_DIR ?? 'node_modules/.vite',
  // wgsl_reflect's "main" build is CommonJS inside a "type": "module" package, which Node
  // cannot load: every build (page, runner, tests) takes its ES module build instead.
  resolve: { alias: [{ find: /^wgsl_reflect$/, replacement: 'wgsl_reflect/wgsl_reflect.module.js' }] },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' as const },
  // Loaded only when data is first loaded: named here so the dev server bundles them at start,
  // not on first use (which reloads the page under a newcomer's first click).
  optimizeDeps: { include: ['hyparquet', 'hyparquet-compressors', 'arrow-js-ffi', 'papaparse', 'lz-string'] },
}));
