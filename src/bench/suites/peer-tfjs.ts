/**
 * A peer for the matmul ladder: TensorFlow.js's WebGPU backend, on our own
 * GPUDevice, on the same shapes and the same seeded inputs, checked against the
 * same float64 reference. TF.js is loaded only here, on demand, never in the
 * main bundle.
 *
 * What differs in timing: TF.js offers no timestamp hook around one op, so a
 * sample is the wall clock around `reps` tf.matMul calls, its submitQueue() and
 * onSubmittedWorkDone(). That includes TF.js's own dispatch work and the
 * submission latency, which GPU timestamps (how our kernels are timed) leave
 * out; at sizes where a matmul takes milliseconds the difference is small.
 */
// Types only: the packages themselves are imported on demand, below.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type * as TfCore from '@tensorflow/tfjs-core';
import type { DeviceInfo } from '../../gpu/device';
import { withErrorScopes } from '../../gpu/scopes';
import { sourceHash } from '../../kernels/hash';
import { MATMUL_COMMON, matmulCost, matmulReference } from '../../kernels/matmul/common';
import { freshSeed, makeInput } from '../../kernels/random';
import { splitExpected, type Params } from '../../kernels/spec';
import { checkOutputs } from '../run/check';
import { measure, type MeasureOptions } from '../run/measure';
import { checkFields, measurementFields, type RunRecord } from '../run/record';

export const PEER_TFJS = 'peer/tfjs-matmul';
/** TF.js's kernels are registered under this backend name; ours replaces its factory. */
const BACKEND = 'webgpu';

type Tf = typeof TfCore;
type Backend = WebGPUBackend;

let loaded: { tf: Tf; device: GPUDevice; backend: Backend } | undefined;

/** TF.js on this device; a new device (after a reset or a loss) gets a new backend. */
async function tfOn(device: GPUDevice): Promise<{ tf: Tf; backend: Backend }> {
  if (loaded?.device === device) return loaded;
  const tf = await import('@tensorflow/tfjs-core');
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // Importing the package registered a 'webgpu' backend that asks for an adapter of its own.
  if (tf.findBackendFactory(BACKEND)) tf.removeBackend(BACKEND);
  tf.registerBackend(BACKEND, () => new WebGPUBackend(device));
  if (!(await tf.setBackend(BACKEND))) throw new Error('TF.js could not start its WebGPU backend on this device.');
  await tf.ready();
  loaded = { tf, device, backend: tf.backend() as Backend };
  return loaded;
}

export interface PeerOptions {
  readonly seed?: number;
  readonly timing?: Partial<Omit<MeasureOptions, 'signal' | 'onProgress'>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: MeasureOptions['onProgress'];
}

export async function measureTfjsMatmul(device: GPUDevice, info: DeviceInfo, params: Params, options: PeerOptions = {}): Promise<RunRecord> {
  const { M = 0, N = 0, K = 0 } = params;
  const { tf, backend } = await tfOn(device);
  const seed = options.seed ?? freshSeed();
  // The same streams as runKernel gives buffers 0 (A) and 1 (B) of a matmul.
  const A = makeInput('f32', M * K, { kind: 'random', min: -1, max: 1 }, seed, 0);
  const B = makeInput('f32', K * N, { kind: 'random', min: -1, max: 1 }, seed, 1);
  const a = tf.tensor2d(A as Float32Array, [M, K]);
  const b = tf.tensor2d(B as Float32Array, [K, N]);
  try {
    const c = tf.matMul(a, b);
    const got = (await c.data()) as Float32Array;
    c.dispose();
    const check = checkOutputs([{ name: 'C', got, ...splitExpected(matmulReference({ A, B }, params, {}).C!) }], MATMUL_COMMON.tolerance);
    // Error scopes: a command buffer WebGPU rejects runs nothing and would time as free.
    const m = await withErrorScopes(device, 'timing TF.js matMul', () =>
      measure(
        async (reps) => {
          const start = performance.now();
          for (let r = 0; r < reps; r++) tf.matMul(a, b).dispose();
          // TF.js keeps its compute pass open between ops: close it before submitting.
          backend.endComputePassEncoder();
          backend.submitQueue();
          await device.queue.onSubmittedWorkDone();
          return performance.now() - start;
        },
        { ...options.timing, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
      ),
    );
    const { flops, bytes } = matmulCost({ M, N, K });
    return {
      kernel: PEER_TFJS,
      title: 'TensorFlow.js WebGPU matMul',
      // The installed version, as the library says (package.json allows a range); TF.js's packages are released together.
      sourceHash: sourceHash(`@tensorflow/tfjs-backend-webgpu@${tf.version_core}`),
      librarySource: true,
      params: { M, N, K },
      constants: {},
      device: info,
      timing: 'wall-clock',
      timingNote: `wall clock around ${m.reps} tf.matMul call${m.reps === 1 ? '' : 's'}, submitQueue() and onSubmittedWorkDone() per sample (TF.js has no per-op timestamps): includes its dispatch overhead and submission latency`,
      ...measurementFields(m, flops, bytes),
      ...checkFields(check),
      seed,
      time: new Date().toISOString(),
      suite: 'peer',
    };
  } finally {
    a.dispose();
    b.dispose();
  }
}
