/**
 * Whether a measured median can be trusted, and two medians told apart, in
 * words a user can act on. The measuring loop (measure.ts) stops at its time
 * cap whatever the spread, so a result can come back with a CV of 150% or
 * three samples; it must be flagged, not shown like any other.
 */
import { DEFAULT_MEASURE, type StopReason, type StopRule } from '../run/measure';

/**
 * Above this coefficient of variation the median is flagged. The loop aims at
 * 3%; at 10% the median of ten samples is still uncertain by about 4%
 * (1.25·CV/√n), as large as the gain an edit or a tuning step is judged by,
 * and two runs of the same code disagree by more than the change being judged.
 */
export const NOISY_CV = 0.1;

/**
 * Fewer samples than this are flagged whatever their CV: the loop's own minimum
 * before it trusts a CV. The CV of three samples can be near zero by chance,
 * and their median is simply the middle reading.
 */
export const MIN_SAMPLES = DEFAULT_MEASURE.minSamples;

/**
 * Two medians closer than this are the same speed even when both runs were
 * steady: back-to-back runs of one kernel on a real GPU move by a few percent
 * with clocks and temperature, a drift no run's own samples show.
 */
export const NOISE_FLOOR = 0.05;

/** What a record, or a results-file entry, says about its sampling. */
export interface Sampled {
  readonly cv: number | null;
  readonly samples: number;
  /** Absent in results files, which do not keep it. */
  readonly stoppedBy?: StopReason;
  readonly sampling?: StopRule;
  readonly medianMs?: number | null;
  readonly repsPerSample?: number | null;
}

export interface Reliability {
  readonly reliable: boolean;
  /** The CV is over NOISY_CV. */
  readonly noisy: boolean;
  /** Fewer than MIN_SAMPLES samples. */
  readonly few: boolean;
  /** What makes the median unreliable ("CV 36% is over 10%"); empty when reliable. */
  readonly problems: readonly string[];
  /** Why sampling stopped, in words; undefined when the result does not say. */
  readonly stopped: string | undefined;
  /** What to do about it; undefined when reliable. */
  readonly advice: string | undefined;
}

/** Whole percent from 10% up, one decimal below ("2.1%", "36%"); no trailing ".0". */
const pct = (v: number): string => `${Number((v * 100).toFixed(v < 0.1 ? 1 : 0))}%`;
/** A share over `limit`, with digits added until it no longer reads as the limit itself ("10.4%", never "CV 10% is over 10%"). */
export function overPct(v: number, limit: number): string {
  for (let digits = v < 0.1 ? 1 : 0; digits < 4; digits++) {
    const text = Number((v * 100).toFixed(digits));
    if (text > Number((limit * 100).toFixed(digits))) return `${text}%`;
  }
  return `${Number((v * 100).toPrecision(6))}%`;
}
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const duration = (ms: number): string => (ms >= 1e3 ? `${Number((ms / 1e3).toPrecision(3))} s` : `${Number(ms.toPrecision(3))} ms`);

/** Why the loop stopped: "stopped by the 2 s time cap after 3 samples". */
export function stopText(r: Sampled): string | undefined {
  const rule = r.sampling ?? DEFAULT_MEASURE;
  const cv = typeof r.cv === 'number' ? ` with CV ${pct(r.cv)}` : '';
  // Not converged either because the spread stayed wide or because the loop had too few samples to call it settled.
  const unsettled = typeof r.cv === 'number' && r.cv <= rule.maxCv
    ? ` (before the ${rule.minSamples} samples it needs to call the spread settled)`
    : ` (the CV never fell under ${pct(rule.maxCv)})`;
  switch (r.stoppedBy) {
    case 'converged':
      return `converged: the CV fell under ${pct(rule.maxCv)} after ${plural(r.samples, 'sample')}`;
    case 'max-samples':
      return `stopped at the ${rule.maxSamples}-sample limit${cv}${unsettled}`;
    case 'time-cap':
      return `stopped by the ${duration(rule.timeCapMs)} time cap after ${plural(r.samples, 'sample')}${cv}${unsettled}`;
    default:
      return undefined;
  }
}

/** Judges one measurement. A result without a measurement (a failed run) has nothing to judge and is reliable by this measure. */
export function judgeReliability(r: Sampled): Reliability {
  const stopped = stopText(r);
  // Files from elsewhere may lack either figure: nothing to judge then.
  if (!(r.samples > 0) || typeof r.cv !== 'number') return { reliable: true, noisy: false, few: false, problems: [], stopped, advice: undefined };
  const noisy = r.cv > NOISY_CV;
  const few = r.samples < MIN_SAMPLES;
  const problems = [
    ...(noisy ? [`CV ${overPct(r.cv, NOISY_CV)} is over ${pct(NOISY_CV)}: the samples spread too widely for their median to be trusted`] : []),
    ...(few ? [`only ${plural(r.samples, 'sample')} (fewer than ${MIN_SAMPLES}): too few for the median or the CV to mean much`] : []),
  ];
  if (problems.length === 0) return { reliable: true, noisy, few, problems, stopped, advice: undefined };
  const advice: string[] = [];
  // Few samples means each one was long: the cap ran out, not the patience of the loop.
  const sampleMs = r.medianMs && r.repsPerSample ? r.medianMs * r.repsPerSample : undefined;
  const onlyAFew = `${sampleMs ? `Each sample took about ${duration(sampleMs)}, so only` : 'Only'} a few fit in the time`;
  const quiet = 'close other work on the GPU (on a software adapter, the CPU)';
  if (few && noisy) {
    // Opposite size advice would cancel out (a smaller size fits more samples, a larger one steadies each):
    // more time at the same size serves both.
    advice.push(`${onlyAFew}, and they spread widely: keep the size, ${quiet}, and run it again with more time (a median that holds over two runs can be trusted more)`);
  } else if (few) {
    advice.push(`${onlyAFew}: give it more time by running it again (a median that holds over two runs can be trusted more), or pick a smaller size so that more samples fit in the cap`);
  } else {
    advice.push(`Try a larger size, so that each sample lasts long next to the timer's and the scheduler's jitter, ${quiet}, and run again`);
  }
  return { reliable: false, noisy, few, problems, stopped, advice: `${advice.join('. ')}.` };
}

/** The spread and size of one measurement; either may be missing in older or foreign results. */
export interface Spread {
  readonly cv?: number | null | undefined;
  readonly samples?: number | null | undefined;
}

/**
 * The relative standard error of a median: about 1.25·CV/√n for n samples
 * (1.2533 for normal samples). Without a count, the CV itself, which is what
 * the error of a single sample would be: the cautious side.
 */
export function medianError(m: Spread): number {
  const cv = typeof m.cv === 'number' && Number.isFinite(m.cv) ? m.cv : 0;
  return typeof m.samples === 'number' && m.samples > 0 ? (1.2533 * cv) / Math.sqrt(m.samples) : cv;
}

/**
 * How far apart two medians must be to differ: twice their combined standard
 * error (about 95% confidence, with room for samples that are not independent,
 * as on a CPU adapter), never less than NOISE_FLOOR. So three samples at CV
 * 36% cannot tell 1.7× apart, while 86 samples at CV 130% still see a 3× gap.
 */
export function relativeNoise(a: Spread, b: Spread): number {
  return Math.max(NOISE_FLOOR, 2 * Math.hypot(medianError(a), medianError(b)));
}

/** A speed-up at three significant digits, whole past 1000 ("1.85", "43,200,000"), never an exponent. */
export function formatFactor(factor: number): string {
  return factor >= 999.5 ? Math.round(factor).toLocaleString('en-US') : factor.toPrecision(3);
}

/**
 * Which side of a ratio is faster, in words: `ratio` is a's speed over b's
 * (a's throughput over b's, or b's time over a's). "here is 2.10× faster than
 * there", never a bare "×0.48". With `noise`, a gap inside it says so.
 */
export function speedComparison(ratio: number, a: string, b: string, noise?: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '—';
  const factor = ratio >= 1 ? ratio : 1 / ratio;
  const shown = formatFactor(factor);
  const within = noise !== undefined && Math.abs(ratio - 1) <= noise ? ` (within the noise of ±${pct(noise)})` : '';
  if (shown === '1.00') return `${a} and ${b} are the same speed${within}`;
  return `${ratio >= 1 ? a : b} is ${shown}× faster than ${ratio >= 1 ? b : a}${within}`;
}
