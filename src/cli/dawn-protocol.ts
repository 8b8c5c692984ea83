/**
 * What the runner (parent) and its Dawn process (dawn-child.ts) say to each
 * other over Node's IPC channel, with the `advanced` serialization (the
 * structured clone: typed arrays cross as such). The methods and replies are
 * the page protocol's (RunnerApi), so the jobs cannot tell the backends apart.
 */
import type { RunnerMethod } from '../runner/protocol';

/** Set in the child's environment: the runner's script, started with it, becomes the Dawn process. */
export const DAWN_CHILD_ENV = 'KERNEL_LAB_DAWN_CHILD';

export type ToChild =
  /** Values for a --data feed, kept under `key` (DataFeed's `url`) for the `run` requests that name it. */
  | { readonly type: 'data'; readonly key: string; readonly values: Float32Array | Int32Array | Uint32Array }
  | { readonly type: 'call'; readonly id: number; readonly method: RunnerMethod; readonly args: readonly unknown[] };

export type FromChild =
  /** The process is up: Dawn's version, and whether an adapter was found (the device reply says which, or why not). */
  | { readonly type: 'ready'; readonly dawnVersion: string }
  | { readonly type: 'progress'; readonly text: string }
  | { readonly type: 'reply'; readonly id: number; readonly value: unknown }
  /** A method threw (the kernel methods reply with failures; this is for the unexpected). */
  | { readonly type: 'error'; readonly id: number; readonly message: string };
