/**
 * Autotuning: for one kernel, one device and one shape, try every allowed
 * combination of its `override` constants that fits the device's limits,
 * measure each briefly, then measure the best few and the defaults properly
 * and keep the winner. Only correct runs can win, and a winner is compared
 * with the defaults only by the same kind of measurement (both re-measured):
 * a quick number beside a confirmed one once crowned a slower winner.
 */
import type { DeviceInfo } from '../../gpu/device';
import { KernelLabError, messageOf } from '../../gpu/errors';
import { defaultConstants, type KernelSpec, type Params, type SizePreset } from '../../kernels/spec';
import type { MeasureOptions } from '../run/measure';
import { inspectKernel } from '../run/prepare';
import type { RunRecord } from '../run/record';
import { freshSeed } from '../../kernels/random';
import { referenceHere, rememberLast, type ReferenceCompute } from '../run/reference';
import { planWithinLimits, runKernel, type RunOptions, type RunProgress } from '../run/run';
import { judgeTuning, pickFinalists, type TunedCandidate, type TuneVerdict } from './tune-verdict';

export type { TunedCandidate, TuneVerdict } from './tune-verdict';
export { constantsToApply } from './tune-verdict';

/** The size class a tuned winner is kept under: one of the presets' classes. */
export type ShapeClass = SizePreset;

/** Winners are kept per size class of problem: by its largest dimension. */
export function shapeClass(params: Params): ShapeClass {
  const largest = Math.max(...Object.values(params));
  return largest <= 256 ? 'small' : largest <= 1024 ? 'medium' : 'large';
}

export const MAX_CANDIDATES = 64;

/**
 * Every combination of the allowed constant values that the device can run, the baseline first: the values
 * the code runs with now (the spec's defaults unless `baseline` says otherwise; a value the code sets outside
 * the allowed list is tried too, since it is what runs).
 */
export function tuneCandidates(spec: KernelSpec, params: Params, limits: Readonly<Record<string, number | undefined>>, source = spec.source, baseline: Readonly<Record<string, number>> = defaultConstants(spec)): Record<string, number>[] {
  let combos: Record<string, number>[] = [{}];
  for (const c of spec.constants) {
    const first = baseline[c.name] ?? c.default;
    const values = [first, ...(c.allowed ?? [c.default]).filter((v) => v !== first)];
    combos = combos.flatMap((combo) => values.map((v) => ({ ...combo, [c.name]: v })));
  }
  return combos
    .filter((constants) => {
      try {
        planWithinLimits(limits, spec, inspectKernel(spec, source, constants), params);
        return true;
      } catch {
        return false;
      }
    })
    .slice(0, MAX_CANDIDATES);
}

export interface TuneResult {
  readonly kernel: string;
  readonly params: Params;
  readonly shapeClass: ShapeClass;
  readonly unit: 'GFLOP/s' | 'GB/s';
  /** Every candidate's quick measurement, in search order. */
  readonly candidates: readonly TunedCandidate[];
  /** The winner: the fastest correct finalist after re-measuring with the full measuring loop. */
  readonly best: TunedCandidate;
  readonly at: string;
  // verdict, defaults, defaultsProblem and noise (Judgement) and confirmed are
  // absent in results saved by versions that set a confirmed winner beside the
  // defaults' quick number; the panel says so instead of comparing.
  readonly verdict?: TuneVerdict;
  readonly defaults?: TunedCandidate;
  readonly defaultsProblem?: string;
  readonly noise?: number;
  /** Every finalist's full measurement, in the order measured. */
  readonly confirmed?: readonly TunedCandidate[];
}

export interface TuneProgress {
  readonly index: number;
  readonly total: number;
  readonly stage: 'search' | 'confirm';
  readonly constants: Readonly<Record<string, number>>;
  readonly run?: RunProgress;
}

export interface TuneOptions {
  readonly source?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TuneProgress) => void;
  /** Timing of the quick search runs (the finalists get the full loop). */
  readonly searchTiming?: Partial<Omit<MeasureOptions, 'signal' | 'onProgress'>>;
  readonly confirmTiming?: Partial<Omit<MeasureOptions, 'signal' | 'onProgress'>>;
  readonly finalists?: number;
  readonly reference?: ReferenceCompute;
  /** Runs one candidate; runKernel by default. Tests pass a fake with chosen speeds. */
  readonly runCandidate?: CandidateRunner;
  /** The constants the code runs with now, which every other candidate is judged against (default: the spec's defaults). */
  readonly baseline?: Readonly<Record<string, number>>;
}

/** What autotuning needs of a run: the record's figures. */
export type CandidateRunner = (options: RunOptions) => Promise<{ record: Pick<RunRecord, 'gflops' | 'gbps' | 'medianMs' | 'cv' | 'samples' | 'correct'> }>;

const QUICK = { warmup: 1, minSamples: 5, maxSamples: 30, timeCapMs: 400 };

export async function autotune(device: GPUDevice, info: DeviceInfo, spec: KernelSpec, params: Params, options: TuneOptions = {}): Promise<TuneResult> {
  const source = options.source ?? spec.source;
  // Every candidate sees the same inputs, so the reference is computed once per shape, not per candidate.
  const seed = freshSeed();
  const reference = rememberLast(options.reference ?? referenceHere, seed);
  const unit = spec.cost.flops === 0 ? 'GB/s' : 'GFLOP/s';
  const score = (r: Pick<RunRecord, 'gflops' | 'gbps'>): number => (unit === 'GB/s' ? r.gbps : r.gflops);
  const run: CandidateRunner = options.runCandidate ?? ((o) => runKernel(device, info, spec, o));
  const measureOne = async (constants: Record<string, number>, stage: TuneProgress['stage'], index: number, total: number, timing: TuneOptions['searchTiming']): Promise<TunedCandidate> => {
    const progress = (p?: RunProgress): void => options.onProgress?.({ index, total, stage, constants, ...(p ? { run: p } : {}) });
    progress();
    try {
      const { record } = await run({
        source, params, constants, seed, reference,
        ...(timing ? { timing } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: progress,
      });
      return { constants, throughput: score(record), medianMs: record.medianMs, cv: record.cv, samples: record.samples, correct: record.correct };
    } catch (e) {
      if (e instanceof KernelLabError && e.kind === 'cancelled') throw e;
      return { constants, error: messageOf(e) };
    }
  };

  const defaults = { ...defaultConstants(spec), ...options.baseline };
  const combos = tuneCandidates(spec, params, info.limits, source, defaults);
  if (combos.length === 0) throw new KernelLabError('limit', `No combination of ${spec.id}'s constants fits this device at ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')}.`);
  const candidates: TunedCandidate[] = [];
  for (const [i, constants] of combos.entries()) candidates.push(await measureOne(constants, 'search', i, combos.length, options.searchTiming ?? QUICK));

  const finalists = pickFinalists(candidates, defaults, options.finalists ?? 3);
  if (finalists.length === 0) throw new KernelLabError('spec', `No candidate of ${spec.id} ran correctly: ${candidates.find((c) => c.error)?.error ?? 'all were incorrect'}.`);
  const confirmed: TunedCandidate[] = [];
  for (const [i, f] of finalists.entries()) confirmed.push(await measureOne({ ...f.constants }, 'confirm', i, finalists.length, options.confirmTiming));
  const judged = judgeTuning(confirmed, defaults, candidates);
  return { kernel: spec.id, params, shapeClass: shapeClass(params), unit, candidates, ...judged, confirmed, at: new Date().toISOString() };
}
