/**
 * Where a kernel's float64 reference is computed. A 1024³ matmul reference is
 * about 10⁹ multiply-adds of JavaScript: on the page's main thread it would
 * freeze the page for seconds and Cancel could not interrupt it. The page and
 * the runner's page compute it in a Worker (reference-worker-entry.ts); tests in
 * Node, and kernels whose reference a Worker cannot rebuild, compute it here.
 */
import { CancelledError, KernelLabError, type ErrorKind } from '../../gpu/errors';
import { findKernel } from '../../kernels/library';
import type { Constants, HostArray, KernelSpec, Params, ReferenceOutput } from '../../kernels/spec';

export type ReferenceOutputs = Record<string, ReferenceOutput>;

export type ReferenceCompute = (
  spec: KernelSpec,
  inputs: Readonly<Record<string, HostArray>>,
  params: Params,
  constants: Constants,
  signal?: AbortSignal,
  /** What made the inputs (their seed): equal keys mean equal inputs, for runners that remember answers. */
  inputsKey?: string,
) => Promise<ReferenceOutputs>;

/** What a Worker needs to find the reference again: a library id, or a custom kernel's module text. */
export type ReferenceSource = { readonly library: string } | { readonly module: string; readonly file: string };

export interface ReferenceRequest {
  readonly id: number;
  readonly source: ReferenceSource;
  readonly inputs: Readonly<Record<string, HostArray>>;
  readonly params: Params;
  readonly constants: Constants;
  /** Only load the module and check that it exports a function (a shared reference, before it is used). */
  readonly probe?: boolean;
}

export type ReferenceReply =
  | { readonly id: number; readonly ok: true; readonly outputs: ReferenceOutputs }
  | { readonly id: number; readonly ok: false; readonly kind: ErrorKind | 'error'; readonly message: string };

/** How a Worker can rebuild this spec's reference, or undefined when it cannot. */
export function referenceSource(spec: KernelSpec): ReferenceSource | undefined {
  if (spec.referenceModule !== undefined) return { module: spec.referenceModule, file: spec.referenceFile ?? `${spec.id} reference` };
  // Only the library's own reference function: a custom kernel may reuse a library id.
  const library = spec.libraryBase ?? spec.id;
  if (spec.reference && findKernel(library)?.reference === spec.reference) return { library };
  return undefined;
}

/** On this thread. */
export const referenceHere: ReferenceCompute = (spec, inputs, params, constants) => {
  if (!spec.reference) return Promise.reject(new KernelLabError('spec', `${spec.id} has no reference.`));
  return Promise.resolve(spec.reference(inputs, params, constants));
};

/** How many answers rememberLast keeps: a run checks twice (before and after timing), on two seeds. */
const REMEMBERED = 2;

/**
 * Remembers the last answers, for work that checks many variants of one
 * kernel on the same inputs (autotuning at 1024³ would otherwise recompute a
 * seconds-long reference per candidate). The key is the kernel, what made the
 * inputs (`inputsKey`, the seed; `seed` when the caller gives none) and the
 * parameters; the constants too, unless the reference function declares no
 * constants argument (a reduction's chunking reads them, a matmul's does not).
 * The answer is shared: checking only reads it.
 */
export function rememberLast(base: ReferenceCompute, seed: number): ReferenceCompute {
  const kept: { key: string; outputs: Promise<ReferenceOutputs> }[] = [];
  return (spec, inputs, params, constants, signal, inputsKey) => {
    const readsConstants = (spec.reference?.length ?? 3) >= 3;
    const key = JSON.stringify([spec.id, inputsKey ?? seed, params, readsConstants ? constants : null]);
    const hit = kept.find((k) => k.key === key);
    if (hit) return hit.outputs;
    const outputs = base(spec, inputs, params, constants, signal, inputsKey);
    kept.unshift({ key, outputs });
    kept.length = Math.min(kept.length, REMEMBERED);
    // A failed or cancelled computation is not remembered.
    outputs.catch(() => {
      const at = kept.findIndex((k) => k.outputs === outputs);
      if (at >= 0) kept.splice(at, 1);
    });
    return outputs;
  };
}

/** The typed arrays in some outputs, to transfer rather than copy. */
export function outputBuffers(outputs: ReferenceOutputs): ArrayBuffer[] {
  return Object.values(outputs).flatMap((o) => (o instanceof Float64Array ? [o.buffer] : [o.values.buffer, o.terms.buffer])) as ArrayBuffer[];
}

/**
 * A reply that `send` arranges to settle (it keeps the callbacks until the
 * answer comes). Aborting `signal` first calls `onAbort`, which must settle it
 * (by stopping whatever computes it); the abort listener goes once it settles.
 * Shared by the page's reference Worker and the sandbox.
 */
export function pendingReply<T>(signal: AbortSignal | undefined, onAbort: () => void, send: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = <V,>(f: (v: V) => void) => (v: V): void => {
      signal?.removeEventListener('abort', onAbort);
      f(v);
    };
    send(done(resolve), done(reject));
  });
}

/** A reference computed in a Worker, which can also check a module there without running it on the page. */
export interface WorkerReference extends ReferenceCompute {
  /**
   * Loads `module` in the Worker and checks that it exports a function;
   * rejects with the load error (naming `file`, line and column) otherwise.
   * The module's top level runs in the Worker, never on the page.
   */
  probe(module: string, file: string): Promise<void>;
}

/**
 * In a Worker made by `spawn`, started on first use and kept for the next run.
 * Cancelling terminates it (the only way to stop a running loop) and the next
 * call starts a fresh one. Specs a Worker cannot rebuild run here instead, and
 * so does everything once a Worker could not be made or failed to load.
 */
export function referenceInWorker(spawn: () => Worker): WorkerReference {
  let worker: Worker | undefined;
  let broken = false;
  let next = 1;
  const pending = new Map<number, { resolve: (o: ReferenceOutputs) => void; reject: (e: Error) => void }>();
  const stop = (why: Error): void => {
    worker?.terminate();
    worker = undefined;
    for (const p of pending.values()) p.reject(why);
    pending.clear();
  };
  const start = (): Worker => {
    const w = spawn();
    w.addEventListener('message', (e: MessageEvent<ReferenceReply>) => {
      const r = e.data;
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (r.ok) p.resolve(r.outputs);
      else p.reject(new KernelLabError(r.kind === 'error' ? 'spec' : r.kind, r.message));
    });
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      broken = true;
      stop(new KernelLabError('spec', `The reference worker failed (${e.message || 'it did not load'}); run again to compute the reference on the page's own thread.`));
    });
    return w;
  };
  /** Sends a request to the Worker (started if need be); undefined when no Worker can be had. */
  const ask = (request: Omit<ReferenceRequest, 'id'>, signal: AbortSignal | undefined): Promise<ReferenceOutputs> | undefined => {
    if (broken) return undefined;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    try {
      worker ??= start();
    } catch {
      broken = true;
      return undefined;
    }
    const id = next++;
    const w = worker;
    return pendingReply(signal, () => stop(new CancelledError()), (resolve, reject) => {
      pending.set(id, { resolve, reject });
      // A Worker's postMessage has no target origin; the lint rule is for windows.
      // oxlint-disable-next-line unicorn/require-post-message-target-origin
      w.postMessage({ id, ...request } satisfies ReferenceRequest);
    });
  };
  const compute: ReferenceCompute = (spec, inputs, params, constants, signal) => {
    const source = referenceSource(spec);
    return (source && ask({ source, inputs, params, constants }, signal)) || referenceHere(spec, inputs, params, constants);
  };
  const probe = async (module: string, file: string): Promise<void> => {
    const asked = ask({ source: { module, file }, inputs: {}, params: {}, constants: {}, probe: true }, undefined);
    if (!asked) throw new KernelLabError('spec', `${file}: the reference Worker could not be started, and this reference may run only there. Reload the page to try again.`);
    await asked;
  };
  return Object.assign(compute, { probe });
}
