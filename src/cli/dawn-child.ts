/**
 * The Dawn backend's child process: WebGPU from Dawn (the `webgpu` package)
 * in Node, answering the runner's methods with the same kernel code as the
 * page (src/runner/kernel-api.ts). A kernel that never ends wedges Dawn's
 * queue too, so the parent kills this process after `--timeout` and starts
 * another: one process per wedge, never a wait.
 *
 * The Vulkan driver is Dawn's choice among those the loader finds
 * (VK_ICD_FILENAMES / VK_DRIVER_FILES restrict it); the parent sets this
 * process's LD_LIBRARY_PATH before it starts, since the loader is found then.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceHere } from '../bench/run/reference';
import { failedEntry } from '../bench/results/entries';
import { acquireGpu, type GpuContext } from '../gpu/device';
import { KernelLabError, messageOf } from '../gpu/errors';
import { dataModule, loadReferenceModule } from '../kernels/reference-module';
import { kernelApi } from '../runner/kernel-api';
import type { RunnerApi, RunnerReply } from '../runner/protocol';
import type { FromChild, ToChild } from './dawn-protocol';

/** Dawn's instance: it must stay referenced for the whole process (collected, Dawn aborts or deadlocks). */
let dawn: GPU | undefined;

/** The `webgpu` package's version: from node_modules in a checkout, from dawn/package.json beside the single-folder build. */
function dawnVersion(): string {
  const require = createRequire(import.meta.url);
  for (const path of ['webgpu/package.json', join(dirname(fileURLToPath(import.meta.url)), 'dawn', 'package.json')]) {
    try {
      const version = (require(path) as { version?: unknown }).version;
      if (typeof version === 'string') return version;
    } catch {
      // Not here: try the next place.
    }
  }
  return 'unknown';
}

const send = (message: FromChild): void => void process.send?.(message);

const BROWSER_ONLY = 'needs the browser (--backend browser): it is not part of the Dawn backend.';

function makeApi(ctx: GpuContext | undefined, failure: string, feeds: ReadonlyMap<string, Float32Array | Int32Array | Uint32Array>): RunnerApi {
  const refused = { ok: false as const, message: BROWSER_ONLY };
  return {
    ...kernelApi(ctx, failure, {
      references: referenceHere,
      progress: (text) => send({ type: 'progress', text }),
      loadReference: (code, file) => loadReferenceModule(code, file, dataModule),
      fetchFeed: (feed) => {
        const values = feeds.get(feed.url);
        if (!values) return Promise.reject(new KernelLabError('data', `The runner did not hand over column "${feed.column}" of ${feed.file}.`));
        return Promise.resolve({ buffer: feed.buffer, values, file: feed.file, column: feed.column, rows: feed.rows });
      },
    }),
    // --peers, --suite, --simulate and --notebook are refused before any process starts (args.ts); these keep the protocol whole.
    peer: (params): Promise<RunnerReply> => {
      const message = `TF.js ${BROWSER_ONLY}`;
      return Promise.resolve({ ok: false, kind: 'peer', message, messages: [], entry: failedEntry('peer/tfjs-matmul', params, {}, '', { kind: 'peer', message }) });
    },
    formats: () => Promise.resolve(refused),
    pump: () => Promise.resolve(refused),
    simulate: () => Promise.resolve({ ...refused, entries: [] }),
    notebook: () => Promise.resolve(refused),
  };
}

/** Runs this process as the Dawn backend until the parent disconnects or kills it. */
export async function runDawnChild(): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  dawn = create([]);
  let ctx: GpuContext | undefined;
  let failure = '';
  try {
    ctx = await acquireGpu(dawn);
  } catch (e) {
    // acquireGpu's own words are for a browser; here the facts are Dawn's.
    failure = e instanceof KernelLabError && e.kind === 'no-webgpu' ? 'requestAdapter({ powerPreference: \'high-performance\' }) returned none' : messageOf(e);
  }
  const feeds = new Map<string, Float32Array | Int32Array | Uint32Array>();
  const api = makeApi(ctx, failure, feeds);
  process.on('message', (message: ToChild) => {
    if (message.type === 'data') {
      feeds.set(message.key, message.values);
      return;
    }
    const method = api[message.method] as (...args: readonly unknown[]) => unknown;
    Promise.resolve()
      .then(() => method(...message.args))
      .then(
        (value) => send({ type: 'reply', id: message.id, value }),
        (e: unknown) => send({ type: 'error', id: message.id, message: messageOf(e) }),
      );
  });
  // The parent going away (it ended, or was killed) ends this process too.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', dawnVersion: dawnVersion() });
}
