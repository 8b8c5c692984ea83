/**
 * The memory-wall sweeps, as lists of ordinary runs:
 * - working set: the vec4 copy over growing buffers, without rotation, so the
 *   caches show as steps where the working set outgrows them;
 * - intensity: K FMAs per element read, from memory-bound to compute-bound;
 * - stride: a strided read, where coalescing falls apart;
 * - matmul ladder: every matmul variant at growing square sizes.
 */
import { formatBytes } from '../../gpu/format';
import { copyVec4, strided } from '../../kernels/bandwidth/variants';
import { intensity, intensityAtK } from '../../kernels/compute/fma';
import { LIBRARY } from '../../kernels/library';
import type { SizePreset } from '../../kernels/spec';
import { fitElements, MAX_K } from './calibrate';
import type { SuiteJob } from './suite';

export type SweepKind = 'working-set' | 'intensity' | 'stride' | 'matmul-ladder';
export const SWEEPS: readonly SweepKind[] = ['working-set', 'intensity', 'stride', 'matmul-ladder'];

/** Square sizes of the matmul ladder per preset. */
const LADDER_SIZES: Record<SizePreset, readonly number[]> = { small: [64, 128, 256], medium: [256, 512, 1024], large: [512, 1024, 2048] };

export interface SweepJob extends SuiteJob {
  /** The swept quantity: working-set bytes, K, or stride. */
  readonly x: number;
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
