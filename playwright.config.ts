import { defineConfig } from '@playwright/test';
import { BUILT_APP_DIR, E2E_PORT } from './e2e/built-app';
import { chromiumLaunchOptions } from './src/cli/browser';

// Two ways a person meets the app: the built one (`vite preview`) and the dev
// server the README starts first (`npm run dev`, React's StrictMode and Vite's
// module graph, which the build does not have). The ports can be moved so two
// checkouts can test side by side.
const PORT = E2E_PORT;
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5173);
const OUT = BUILT_APP_DIR;

export default defineConfig({
  testDir: 'e2e',
  // SwiftShader runs WebGPU on the CPU: generous timeouts, one worker, small shapes in the tests.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1440, height: 1000 },
    trace: 'off',
    // The built app registers a service worker: in every fresh context it would download the whole 12 MB
    // precache beside the test, and answer requests before page.route() sees them. Off here;
    // e2e/offline.spec.ts turns it on.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'built', testMatch: /.*\.spec\.ts/, testIgnore: /dev-server\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORT}` } },
    { name: 'dev', testMatch: /dev-server\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
  ],
  webServer: [
    {
      command: `npx vite build --outDir ${OUT} --emptyOutDir --logLevel warn && npx vite preview --outDir ${OUT} --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
    },
    {
      // Exactly what the README's first command starts, on its own port.
      command: `npm run dev -- --port ${DEV_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEV_PORT}`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      // Vite's dependency cache per port: two dev servers must not rebuild one folder at once.
      env: { VITE_CACHE_DIR: `node_modules/.vite-e2e-${DEV_PORT}` },
    },
  ],
});
