/**
 * The results file: what the headless runner writes and the page exports, so
 * either can be compared with the other (`--compare`). Field names are stable;
 * the README documents each. Non-finite numbers become null (JSON has no NaN).
 *
 * The results modules: this schema; entries.ts (records to entries); parse.ts
 * (reading a file back); compare.ts (two sets of results side by side); csv.ts
 * and columns.ts (the export formats).
 */
import type { DeviceInfo } from '../../gpu/device';
import type { Failure } from '../../gpu/errors';
import type { StopReason } from '../run/measure';
import type { Ceilings } from './roofline';

export const RESULTS_SCHEMA = 'kernel-lab/results@1';

export interface ResultEntry {
  readonly kernel: string;
  readonly params: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
  readonly timing: string | null;
  /** How it was timed, in words, for people; the facts are `timing`, `repsPerSample`, `dispatchesPerRep` and `bufferSets`. */
  readonly timingNote: string | null;
  readonly samples: number;
  readonly repsPerSample: number | null;
  /** Dispatches per repetition and buffer copies cycled through while timing; absent in older files and for the TF.js peer. */
  readonly dispatchesPerRep?: number;
  readonly bufferSets?: number;
  readonly medianMs: number | null;
  readonly minMs: number | null;
  readonly p90Ms: number | null;
  readonly cv: number | null;
  /** Why sampling stopped (converged, max-samples, time-cap); absent in files written before it was kept. */
  readonly stoppedBy?: StopReason;
  readonly flops: number | null;
  readonly bytes: number | null;
  readonly gflops: number | null;
  readonly gbps: number | null;
  readonly intensity: number | null;
  readonly roofFraction?: number | null;
  readonly correct: boolean;
  readonly compared: boolean;
  readonly relError: number | null;
  /** ‖out − ref‖₂ over the size of the summed terms: the value the tolerance applies to. */
  readonly scaledError?: number | null;
  readonly maxAbsError: number | null;
  readonly tolerance: number | null;
  readonly sourceHash: string;
  /** The WGSL that ran (and a custom kernel's sidecar and reference text), so a row can be reopened in the editor; absent in older files. */
  readonly wgsl?: string;
  readonly sidecar?: string;
  readonly referenceModule?: string;
  /** Input buffers fed from loaded data (buffer, file, column, rows); absent when every input was random. */
  readonly data?: readonly { readonly buffer: string; readonly file: string; readonly column: string; readonly rows: number }[];
  readonly seed: number | null;
  readonly time: string;
  /** Set for runs made by a suite: "calibration", "sweep:intensity", … */
  readonly suite?: string;
  /** Present when the run failed (did not compile, too big, …): its kind and message, and for some kinds the facts behind them. */
  readonly error?: Failure;
}

export interface ResultsFile {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly generatedBy: string;
  readonly generatedAt: string;
  readonly device: DeviceInfo;
  readonly ceilings?: Ceilings;
  readonly results: readonly ResultEntry[];
}
