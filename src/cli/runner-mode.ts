/**
 * The Vite mode of the runner's own build of the app (src/cli/app-server.ts). vite.config.ts leaves the
 * service worker out of that build: the runner's page never registers one, and each run serves the build
 * on a new port, where a worker would only keep a stale copy of an older build.
 */
export const RUNNER_MODE = 'runner';
