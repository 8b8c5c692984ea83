/**
 * How long one step of the server takes, as a function of the batch's shape:
 * the simulation asks a StepTimer, and does not care how it knows. Tests give
 * it a formula; the page and the runner measure decode kernels on the device
 * (bench/suites/kv-step-timer.ts), which is slow, so measurements are kept per
 * bucket of shapes (cachedStepTimer): sequences rounded to a power of 2
 * (within ±41%), length to a power of √2 (within ±19%), so that a run of
 * thousands of steps measures a dozen or two shapes (a CPU adapter takes
 * seconds for each).
 */

/** How a batch's keys and values are laid out: one contiguous [max_len] row per sequence, or blocks through block tables. */
export type KvLayout = 'contiguous' | 'paged';

/** What one step computes. */
export interface BatchShape {
  readonly layout: KvLayout;
  /**
   * Each sequence's context length this step (tokens of K and V its new token attends to). For the
   * contiguous layout every sequence is padded to the longest; a finished sequence of a static batch
   * still takes its row.
   */
  readonly lengths: readonly number[];
  /** Prompt tokens computed this step (prefill and recomputation after preemption). */
  readonly prefillTokens: number;
}

/** Milliseconds a step of this shape takes: a number, or a promise of one while it is being measured. */
export type StepTimer = (shape: BatchShape) => number | Promise<number>;

/** The representative shape a step's time is measured at: B sequences of L tokens each. */
export interface ShapeBucket {
  readonly layout: KvLayout;
  readonly sequences: number;
  readonly length: number;
}

/**
 * The nearest point, in log scale, of the grid 1, r, r², … (r = 2^(1/steps): steps = 2 gives 1, √2, 2, 2√2, 4, …)
 * to x ≥ 1, as a whole number (distinct grid points stay distinct).
 */
export function gridPoint(x: number, steps = 2): number {
  if (!(x >= 1)) return 1;
  return Math.round(2 ** (Math.round(steps * Math.log2(x)) / steps));
}

/**
 * The bucket a shape is measured at: the number of sequences on the grid of powers of 2, and the length
 * each reads (the longest for the contiguous layout, which pads to it; the mean for the paged one, which
 * reads each sequence's own blocks) on the grid of powers of √2. Prefill is not part of the bucket (see
 * measuredStepTimer).
 */
export function shapeBucket(shape: BatchShape): ShapeBucket {
  const n = shape.lengths.length;
  let sum = 0;
  let max = 0;
  for (const l of shape.lengths) {
    sum += l;
    if (l > max) max = l;
  }
  const length = shape.layout === 'contiguous' ? max : n > 0 ? sum / n : 0;
  return { layout: shape.layout, sequences: gridPoint(n, 1), length: gridPoint(length, 2) };
}

export const bucketKey = (b: ShapeBucket): string => `${b.layout}:${b.sequences}x${b.length}`;

/** A StepTimer that measures each bucket once, and what it has measured. */
export interface CachedStepTimer {
  readonly timer: StepTimer;
  /** Every bucket measured so far, in the order measured, with its time (ms). */
  measured(): readonly { readonly bucket: ShapeBucket; readonly ms: number }[];
  /** The time for a shape whose bucket is measured, without measuring; undefined otherwise. */
  known(shape: BatchShape): number | undefined;
}

/**
 * Keep a slow measurement per bucket: `measure` is called once per bucket (concurrent asks for the same
 * bucket share one call), and `stepMs(bucket, shape)` turns the bucket's time into the step's (default: as measured).
 * A failed measurement is not kept, and rejects the step that asked.
 */
export function cachedStepTimer(
  measure: (bucket: ShapeBucket) => Promise<number>,
  stepMs: (bucketMs: number, shape: BatchShape) => number = (ms) => ms,
  /** Measurements from before (a result kept over a reload): answered without measuring. */
  earlier: readonly { readonly bucket: ShapeBucket; readonly ms: number }[] = [],
): CachedStepTimer {
  const done = new Map<string, number>(earlier.map((m) => [bucketKey(m.bucket), m.ms]));
  const pending = new Map<string, Promise<number>>();
  const order: { bucket: ShapeBucket; ms: number }[] = [...earlier];
  const timer: StepTimer = (shape) => {
    if (shape.lengths.length === 0) return stepMs(0, shape);
    const bucket = shapeBucket(shape);
    const key = bucketKey(bucket);
    const ms = done.get(key);
    if (ms !== undefined) return stepMs(ms, shape);
    let p = pending.get(key);
    if (!p) {
      p = measure(bucket).then((v) => {
        done.set(key, v);
        order.push({ bucket, ms: v });
        return v;
      }).finally(() => pending.delete(key));
      pending.set(key, p);
    }
    return p.then((v) => stepMs(v, shape));
  };
  const known = (shape: BatchShape): number | undefined => {
    if (shape.lengths.length === 0) return stepMs(0, shape);
    const ms = done.get(bucketKey(shapeBucket(shape)));
    return ms === undefined ? undefined : stepMs(ms, shape);
  };
  return { timer, measured: () => [...order], known };
}

/** The attention shape whose K and V the cache holds (one layer, f32, as the decode kernels run). */
export interface KvModel {
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

/**
 * The simulated model: 2 query heads sharing 1 key/value head of 64 (grouped-query attention), one
 * layer, f32: 512 bytes of K and V per token, so that the measured steps stay small enough for a CPU adapter.
 */
export const KV_MODEL: KvModel = { heads: 2, kvHeads: 1, headDim: 64 };

/** Bytes of K and V one token takes: 2 · kvHeads · headDim · 4 (f32). */
export const kvBytesPerToken = (m: KvModel = KV_MODEL): number => 2 * m.kvHeads * m.headDim * 4;

/**
 * The KV budget the page and the runner start from, MiB: on the sample trace it keeps the server
 * memory-bound (8 reserved rows of 2,048 tokens), and paged holds ≥ 96% of it (the vLLM paper's figure);
 * at 1–2 MiB paged preempts often enough to lose tokens/s to reserved.
 */
export const DEFAULT_KV_MIB = 8;

/** Token slots in a budget of `mib` MiB (2²⁰ bytes). */
export const tokensInBudget = (mib: number, m: KvModel = KV_MODEL): number => Math.floor((mib * 2 ** 20) / kvBytesPerToken(m));
