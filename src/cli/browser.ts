/**
 * Which Chromium runs the browser tests (and the headless runner): the one a
 * newcomer already has. Order: CHROMIUM_PATH, Debian's /usr/bin/chromium, then
 * Playwright's own build, installed on first use where the network allows.
 * WebGPU needs only --enable-unsafe-webgpu, on a secure (http://127.0.0.1) page.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, but there is no such file.`);
    return fromEnv;
  }
  return SYSTEM_CHROMIUM.find((p) => existsSync(p));
}

/** Launch options for a WebGPU-capable Chromium; installs Playwright's own when nothing else exists. */
export function chromiumLaunchOptions(args: readonly string[] = WEBGPU_ARGS): LaunchOptions {
  const executablePath = findChromium();
  if (executablePath) return { executablePath, args: [...args] };
  if (!existsSync(chromium.executablePath())) {
    try {
      console.log('No system Chromium found; installing Playwright\'s Chromium (needs the network)…');
      execSync('npx playwright install chromium', { stdio: 'inherit' });
    } catch {
      throw new Error(
        'No Chromium found. Install one of: Debian/Ubuntu `apt-get install chromium`; or set CHROMIUM_PATH to a Chrome/Chromium binary; ' +
          'or let `npx playwright install chromium` download Playwright\'s own (needs the network).',
      );
    }
  }
  // Playwright's headless shell is reported to lack WebGPU: use the full browser in new headless mode.
  return { channel: 'chromium', args: [...args] };
}
