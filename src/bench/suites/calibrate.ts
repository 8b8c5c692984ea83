/**
 * "Measure this device": the bandwidth ceiling is the best of the copy
 * variants (f32, vec4 and the driver's own copy; bytes read plus written;
 * buffers rotated so the cache cannot answer), the compute ceiling the best f32
 * FMA throughput of the FMA-chain kernel (ILP 4 and 8) and of the intensity
 * kernel at its largest K, itself a chain of FMAs: whichever a compiler serves
 * better, the roof must not sit below a measured point. Only correct runs count.
 */
import type { DeviceInfo } from '../../gpu/device';
import { copy } from '../../kernels/bandwidth/copy';
import { copyVec4, nativeCopy } from '../../kernels/bandwidth/variants';
import { fma, fmaF16, intensity } from '../../kernels/compute/fma';
import type { KernelSpec, SizePreset } from '../../kernels/spec';
import type { Ceilings } from '../results/roofline';
import { runSuite, type SuiteJob, type SuiteOptions, type SuiteRun } from './suite';

export interface MeasuredCeilings extends Ceilings {
  readonly bandwidthFrom: string;
  readonly computeFrom: string;
  /** Half-precision FMA peak, where the device has shader-f16. */
  readonly gflopsF16?: number;
  readonly size: SizePreset;
  readonly measuredAt: string;
  readonly timing: string;
}

export interface Calibration {
  readonly ceilings: MeasuredCeilings;
  readonly runs: readonly SuiteRun[];
  /** Our best copy kernel's GB/s over the driver copy's, measured side by side. */
  readonly copyVsDriver: number | undefined;
}

const BANDWIDTH: readonly KernelSpec[] = [copy, copyVec4, nativeCopy];

/** The largest K of the intensity sweep, per size: also the calibration's compute-bound point. */
export const MAX_K: Record<SizePreset, number> = { small: 256, medium: 1024, large: 4096 };

/** The largest power-of-two element count not above `n` whose buffer fits the binding limits. */
export function fitElements(n: number, limits: Readonly<Record<string, number | undefined>>, bytesPerElement = 4): number {
  const maxBytes = Math.min(limits.maxStorageBufferBindingSize ?? Number.POSITIVE_INFINITY, limits.maxBufferSize ?? Number.POSITIVE_INFINITY);
  let fit = n;
  while (fit * bytesPerElement > maxBytes && fit > 1) fit = 2 ** Math.floor(Math.log2(fit - 1));
  return fit;
}

export function calibrationJobs(size: SizePreset, limits: Readonly<Record<string, number | undefined>>, features: { has(f: string): boolean }): SuiteJob[] {
  const jobs: SuiteJob[] = BANDWIDTH.map((spec) => {
    const N = fitElements(spec.presets?.[size]?.N ?? 1 << 22, limits);
    return { spec, params: { N }, label: `${spec.id} N=${N}` };
  });
  const compute = [fma, ...(features.has('shader-f16') ? [fmaF16] : [])];
  for (const spec of compute) {
    for (const ILP of [1, 2, 4, 8]) {
      const params = spec.presets?.[size] ?? { T: 1 << 16, ITERS: 1024 };
      jobs.push({ spec, params, constants: { ILP }, label: `${spec.id} ILP=${ILP}` });
    }
  }
  const N = fitElements(intensity.presets?.[size]?.N ?? 1 << 22, limits);
  jobs.push({ spec: intensity, params: { N, K: MAX_K[size] }, label: `${intensity.id} K=${MAX_K[size]}` });
  return jobs;
}

const best = (runs: readonly SuiteRun[], ids: readonly string[], key: 'gbps' | 'gflops') =>
  runs
    .filter((r) => r.record?.correct && ids.includes(r.job.spec.id))
    .reduce<SuiteRun | undefined>((a, r) => (!a || r.record![key] > a.record![key] ? r : a), undefined);

export async function calibrate(device: GPUDevice, info: DeviceInfo, size: SizePreset, options: Omit<SuiteOptions, 'suite'> = {}): Promise<Calibration> {
  const runs = await runSuite(device, info, calibrationJobs(size, info.limits, device.features), { ...options, suite: 'calibration' });
  const bw = best(runs, BANDWIDTH.map((k) => k.id), 'gbps');
  const fp = best(runs, [fma.id, intensity.id], 'gflops');
  const f16 = best(runs, [fmaF16.id], 'gflops');
  if (!bw?.record || !fp?.record) {
    const why = runs.filter((r) => r.error || !r.record?.correct).map((r) => `${r.job.label}: ${r.error ?? 'incorrect'}`).join('; ');
    throw new Error(`Calibration found no correct ${bw ? 'compute' : 'bandwidth'} run${why ? ` (${why})` : ''}.`);
  }
  const shaderCopy = best(runs, [copy.id, copyVec4.id], 'gbps')?.record?.gbps;
  const driverCopy = runs.find((r) => r.job.spec.id === nativeCopy.id && r.record?.correct)?.record?.gbps;
  return {
    ceilings: {
      gbps: bw.record.gbps,
      gflops: fp.record.gflops,
      bandwidthFrom: bw.job.label,
      computeFrom: fp.job.spec === fma ? `${fp.job.label} T=${fp.job.params.T} ITERS=${fp.job.params.ITERS}` : `${fp.job.label} N=${fp.job.params.N}`,
      ...(f16?.record ? { gflopsF16: f16.record.gflops } : {}),
      size,
      measuredAt: new Date().toISOString(),
      timing: bw.record.timing,
    },
    runs,
    copyVsDriver: shaderCopy !== undefined && driverCopy ? shaderCopy / driverCopy : undefined,
  };
}
