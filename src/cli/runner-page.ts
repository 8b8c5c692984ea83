/**
 * The runner's browser: Chromium with WebGPU, showing the built app's `?runner`
 * harness. A kernel that never ends wedges the GPU process (on SwiftShader not
 * even a new adapter comes back), so waiting is bounded and the only cure is to
 * kill this browser and start another: hence a browser server, whose process
 * we own, rather than a plain launch.
 */
import { chromium, type Browser, type BrowserServer, type Page } from '@playwright/test';
import type { DeviceInfo } from '../gpu/device';
import { DATA_PATH, PROGRESS_GLOBAL, RUNNER_GLOBAL, type RunnerArgs, type RunnerCall, type RunnerMethod, type RunnerResult } from '../runner/protocol';
import { chromiumLaunchOptions } from './browser';

export interface RunnerPage {
  readonly page: Page;
  readonly device: DeviceInfo;
  /** The browser's version (`156.0.7588.0`). */
  readonly version: string;
  /** Calls a method of `window.kernelLabRunner` in the page. */
  readonly call: RunnerCall;
  /** Ends the browser; `force` kills its processes without asking (a wedged GPU process ignores asking). */
  close(force?: boolean): Promise<void>;
}

export type OpenResult = { readonly ok: true; readonly runner: RunnerPage } | { readonly ok: false; readonly message: string };

/**
 * Opens the harness. `served` answers the page's requests under DATA_PATH (a --data column's values, by the
 * path's number) with raw bytes, through Playwright's routing: no JSON, no second server.
 */
export async function openRunnerPage(url: string, onProgress: (text: string) => void, onPageError: (message: string) => void, served: (path: string) => Uint8Array | undefined = () => undefined): Promise<OpenResult> {
  const server: BrowserServer = await chromium.launchServer(chromiumLaunchOptions());
  let browser: Browser | undefined;
  const close = async (force = false): Promise<void> => {
    if (force) {
      await server.kill();
      return;
    }
    await browser?.close().catch(() => undefined);
    await server.close();
  };
  try {
    browser = await chromium.connect(server.wsEndpoint());
    // No service worker (the runner's build has none): Playwright's routes below must see every request.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await page.exposeFunction(PROGRESS_GLOBAL, onProgress);
    page.on('pageerror', (e) => onPageError(e.message));
    await page.route(`**${DATA_PATH}*`, async (route) => {
      const bytes = served(new URL(route.request().url()).pathname);
      if (!bytes) return route.fulfill({ status: 404, body: 'no such data' });
      return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    });
    await page.goto(`${url}?runner`);
    await page.waitForFunction((name) => name in window, RUNNER_GLOBAL, { timeout: 60_000 });
    const call = async <M extends RunnerMethod>(method: M, ...args: RunnerArgs<M>): Promise<RunnerResult<M>> => {
      const sent: readonly [typeof RUNNER_GLOBAL, RunnerMethod, readonly unknown[]] = [RUNNER_GLOBAL, method, args];
      const reply = await page.evaluate(([name, m, rest]) => {
        const api = window[name];
        if (!api) throw new Error(`The page offers no ${name}.`);
        return (api[m] as (...x: readonly unknown[]) => unknown)(...rest);
      }, sent);
      // The one unchecked step: the reply crossed the page boundary as JSON, from the harness that implements RunnerApi.
      return reply as RunnerResult<M>;
    };
    const reply = await call('device');
    if (!reply.ok) {
      await close();
      return { ok: false, message: reply.message };
    }
    return { ok: true, runner: { page, device: reply.device, version: browser.version(), call, close } };
  } catch (e) {
    await close(true);
    throw e;
  }
}
