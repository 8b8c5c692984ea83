/**
 * Decoding data files off the page's main thread: the messages to and from the
 * decoding Worker, and the client that drives it. A 100 MB Parquet file takes
 * seconds to decode; in a Worker the page stays responsive, and Cancel can
 * stop it (terminating the Worker is the only way to stop wasm mid-decode).
 * The Worker is made by a spawn function (decode-in-browser-worker.ts for the
 * page), so Node tests can give a worker thread or a fake instead.
 */
import { tableFromIPC } from 'apache-arrow';
import { CancelledError, KernelLabError, type ErrorKind } from '../gpu/errors';
import { DataError, type DataProblem } from './errors';
import type { DataInfo } from './info';
import type { LoadedData } from './load';
import type { ColumnStats } from './stats';

export interface DecodeRequest {
  readonly id: number;
  /** The whole file; transferred, so the sender's buffer is detached. */
  readonly bytes: Uint8Array;
  readonly file: string;
  readonly columns?: readonly string[];
  readonly batchRows?: number;
}

/** Milliseconds the Worker spent: decoding to Arrow, statistics, encoding the IPC reply. */
export interface DecodeTimings {
  readonly decode: number;
  readonly stats: number;
  readonly encode: number;
}

export type DecodeReply =
  /** `ipc`: an Arrow IPC stream of the table, or an Arrow file's or stream's own bytes when it was read whole (tableFromIPC reads both). */
  | { readonly id: number; readonly ok: true; readonly ipc: Uint8Array; readonly info: DataInfo; readonly stats: readonly ColumnStats[]; readonly ms: DecodeTimings }
  | {
    readonly id: number;
    readonly ok: false;
    readonly kind: ErrorKind | 'error';
    readonly message: string;
    /** A DataError's parts, to rebuild it on this side. */
    readonly data?: { readonly file: string; readonly reason: DataProblem; readonly detail: string; readonly trap: boolean };
  };

export interface DecodedData extends LoadedData {
  readonly stats: readonly ColumnStats[];
  readonly ms: DecodeTimings;
}

export interface DecodeOptions {
  readonly columns?: readonly string[];
  readonly batchRows?: number;
  /** Aborting terminates the Worker: this decode and any other in flight reject with CancelledError. */
  readonly signal?: AbortSignal;
}

/** Decodes files in a Worker. */
export interface DataDecoder {
  /**
   * Decodes `bytes` (transferred: the caller's buffer is detached) into a table, its DataInfo and column statistics.
   * @throws DataError naming `file` and the reason; CancelledError when `signal` aborts
   */
  decode(bytes: Uint8Array, file: string, options?: DecodeOptions): Promise<DecodedData>;
  /** Terminates the Worker (it holds the decoder's grown WebAssembly memory); the next decode starts a fresh one. */
  close(): void;
}

type Pending = { readonly file: string; readonly resolve: (d: DecodedData) => void; readonly reject: (e: Error) => void };

/**
 * A decoder whose Worker is made by `spawn`, started on first use and kept for
 * the next file. It is replaced after a cancel, after its WebAssembly trapped
 * (its state may be broken), and after it failed; what was loaded before is
 * never touched.
 */
export function decodeInWorker(spawn: () => Worker): DataDecoder {
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<number, Pending>();
  const stop = (why: (p: Pending) => Error): void => {
    worker?.terminate();
    worker = undefined;
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.reject(why(p));
  };
  const start = (): Worker => {
    const w = spawn();
    w.addEventListener('message', (e: MessageEvent<DecodeReply>) => {
      const r = e.data;
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (r.ok) {
        try {
          p.resolve({ table: tableFromIPC(r.ipc), info: r.info, stats: r.stats, ms: r.ms });
        } catch (err) {
          p.reject(new DataError(p.file, 'corrupt', `the decoding Worker's answer does not read (${err instanceof Error ? err.message : String(err)})`));
        }
        return;
      }
      if (r.data) {
        if (r.data.trap && worker === w) stop((q) => new DataError(q.file, 'undecodable', 'the decoding Worker was restarted after the decoder trapped on another file; load it again'));
        p.reject(new DataError(r.data.file, r.data.reason, r.data.detail, r.data.trap));
      } else {
        p.reject(new KernelLabError(r.kind === 'error' ? 'data' : r.kind, r.message));
      }
    });
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      if (worker !== w) return;
      stop((p) => new DataError(p.file, 'undecodable', `the decoding Worker stopped (${e.message || 'it did not load'})`));
    });
    return w;
  };
  const decode = (bytes: Uint8Array, file: string, options: DecodeOptions = {}): Promise<DecodedData> => {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    let w: Worker;
    try {
      w = worker ??= start();
    } catch (e) {
      return Promise.reject(new DataError(file, 'undecodable', `no decoding Worker could be started (${e instanceof Error ? e.message : String(e)})`));
    }
    const id = next++;
    return new Promise<DecodedData>((resolve, reject) => {
      const onAbort = (): void => stop(() => new CancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = <T,>(f: (v: T) => void) => (v: T): void => {
        signal?.removeEventListener('abort', onAbort);
        f(v);
      };
      pending.set(id, { file, resolve: settle(resolve), reject: settle(reject) });
      const request: DecodeRequest = { id, bytes, file, ...(options.columns ? { columns: options.columns } : {}), ...(options.batchRows ? { batchRows: options.batchRows } : {}) };
      // A Worker's postMessage has no target origin; the lint rule is for windows.
      // oxlint-disable-next-line unicorn/require-post-message-target-origin
      w.postMessage(request, { transfer: bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [] });
    });
  };
  return { decode, close: () => stop(() => new CancelledError()) };
}
