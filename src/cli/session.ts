/**
 * The runner's browser over a whole run: opened once, restarted when a kernel
 * run times out (only a new browser gets a wedged GPU back), closed at the end.
 */
import type { DeviceInfo } from '../gpu/device';
import type { RunnerCall } from '../runner/protocol';
import { openRunnerPage, type RunnerPage } from './runner-page';
import { err, type StatusLine } from './status';

async function open(url: string, status: StatusLine): Promise<RunnerPage | undefined> {
  const opened = await openRunnerPage(url, (text) => status.progress(text), (message) => err(`page error: ${message}`));
  if (opened.ok) return opened.runner;
  err(`No WebGPU adapter in Chromium: ${opened.message}`);
  err('The runner starts Chromium with --enable-unsafe-webgpu; on a machine without a GPU, Debian\'s chromium package provides SwiftShader.');
  return undefined;
}

export class RunnerSession {
  private constructor(
    private readonly url: string,
    private readonly status: StatusLine,
    private page: RunnerPage | undefined,
    /** The first browser's device: the one the results describe. */
    readonly device: DeviceInfo,
  ) {}

  /** A session on a new browser, or undefined (said why on stderr) when Chromium has no WebGPU adapter. */
  static async start(url: string, status: StatusLine): Promise<RunnerSession | undefined> {
    const page = await open(url, status);
    return page && new RunnerSession(url, status, page, page.device);
  }

  /** Calls a harness method in the current browser. */
  readonly call: RunnerCall = (method, ...args) => {
    if (!this.page) return Promise.reject(new Error('The runner\'s browser is closed.'));
    return this.page.call(method, ...args);
  };

  /** Kills the browser (a wedged GPU process ignores asking) and starts another; false when that one has no adapter. */
  async restart(): Promise<boolean> {
    await this.page?.close(true);
    this.page = await open(this.url, this.status);
    return this.page !== undefined;
  }

  async close(): Promise<void> {
    const page = this.page;
    this.page = undefined;
    await page?.close();
  }
}
