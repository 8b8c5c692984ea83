/**
 * The serving simulation's step time, measured on this device: a step's
 * bucket (kv/step-time.ts: B sequences each reading L tokens on average)
 * runs as a decode kernel of the paged KV cache family through runKernel,
 * checked against its float64 reference and timed like any run, and its
 * median is the step's time. Each bucket is measured once per timer.
 *
 * STEP_KERNELS says which kernel measures which layout: the paged policy's
 * steps run kv/paged-decode (keys and values read through block tables from
 * the block manager, blocks of the simulation's size), the reserved policy's
 * kv/contiguous-decode (each sequence owns a row of L slots).
 *
 * From a bucket to the kernels' parameters (stepParams): the kernels take a
 * batch of S sequences whose lengths fall evenly from L to about 1
 * (generators.ts decodeLengths), not B equal lengths. S is the bucket's
 * sequences, and L is chosen so that the kernel's batch holds the bucket's
 * total tokens, B · L_bucket (kernelLength: for S > 1 about 2 L_bucket − 1):
 * the same sequences, the same keys and values read, lengths spread as a real
 * batch's are. L_bucket is the mean length for the paged layout and the
 * longest for the contiguous one (every row padded to it), so the reserved
 * policy pays for its padding in tokens read.
 *
 * A bucket of more sequences than the kernels' S allows (256) is measured at
 * that many and scaled by the count: past 256 sequences a GPU is busy, and
 * more take proportionally longer.
 *
 * What a step's time leaves out: the rest of a model's layer (projections,
 * MLP) and prefill's own compute (the decode kernels take one query per
 * sequence); a sequence admitted in a step counts with its whole prompt
 * among the lengths, so its keys are read.
 */
import type { DeviceInfo } from '../../gpu/device';
import { KernelLabError } from '../../gpu/errors';
import { decodeLengths } from '../../kernels/generators';
import { kvContiguousDecode, kvPagedDecode } from '../../kernels/kv/decode';
import type { KernelSpec, Params } from '../../kernels/spec';
import { cachedStepTimer, KV_MODEL, type CachedStepTimer, type KvLayout, type KvModel, type ShapeBucket } from '../../kv/step-time';
import type { RunRecord } from '../run/record';
import type { ReferenceCompute } from '../run/reference';
import { runKernel, type RunOptions } from '../run/run';

/** The kernel each layout's steps are measured with. */
export const STEP_KERNELS: Readonly<Record<KvLayout, KernelSpec>> = {
  contiguous: kvContiguousDecode,
  paged: kvPagedDecode,
};

/** The longest context the kv decode kernels take (their L parameter's maximum). */
const MAX_L = kvPagedDecode.params.find((p) => p.name === 'L')?.max ?? 65536;

/**
 * The kernels' L for S sequences holding `tokens` in all: the L in [1, 65536] whose
 * Σ decodeLengths(S, L) is nearest to `tokens` (the smaller L on a tie). S = 1 gives L = tokens.
 * @throws RangeError when S < 1 or tokens < S (every sequence holds at least one token)
 */
export function kernelLength(S: number, tokens: number): number {
  if (!(Number.isInteger(S) && S >= 1) || !(tokens >= S)) throw new RangeError(`A decode batch of ${S} sequences cannot hold ${tokens} tokens.`);
  const sum = (L: number) => decodeLengths(S, L).reduce((a, b) => a + b, 0);
  // Σ ≈ S (L + 1) / 2 for S > 1: search around 2 tokens / S, where the floor in the spacing makes Σ step.
  const guess = S === 1 ? tokens : Math.round((2 * tokens) / S) - 1;
  let best = Math.max(1, Math.min(MAX_L, guess));
  let bestErr = Math.abs(sum(best) - tokens);
  for (let L = Math.max(1, guess - 2 * S - 2); L <= Math.min(MAX_L, guess + 2 * S + 2); L++) {
    const e = Math.abs(sum(L) - tokens);
    if (e < bestErr || (e === bestErr && L < best)) [best, bestErr] = [L, e];
  }
  return best;
}

/**
 * A bucket as its kernel's parameters: S = the bucket's sequences, L from kernelLength (the batch's total
 * tokens, sequences × length, kept), the model's heads; the paged kernel's bs = `blockSize` (tokens per block).
 */
export const stepParams = (b: ShapeBucket, m: KvModel = KV_MODEL, blockSize = 16): Params => ({
  S: b.sequences,
  H: m.heads,
  Hkv: m.kvHeads,
  L: kernelLength(b.sequences, b.sequences * Math.max(1, b.length)),
  d: m.headDim,
  ...(b.layout === 'paged' ? { bs: blockSize } : {}),
});

/** Quick timing: a step's time needs a median good to a few percent, not a benchmark's. */
export const STEP_TIMING = { warmup: 1, minSamples: 3, maxSamples: 7, maxCv: 0.05, timeCapMs: 400, targetSampleMs: 2 } as const;

export interface MeasuredTimerOptions {
  readonly model?: KvModel;
  /** The paged kernel's tokens per block (8, 16 or 32): the simulation's block size. Default 16. */
  readonly blockSize?: number;
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
    // More sequences than the kernel's S allows run as that many, and the time scales with the count.
    const maxS = spec.params.find((p) => p.name === 'S')?.max ?? bucket.sequences;
    const runAs = { ...bucket, sequences: Math.min(bucket.sequences, maxS) };
    const { record, check } = await runKernel(device, info, spec, {
      params: stepParams(runAs, model, options.blockSize ?? 16),
      timing: options.timing ?? STEP_TIMING,
      ...(options.reference ? { reference: options.reference } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!check.correct) throw new KernelLabError('internal', `${spec.id} at S = ${runAs.sequences}, L = ${record.params.L} gave wrong output, so it cannot time the simulation's steps.`);
    options.onMeasured?.(runAs, record);
    return (record.medianMs * bucket.sequences) / runAs.sequences;
  });
}
