/**
 * The built app, served on 127.0.0.1 for the runner's browser. The build goes
 * to its own folder (not dist/, which `npm run build` owns) and is reused while
 * nothing it is made from has changed. The folder is named after the checkout
 * (a hash of its path): checkouts that share one node_modules (git worktrees
 * with a linked node_modules) would otherwise serve each other's builds, since
 * a build newer than this checkout's sources counts as up to date. It is built
 * in RUNNER_MODE, without the page's service worker: no cache can serve the
 * runner an older build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { RUNNER_MODE } from './runner-mode';

/** The build folder of the checkout at `root`, under node_modules/.kernel-lab. */
export const appDir = (root: string): string => `node_modules/.kernel-lab/runner-app-${createHash('sha256').update(resolve(root)).digest('hex').slice(0, 8)}`;
const INPUTS = ['index.html', 'src', 'shaders', 'public', 'vite.config.ts', 'package-lock.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

export async function serveBuiltApp(root: string, log: (line: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const outDir = join(root, appDir(root));
  const built = join(outDir, 'index.html');
  const sourcesMs = Math.max(...INPUTS.map((p) => newest(join(root, p))));
  if (!existsSync(built) || statSync(built).mtimeMs < sourcesMs) {
    log('Building the app for the runner…');
    await build({ root, mode: RUNNER_MODE, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const server: PreviewServer = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its address.');
  return { url, close: () => server.close() };
}
