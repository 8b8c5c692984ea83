/**
 * The built app, served on 127.0.0.1 for the runner's browser. The build goes
 * to its own folder (not dist/, which `npm run build` owns) and is reused while
 * nothing it is made from has changed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

export const APP_DIR = 'node_modules/.kernel-lab/runner-app';
const INPUTS = ['index.html', 'src', 'shaders', 'public', 'vite.config.ts', 'package-lock.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

export async function serveBuiltApp(root: string, log: (line: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const outDir = join(root, APP_DIR);
  const built = join(outDir, 'index.html');
  const sourcesMs = Math.max(...INPUTS.map((p) => newest(join(root, p))));
  if (!existsSync(built) || statSync(built).mtimeMs < sourcesMs) {
    log('Building the app for the runner…');
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const server: PreviewServer = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its address.');
  return { url, close: () => server.close() };
}
