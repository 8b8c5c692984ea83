import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Monaco and Recharts load lazily (React.lazy), so the first paint only waits for
// the small app chunk; everything is bundled locally, nothing comes from a CDN.
export default defineConfig({
  plugins: [react()],
  // The e2e dev server keeps its dependency cache apart (see playwright.config.ts).
  cacheDir: process.env.VITE_CACHE_DIR ?? 'node_modules/.vite',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
});
