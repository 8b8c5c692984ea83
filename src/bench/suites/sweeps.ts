/**
 * The memory-wall sweeps, as lists of ordinary runs:
 * - working set: the vec4 copy over growing buffers, without rotation, so the
 *   caches show as steps where the working set outgrows them;
 * - intensity: K FMAs per element read, from memory-bound to compute-bound;
 * - stride: a strided read, where coalescing falls apart;
 * - matmul ladder: every matmul variant at growing square sizes;
 * - attention: unfused, fused and flash attention at growing N = L (d = 64,
 *   one head), each point with the bytes its plan allocates (plannedMemory),
 *   so time and memory can be read against the sequence length. A point the
 *   device cannot hold (unfused's N·L score matrix past a buffer limit) is
 *   refused by runSuite before allocation and kept, with its message.
 */
import { formatBytes } from '../../gpu/format';
import { attentionFlash, attentionFused, attentionUnfused } from '../../kernels/attention/variants';
import { copyVec4, strided } from '../../kernels/bandwidth/variants';
import { intensity, intensityAtK } from '../../kernels/compute/fma';
import { LIBRARY } from '../../kernels/library';
import { plannedMemory, planKernel } from '../../kernels/plan';
import { defaultConstants, type KernelSpec, type SizePreset } from '../../kernels/spec';
import { fitElements, MAX_K } from './calibrate';
import type { SuiteJob } from './suite';

export type SweepKind = 'working-set' | 'intensity' | 'stride' | 'matmul-ladder' | 'attention';
export const SWEEPS: readonly SweepKind[] = ['working-set', 'intensity', 'stride', 'matmul-ladder', 'attention'];

/** Square sizes of the matmul ladder per preset. */
const LADDER_SIZES: Record<SizePreset, readonly number[]> = { small: [64, 128, 256], medium: [256, 512, 1024], large: [512, 1024, 2048] };

/**
 * Sequence lengths N = L of the attention sweep per preset. Small stays at
 * what a software adapter runs in seconds; large reaches the lengths where
 * unfused's score matrix (4·N² bytes at one head) passes the 128 MiB default
 * maxStorageBufferBindingSize (N = 8192 needs 256 MiB) while flash goes on.
 */
const ATTENTION_LENGTHS: Record<SizePreset, readonly number[]> = { small: [64, 128, 256], medium: [256, 512, 1024, 2048, 4096], large: [1024, 2048, 4096, 8192, 16384] };
/** The attention sweep's variants, in the order run: the memory each needs falls along the list. */
export const ATTENTION_SWEEP: readonly KernelSpec[] = [attentionUnfused, attentionFused, attentionFlash];
/** The shape of every attention point but its length: one batch, one head, d = 64, no mask. */
const ATTENTION_SHAPE = { B: 1, H: 1, Hkv: 1, d: 64, causal: 0 } as const;

export interface SweepJob extends SuiteJob {
  /** The swept quantity: working-set bytes, K, stride, M = N = K, or attention's N = L. */
  readonly x: number;
  /** Bytes the kernel's plan allocates at this point (plannedMemory), where the sweep reads memory: attention. */
  readonly memory?: number;
}

/** The attention sweep's jobs: every variant at every length, with the memory each plan allocates (bytes). */
function attentionJobs(size: SizePreset): SweepJob[] {
  return ATTENTION_LENGTHS[size].flatMap((n) =>
    ATTENTION_SWEEP.map((spec) => {
      const params = { ...ATTENTION_SHAPE, N: n, L: n };
      const memory = plannedMemory(planKernel(spec, params, defaultConstants(spec))).bytes;
      return { spec, params, x: n, memory, label: `${spec.id} N = L = ${n}` };
    }),
  );
}

/** Every matmul variant in the library, the ladder's rungs (those the device lacks are skipped). */
export const MATMUL_LADDER = LIBRARY.filter((k) => k.family === 'matmul');

/** Largest working set (src + dst bytes) per size preset; always bounded by the device. */
const WORKING_SET_MAX: Record<SizePreset, number> = { small: 16 * 2 ** 20, medium: 256 * 2 ** 20, large: 2 ** 30 };
const STRIDES = [1, 2, 4, 8, 16, 32, 64];

export function sweepJobs(kind: SweepKind, size: SizePreset, limits: Readonly<Record<string, number | undefined>>): SweepJob[] {
  if (kind === 'working-set') {
    const maxN = fitElements(WORKING_SET_MAX[size] / 8, limits);
    const jobs: SweepJob[] = [];
    for (let N = 1024; N <= maxN; N *= 4) {
      jobs.push({ spec: copyVec4, params: { N }, rotate: false, x: 8 * N, label: `copy-vec4, ${formatBytes(8 * N)} working set` });
    }
    return jobs;
  }
  if (kind === 'matmul-ladder') {
    return LADDER_SIZES[size].flatMap((n) => MATMUL_LADDER.map((spec) => ({ spec, params: { M: n, N: n, K: n }, x: n, label: `${spec.id} ${n}³` })));
  }
  if (kind === 'attention') return attentionJobs(size);
  if (kind === 'intensity') {
    const N = intensity.presets?.[size]?.N ?? 1 << 22;
    const ks = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096].filter((k) => k <= MAX_K[size]);
    return ks.map((K) => ({ spec: intensity, params: { N, K }, x: K, label: `intensity K=${K} (${intensityAtK(K)} FLOP/byte)` }));
  }
  // The widest stride reads a 64× larger source: bound it like the working set.
  const preset = strided.presets?.[size]?.N ?? 1 << 20;
  const N = Math.min(preset, fitElements(WORKING_SET_MAX[size] / 4, limits) / 64);
  return STRIDES.map((S) => ({ spec: strided, params: { N, S }, x: S, label: `strided S=${S}` }));
}
