/**
 * Where the e2e `built` project's app lives: built into a folder per port and served by `vite preview`
 * from there (playwright.config.ts). The offline test rewrites the service worker in that folder to
 * stand for a newly deployed build.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const BUILT_APP_DIR = `node_modules/.kernel-lab/e2e-app-${E2E_PORT}`;
