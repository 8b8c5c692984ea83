import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Monaco and Recharts load lazily (React.lazy), so the first paint only waits for
// the small app chunk; everything is bundled locally, nothing comes from a CDN.
export default defineConfig({
  plugins: [react()],
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
  worker: { format: 'es' },
  // Loaded only when data is first loaded: named here so the dev server bundles them at start,
  // not on first use (which reloads the page under a newcomer's first click).
  optimizeDeps: { include: ['hyparquet', 'hyparquet-compressors', 'arrow-js-ffi', 'papaparse', 'lz-string'] },
});
