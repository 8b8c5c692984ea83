/**
 * The measuring loop, independent of how a sample is taken (GPU timestamps or
 * wall clock), so it can be tested with a fake clock.
 *
 * 1. Warm up (pipelines compile lazily; caches and clocks settle).
 * 2. Calibrate: raise the repetitions per sample until one sample lasts at
 *    least `targetSampleMs`, so timer rounding (100 µs in Chrome) stays small.
 * 3. Sample until the coefficient of variation is below `maxCv` (after at
 *    least `minSamples`), or `maxSamples`, or the time cap. Never one run.
 */
import { CancelledError } from '../../gpu/errors';
import { summarize, type Stats } from './stats';

export type SampleFn = (reps: number) => Promise<number>;

export type MeasurePhase = 'warm-up' | 'calibrate' | 'sample';

export interface MeasureProgress {
  readonly phase: MeasurePhase;
  readonly samples: number;
  readonly reps: number;
  readonly elapsedMs: number;
}

export interface MeasureOptions {
  readonly warmup: number;
  readonly targetSampleMs: number;
  readonly maxReps: number;
  readonly minSamples: number;
  readonly maxSamples: number;
  readonly maxCv: number;
  /** After this, stop as soon as there are `floorSamples`. */
  readonly timeCapMs: number;
  readonly floorSamples: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: MeasureProgress) => void;
  readonly now?: () => number;
}

export const DEFAULT_MEASURE: MeasureOptions = {
  warmup: 2,
  targetSampleMs: 2,
  maxReps: 1024,
  minSamples: 10,
  maxSamples: 200,
  maxCv: 0.03,
  timeCapMs: 2000,
  floorSamples: 3,
};

export type StopReason = 'converged' | 'max-samples' | 'time-cap';

/** The limits that decide when sampling stops: kept with a result, so it can say in words why it stopped. */
export type StopRule = Pick<MeasureOptions, 'minSamples' | 'maxSamples' | 'maxCv' | 'timeCapMs' | 'floorSamples'>;

export interface Measurement {
  /** Milliseconds per repetition, one entry per sample. */
  readonly perRepMs: readonly number[];
  readonly reps: number;
  readonly stoppedBy: StopReason;
  readonly rule: StopRule;
  readonly stats: Stats;
  readonly elapsedMs: number;
}

export async function measure(sample: SampleFn, options: Partial<MeasureOptions> = {}): Promise<Measurement> {
  const o: MeasureOptions = { ...DEFAULT_MEASURE, ...options };
  const now = o.now ?? (() => performance.now());
  const start = now();
  const elapsed = (): number => now() - start;
  const checkCancel = (): void => {
    if (o.signal?.aborted) throw new CancelledError();
  };

  for (let i = 0; i < o.warmup; i++) {
    checkCancel();
    o.onProgress?.({ phase: 'warm-up', samples: 0, reps: 1, elapsedMs: elapsed() });
    await sample(1);
  }

  let reps = 1;
  checkCancel();
  // The smaller of two readings: one slow sample (a cold cache, a busy CPU)
  // must not leave the repetitions too low for the timer's resolution.
  const calibrationSample = async (): Promise<number> => Math.min(await sample(reps), await sample(reps));
  let t = await calibrationSample();
  // A zero reading is below the timer's resolution: keep raising reps even past the cap.
  while (reps < o.maxReps && (t <= 0 || (t < o.targetSampleMs && elapsed() < o.timeCapMs))) {
    checkCancel();
    const factor = t <= 0 ? 16 : Math.min(16, Math.max(2, Math.ceil(o.targetSampleMs / t)));
    reps = Math.min(o.maxReps, reps * factor);
    o.onProgress?.({ phase: 'calibrate', samples: 0, reps, elapsedMs: elapsed() });
    t = await calibrationSample();
  }

  const perRepMs: number[] = [];
  let stoppedBy: StopReason = 'max-samples';
  while (perRepMs.length < o.maxSamples) {
    checkCancel();
    const s = await sample(reps);
    if (s <= 0 && reps < o.maxReps) {
      // Below the timer's resolution after all: more repetitions, and start over.
      reps = Math.min(o.maxReps, reps * 16);
      perRepMs.length = 0;
      continue;
    }
    perRepMs.push(s / reps);
    o.onProgress?.({ phase: 'sample', samples: perRepMs.length, reps, elapsedMs: elapsed() });
    if (perRepMs.length >= o.minSamples && summarize(perRepMs).cv <= o.maxCv) {
      stoppedBy = 'converged';
      break;
    }
    if (elapsed() >= o.timeCapMs && perRepMs.length >= o.floorSamples) {
      stoppedBy = 'time-cap';
      break;
    }
  }
  const rule: StopRule = { minSamples: o.minSamples, maxSamples: o.maxSamples, maxCv: o.maxCv, timeCapMs: o.timeCapMs, floorSamples: o.floorSamples };
  return { perRepMs, reps, stoppedBy, rule, stats: summarize(perRepMs), elapsedMs: elapsed() };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a run is doing, as one sentence: "Sampling: 23 samples so far, 4
 * repetitions each…" (never "sample 23 samples"). For every progress line that
 * shows a run (the page's result, peer and suite panels, the runner's stderr),
 * so they all say it alike; `phase` takes run.ts's phases too.
 */
export function progressText(p: { readonly phase: string; readonly samples: number; readonly reps: number }): string {
  switch (p.phase) {
    case 'compile': return 'Compiling…';
    case 'check': return 'Running once on fresh inputs…';
    case 'reference': return 'Computing the float64 reference and checking every element…';
    case 'warm-up': return 'Warming up…';
    case 'calibrate': return `Calibrating: trying ${plural(p.reps, 'repetition')} per sample…`;
    case 'sample': return p.samples > 0 ? `Sampling: ${plural(p.samples, 'sample')} so far, ${plural(p.reps, 'repetition')} each…` : 'Sampling…';
    default: return `${p.phase}…`;
  }
}
