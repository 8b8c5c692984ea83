/**
 * One record per measured run. The page's history, its JSON export and the
 * headless runner all use this shape, so results from anywhere compare.
 */
import type { DeviceInfo } from '../../gpu/device';
import type { TimingMethod } from '../../gpu/timestamps';
import type { RunFigure } from '../../kernels/spec';
import type { CheckResult, ElementMismatch, Unwritten } from './check';
import type { Measurement, StopReason, StopRule } from './measure';

export interface RunRecord {
  readonly kernel: string;
  readonly title: string;
  readonly sourceHash: string;
  /** True when the source is the library's own, unedited. */
  readonly librarySource: boolean;
  /** Your own kernels: a fingerprint of the WGSL, sidecar and reference together (a new reference is a new version). */
  readonly filesHash?: string;
  /**
   * The WGSL that ran, so the run can be reopened ("Open this run"); for your
   * own kernels also the sidecar and the reference module's text. Absent in
   * records saved before they were kept.
   */
  readonly wgsl?: string;
  readonly sidecar?: string;
  readonly referenceModule?: string;
  /** Input buffers fed from loaded data: which file and column, how many rows, and what its nulls became (when it had any). Absent when every input was random. */
  readonly data?: readonly { readonly buffer: string; readonly file: string; readonly column: string; readonly rows: number; readonly nulls?: { readonly fill: number } }[];
  /** With `data`: the input buffers that started from seeded random values instead (empty when data fed them all). */
  readonly randomInputs?: readonly string[];
  readonly params: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
  readonly device: DeviceInfo;
  readonly timing: TimingMethod;
  /** How it was timed, in words: for people. Programs read `timing`, `repsPerSample`, `dispatchesPerRep` and `bufferSets`. */
  readonly timingNote: string;
  readonly repsPerSample: number;
  /**
   * Dispatches in one repetition (the kernel's passes), and copies of the
   * buffers cycled through while timing (1: no rotation). Absent in records
   * saved before they were kept, and in the TF.js peer's, which times whole
   * tf.matMul calls.
   */
  readonly dispatchesPerRep?: number;
  readonly bufferSets?: number;
  readonly samples: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly p90Ms: number;
  readonly cv: number;
  readonly stoppedBy: StopReason;
  /**
   * The limits the measuring loop ran under, so the page can say why it stopped
   * ("the 2 s time cap after 3 samples"). Absent in records saved before it was
   * kept: those ran under DEFAULT_MEASURE unless a suite asked for less.
   */
  readonly sampling?: StopRule;
  /** From the cost model, per repetition. */
  readonly flops: number;
  readonly bytes: number;
  readonly gflops: number;
  readonly gbps: number;
  /** FLOPs per byte of minimum traffic. */
  readonly intensity: number;
  readonly correct: boolean;
  /** False for a custom kernel without a reference: outputs were only checked to be written and finite. */
  readonly compared: boolean;
  readonly relError: number;
  /** What the tolerance applies to (see check.ts); absent in records saved before it existed. */
  readonly scaledError?: number;
  readonly maxAbsError: number;
  readonly tolerance: number;
  readonly nonFinite: number;
  readonly worst?: ElementMismatch;
  /** The first output value two check runs from different poisons disagree on (never written, or read before written). */
  readonly unwritten?: Unwritten;
  /** Why the check failed, where a layout or the kernel's behaviour explains it (padding, in-place reads, state kept between runs). */
  readonly hint?: string;
  /** Set when the check after timing, on fresh inputs, failed although the first check passed. */
  readonly recheck?: { readonly correct: false; readonly seed: number; readonly scaledError: number; readonly nonFinite: number; readonly worst?: ElementMismatch };
  /** The kernel's own figures beyond check and throughput (quantization's error, tokens/s); absent for kernels without any. */
  readonly figures?: readonly RunFigure[];
  readonly seed: number;
  /** ISO 8601. */
  readonly time: string;
  /** Set for runs made by a suite (calibration, a sweep), not by the user's Run. */
  readonly suite?: string;
}

/** How a kernel run was timed, as values. */
export interface TimingFacts {
  readonly timing: TimingMethod;
  readonly repsPerSample: number;
  readonly dispatchesPerRep: number;
  readonly bufferSets: number;
}

/** The timing facts in words, for the record's `timingNote`. */
export function timingNote(t: TimingFacts): string {
  const { repsPerSample: reps, dispatchesPerRep: passes, bufferSets: sets } = t;
  const rotation = sets > 1 ? `, cycling through ${sets} copies of the buffers so caches cannot answer` : '';
  const per = `${reps} repetition${reps === 1 ? '' : 's'}${passes > 1 ? ` of ${passes} dispatches` : ''} per sample${rotation}`;
  return t.timing === 'timestamp-query'
    ? `GPU timestamps at compute-pass boundaries, ${per}; time per repetition`
    : `wall clock around submit and onSubmittedWorkDone (no timestamp-query), ${per}; includes submission latency`;
}

export interface Throughput {
  readonly gflops: number;
  readonly gbps: number;
  readonly intensity: number;
}

/** Throughput from the cost model and the median time; zero when time is not measurable. */
export function throughput(flops: number, bytes: number, medianMs: number): Throughput {
  const seconds = medianMs / 1e3;
  return {
    gflops: seconds > 0 ? flops / seconds / 1e9 : 0,
    gbps: seconds > 0 ? bytes / seconds / 1e9 : 0,
    intensity: bytes > 0 ? flops / bytes : 0,
  };
}

/** The fields of a record that a measurement fills in. */
export function measurementFields(m: Measurement, flops: number, bytes: number) {
  return {
    repsPerSample: m.reps,
    samples: m.stats.count,
    medianMs: m.stats.medianMs,
    minMs: m.stats.minMs,
    p90Ms: m.stats.p90Ms,
    cv: m.stats.cv,
    stoppedBy: m.stoppedBy,
    sampling: m.rule,
    flops,
    bytes,
    ...throughput(flops, bytes, m.stats.medianMs),
  };
}

/** The fields of a record that a correctness check fills in. */
export function checkFields(check: CheckResult) {
  return {
    correct: check.correct,
    compared: check.compared,
    relError: check.relError,
    scaledError: check.scaledError,
    maxAbsError: check.maxAbsError,
    tolerance: check.tolerance,
    nonFinite: check.nonFinite,
    ...(check.worst ? { worst: check.worst } : {}),
    ...(check.unwritten ? { unwritten: check.unwritten } : {}),
    ...(check.hint ? { hint: check.hint } : {}),
  };
}
