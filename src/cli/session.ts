/**
 * The runner's browser over a whole run: opened once, restarted when a kernel
 * run times out (only a new browser gets a wedged GPU back), closed at the end.
 * The browser backend of backend.ts.
 */
import type { RunEnvironment } from '../bench/results/schema';
import type { DeviceInfo } from '../gpu/device';
import { DATA_PATH, type RunnerCall } from '../runner/protocol';
import { runEnvironment, type BenchSession } from './backend';
import { openRunnerPage, type RunnerPage } from './runner-page';
import { err, type StatusLine } from './status';

async function open(url: string, status: StatusLine, served: (path: string) => Uint8Array | undefined): Promise<RunnerPage | undefined> {
  const opened = await openRunnerPage(url, (text) => status.progress(text), (message) => err(`page error: ${message}`), served);
  if (opened.ok) return opened.runner;
  err(`No WebGPU adapter in Chromium: ${opened.message}`);
  err('The runner starts Chromium with --enable-unsafe-webgpu; on a machine without a GPU, Debian\'s chromium package provides SwiftShader.');
  return undefined;
}

/** Bytes the page may fetch under DATA_PATH, kept for the whole session (a restarted browser asks again). */
class Served {
  private readonly byPath = new Map<string, Uint8Array>();
  private readonly byData = new WeakMap<ArrayBufferView, string>();

  /** The page's URL path for these values' bytes (the same path for the same array). */
  path(values: Float32Array | Int32Array | Uint32Array): string {
    let path = this.byData.get(values);
    if (!path) {
      path = `${DATA_PATH}${this.byPath.size + 1}`;
      this.byData.set(values, path);
      this.byPath.set(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    return path;
  }

  readonly get = (path: string): Uint8Array | undefined => this.byPath.get(path);
}

export class RunnerSession implements BenchSession {
  readonly environment: RunEnvironment;

  private constructor(
    private readonly url: string,
    private readonly status: StatusLine,
    private page: RunnerPage | undefined,
    /** The first browser's device: the one the results describe. */
    readonly device: DeviceInfo,
    private readonly served: Served,
  ) {
    this.environment = runEnvironment('browser', device, `Chromium ${page?.version ?? ''}`.trim());
  }

  /** A session on a new browser, or undefined (said why on stderr) when Chromium has no WebGPU adapter. */
  static async start(url: string, status: StatusLine): Promise<RunnerSession | undefined> {
    const served = new Served();
    const page = await open(url, status, served.get);
    return page && new RunnerSession(url, status, page, page.device, served);
  }

  /** The URL path (same origin as the page) at which the page can fetch these values as raw bytes. */
  serve(values: Float32Array | Int32Array | Uint32Array): string {
    return this.served.path(values);
  }

  /** Calls a harness method in the current browser. */
  readonly call: RunnerCall = (method, ...args) => {
    if (!this.page) return Promise.reject(new Error('The runner\'s browser is closed.'));
    return this.page.call(method, ...args);
  };

  /** Kills the browser (a wedged GPU process ignores asking) and starts another; false when that one has no adapter. */
  async restart(): Promise<boolean> {
    await this.page?.close(true);
    this.page = await open(this.url, this.status, this.served.get);
    return this.page !== undefined;
  }

  async close(): Promise<void> {
    const page = this.page;
    this.page = undefined;
    await page?.close();
  }
}
