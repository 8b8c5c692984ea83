/**
 * Runs of several kernels in a row (calibration, sweeps) with one progress
 * line and one cancel. Each job is a normal runKernel call.
 */
import type { DeviceInfo } from '../../gpu/device';
import { KernelLabError, type ErrorKind } from '../../gpu/errors';
import type { KernelSpec, Params } from '../../kernels/spec';
import type { MeasureOptions } from '../run/measure';
import type { RunRecord } from '../run/record';
import type { ReferenceCompute } from '../run/reference';
import { runKernel, type RunProgress } from '../run/run';

export interface SuiteJob {
  readonly spec: KernelSpec;
  readonly params: Params;
  readonly constants?: Readonly<Record<string, number>>;
  readonly rotate?: boolean;
  /** What the job is, for progress lines ("copy-vec4, 64 MiB"). */
  readonly label: string;
}

export interface SuiteProgress {
  readonly index: number;
  readonly total: number;
  readonly label: string;
  readonly run?: RunProgress;
}

export interface SuiteOptions {
  readonly suite: string;
  readonly timing?: Partial<Omit<MeasureOptions, 'signal' | 'onProgress'>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SuiteProgress) => void;
  readonly reference?: ReferenceCompute;
}

export interface SuiteRun<J extends SuiteJob = SuiteJob> {
  readonly job: J;
  readonly record?: RunRecord;
  /** Why the job produced no record (too big for this device, …); the suite goes on. */
  readonly error?: string;
  /** The kind of that error: 'limit', 'out-of-memory', or 'unsupported' (the device lacks a feature). */
  readonly errorKind?: ErrorKind;
}

export async function runSuite<J extends SuiteJob>(device: GPUDevice, info: DeviceInfo, jobs: readonly J[], options: SuiteOptions): Promise<SuiteRun<J>[]> {
  const out: SuiteRun<J>[] = [];
  for (const [index, job] of jobs.entries()) {
    const progress = (run?: RunProgress): void => options.onProgress?.({ index, total: jobs.length, label: job.label, ...(run ? { run } : {}) });
    progress();
    try {
      const { record } = await runKernel(device, info, job.spec, {
        params: job.params,
        constants: job.constants ?? {},
        ...(job.rotate === undefined ? {} : { rotate: job.rotate }),
        ...(options.timing ? { timing: options.timing } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.reference ? { reference: options.reference } : {}),
        onProgress: progress,
      });
      out.push({ job, record: { ...record, suite: options.suite } });
    } catch (e) {
      if (e instanceof KernelLabError && e.kind === 'cancelled') throw e;
      if (!(e instanceof KernelLabError) || !['limit', 'out-of-memory', 'unsupported'].includes(e.kind)) throw e;
      out.push({ job, error: e.message, errorKind: e.kind });
    }
  }
  return out;
}
