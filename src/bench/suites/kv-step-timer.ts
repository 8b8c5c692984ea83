/**
 * The serving simulation's step time, measured on this device: a step's
 * bucket (kv/step-time.ts: B sequences of L tokens) runs as a decode
 * kernel through runKernel, checked against its float64 reference and timed
 * like any run, and its median is the step's time. Each bucket is measured
 * once per timer.
 *
 * STEP_KERNELS says which kernel measures which layout. Until the paged
 * decode kernel (kv/paged-decode) is in the library both use
 * attention/decode, the split-K decode over a contiguous [B, Hkv, L, d]
 * cache: for the paged layout at the batch's mean length (the keys it reads),
 * for the contiguous one at the longest (the row every sequence is padded
 * to). Swapping in kv/paged-decode is its line in STEP_KERNELS.
 *
 * A bucket of more sequences than the kernel's batch parameter allows (64)
 * is measured at that many and scaled by the count: past 64 sequences a
 * GPU is busy, and more take proportionally longer.
 *
 * What a step's time leaves out: the rest of a model's layer (projections,
 * MLP) and prefill's own compute (the decode kernels take one query per
 * sequence); a sequence admitted in a step counts with its whole prompt
 * among the lengths, so its keys are read.
 */
import type { DeviceInfo } from '../../gpu/device';
import { KernelLabError } from '../../gpu/errors';
import { attentionDecode } from '../../kernels/attention/decode';
import type { KernelSpec, Params } from '../../kernels/spec';
import { cachedStepTimer, KV_MODEL, type CachedStepTimer, type KvLayout, type KvModel, type ShapeBucket } from '../../kv/step-time';
import type { RunRecord } from '../run/record';
import type { ReferenceCompute } from '../run/reference';
import { runKernel, type RunOptions } from '../run/run';

/** The kernel each layout's steps are measured with. */
export const STEP_KERNELS: Readonly<Record<KvLayout, KernelSpec>> = {
  contiguous: attentionDecode,
  paged: attentionDecode,
};

/** A bucket as the decode kernel's parameters: B sequences, L keys each, the model's heads. */
export const stepParams = (b: ShapeBucket, m: KvModel = KV_MODEL): Params => ({ B: b.sequences, H: m.heads, Hkv: m.kvHeads, L: b.length, d: m.headDim });

/** Quick timing: a step's time needs a median good to a few percent, not a benchmark's. */
export const STEP_TIMING = { warmup: 1, minSamples: 3, maxSamples: 7, maxCv: 0.05, timeCapMs: 400, targetSampleMs: 2 } as const;

export interface MeasuredTimerOptions {
  readonly model?: KvModel;
  readonly timing?: RunOptions['timing'];
  readonly reference?: ReferenceCompute;
  readonly signal?: AbortSignal;
  /** Each measurement as it lands (its record joins the results as a run of suite `simulation:kv`). */
  readonly onMeasured?: (bucket: ShapeBucket, record: RunRecord) => void;
}

/**
 * A cached StepTimer measuring each bucket on `device`.
 * @throws (from a step) a KernelLabError when the kernel's output is wrong (an incorrect kernel's time is no step time), or whatever runKernel throws
 */
export function measuredStepTimer(device: GPUDevice, info: DeviceInfo, options: MeasuredTimerOptions = {}): CachedStepTimer {
  const model = options.model ?? KV_MODEL;
  return cachedStepTimer(async (bucket) => {
    const spec = STEP_KERNELS[bucket.layout];
    // More sequences than the kernel's batch parameter allows run as that many, and the time scales with the count.
    const maxB = spec.params.find((p) => p.name === 'B')?.max ?? bucket.sequences;
    const runAs = { ...bucket, sequences: Math.min(bucket.sequences, maxB) };
    const { record, check } = await runKernel(device, info, spec, {
      params: stepParams(runAs, model),
      timing: options.timing ?? STEP_TIMING,
      ...(options.reference ? { reference: options.reference } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!check.correct) throw new KernelLabError('internal', `${spec.id} at B = ${bucket.sequences}, L = ${bucket.length} gave wrong output, so it cannot time the simulation's steps.`);
    options.onMeasured?.(runAs, record);
    return (record.medianMs * bucket.sequences) / runAs.sequences;
  });
}
