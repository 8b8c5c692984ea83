/**
 * Who won an autotuning, and by how much: the rule that keeps a slower
 * "winner" from being crowned. Pure, so it is tested with chosen numbers.
 */
import { KernelLabError } from '../../gpu/errors';
import { relativeNoise } from '../results/reliability';

export interface TunedCandidate {
  readonly constants: Readonly<Record<string, number>>;
  /** GFLOP/s, or GB/s for kernels without arithmetic. */
  readonly throughput?: number;
  readonly medianMs?: number;
  /** The measurement's spread and size; absent in results saved before they were kept. */
  readonly cv?: number;
  readonly samples?: number;
  readonly correct?: boolean;
  readonly error?: string;
}

/**
 * faster: the winner beat the defaults' re-measured throughput by more than the noise;
 * tie: it did not (or the defaults won), so there is nothing worth applying;
 * no-defaults: the defaults could not be compared (they do not fit, failed or were incorrect).
 */
export type TuneVerdict = 'faster' | 'tie' | 'no-defaults';

const sameConstants = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);


/**
 * The candidates to re-measure in full: the `count` fastest correct ones of the
 * quick search, and the defaults whatever their quick number (a quick run is
 * noisy, and the defaults are what a winner must beat).
 */
export function pickFinalists(candidates: readonly TunedCandidate[], defaults: Readonly<Record<string, number>>, count: number): TunedCandidate[] {
  const ranked = candidates.filter((c) => c.correct && c.throughput !== undefined).sort((a, b) => b.throughput! - a.throughput!);
  const top = ranked.slice(0, count);
  const d = ranked.find((c) => sameConstants(c.constants, defaults));
  return d && !top.includes(d) ? [...top, d] : top;
}

export interface Judgement {
  /** The winner: the fastest correct finalist by its full measurement. */
  readonly best: TunedCandidate;
  readonly verdict: TuneVerdict;
  /** The defaults, re-measured like the winner (absent when they could not be). */
  readonly defaults?: TunedCandidate;
  /** Why the defaults could not be compared, with verdict 'no-defaults'. */
  readonly defaultsProblem?: string;
  /** The relative gap under which winner and defaults are the same speed. */
  readonly noise?: number;
}

/**
 * The winner is the fastest correct finalist by its full measurement. It is
 * called faster only when its throughput beats the defaults' (also measured in
 * full) by more than the noise: twice the two medians' combined standard error,
 * from their CVs and sample counts, at least 5% (reliability.ts relativeNoise).
 * Otherwise it is a tie, and the defaults stay.
 */
export function judgeTuning(confirmed: readonly TunedCandidate[], defaults: Readonly<Record<string, number>>, searched: readonly TunedCandidate[] = []): Judgement {
  const ranked = confirmed.filter((c) => c.correct && c.throughput !== undefined).sort((a, b) => b.throughput! - a.throughput!);
  const best = ranked[0];
  if (!best) throw new KernelLabError('spec', `No finalist ran correctly when re-measured: ${confirmed.find((c) => c.error)?.error ?? 'all were incorrect'}.`);
  const d = confirmed.find((c) => sameConstants(c.constants, defaults));
  if (!d || !d.correct || d.throughput === undefined || d.throughput <= 0) {
    const quick = searched.find((c) => sameConstants(c.constants, defaults));
    const why = d?.error ?? quick?.error ?? (d || quick ? 'they were incorrect' : 'they do not fit this device at this shape');
    return { best, verdict: 'no-defaults', defaultsProblem: why, ...(d ? { defaults: d } : {}) };
  }
  const noise = relativeNoise(best, d);
  const gain = best.throughput! / d.throughput - 1;
  return { best, verdict: gain > noise ? 'faster' : 'tie', defaults: d, noise };
}

/**
 * The constants the panel offers to apply: the winner when it is faster, or
 * when the defaults cannot serve; nothing after a tie, and nothing for a result
 * saved before the defaults were re-measured (its comparison is not known).
 */
export function constantsToApply(r: { readonly verdict?: TuneVerdict; readonly best: TunedCandidate }): Readonly<Record<string, number>> | undefined {
  return r.verdict === 'faster' || r.verdict === 'no-defaults' ? r.best.constants : undefined;
}

