/**
 * What the headless runner (Node) and its page (the built app opened with
 * `?runner`) say to each other through Playwright. Plain JSON both ways.
 */
import type { MeasureOptions } from '../bench/run/measure';
import type { ResultEntry, SimulationEntry } from '../bench/results/schema';
import type { PolicySummary } from '../kv/simulate';
import type { TraceRequest } from '../kv/trace';
import type { MeasuredCeilings } from '../bench/suites/calibrate';
import type { FormatsReport } from '../bench/suites/formats';
import type { ParquetColumnReading } from '../bench/suites/parquet-column';
import type { PumpReport } from '../bench/suites/pump-suite';
import type { SweepKind } from '../bench/suites/sweeps';
import type { SweepPoint } from '../bench/suites/sweep-points';
import type { DeviceInfo } from '../gpu/device';
import type { SizePreset } from '../kernels/spec';
import type { CompileMessage } from '../gpu/errors';
import type { CellReport } from '../notebooks/headless';

export interface CustomKernelFiles {
  readonly name: string;
  /** The sidecar's file name, for messages. */
  readonly file: string;
  readonly wgsl: string;
  readonly sidecar: unknown;
  /** The reference as JavaScript module text (TypeScript is transpiled by the runner). */
  readonly referenceCode?: string;
  /** The reference's file name as the sidecar gives it, for messages. */
  readonly referenceFile?: string;
}

/** Measuring options a caller may set; the page supplies the rest. */
export type Timing = Partial<Omit<MeasureOptions, 'signal' | 'onProgress' | 'now'>>;

/**
 * An input buffer fed from a data file's column (--data): the runner decoded it in Node and serves the
 * buffer's values, as raw little-endian bytes of `kind`, at `url` (same origin as the page).
 */
export interface DataFeed {
  readonly buffer: string;
  readonly file: string;
  readonly column: string;
  readonly rows: number;
  readonly kind: 'f32' | 'i32' | 'u32';
  /** What the column's nulls became (--fill), when it had any. */
  readonly nulls?: { readonly fill: number };
  readonly url: string;
}

/** Where the runner serves data to its page: DATA_PATH + a number. */
export const DATA_PATH = '/__kernel-lab-data/';

export interface RunnerRequest {
  /** A library id; ignored when `custom` is given. */
  readonly kernel: string;
  readonly custom?: CustomKernelFiles;
  readonly params: Readonly<Record<string, number>>;
  readonly constants?: Readonly<Record<string, number>>;
  readonly timing?: Timing;
  readonly data?: readonly DataFeed[];
}

export type RunnerReply =
  | { readonly ok: true; readonly entry: ResultEntry; readonly notes: readonly string[] }
  | { readonly ok: false; readonly entry: ResultEntry; readonly kind: string; readonly message: string; readonly messages: readonly CompileMessage[] };

export type DeviceReply = { readonly ok: true; readonly device: DeviceInfo } | { readonly ok: false; readonly message: string };

export type CalibrationReply =
  | { readonly ok: true; readonly ceilings: MeasuredCeilings; readonly entries: readonly ResultEntry[]; readonly copyVsDriver: number | null }
  | { readonly ok: false; readonly message: string };

/** A sweep point's facts (sweepPoint) with the result the runner keeps. */
export interface SweepPointReply extends SweepPoint {
  readonly entry?: ResultEntry;
}

export type SweepReply = { readonly ok: true; readonly points: readonly SweepPointReply[] } | { readonly ok: false; readonly message: string };

/** `--suite formats`: the table's rows, and the rows of the Parquet-to-f32 comparison with hyparquet. */
export interface FormatsRequest {
  readonly rows: number;
  readonly columnRows: number;
  readonly samples?: number;
}

export type FormatsReply =
  | { readonly ok: true; readonly report: FormatsReport; readonly column: readonly ParquetColumnReading[]; readonly entries: readonly ResultEntry[] }
  | { readonly ok: false; readonly message: string };

/** `--suite pump`. */
export interface PumpRequest {
  readonly rows: number;
  readonly batchRows: number;
  readonly k?: number;
  readonly repeats?: number;
}

export type PumpReply = { readonly ok: true; readonly report: PumpReport; readonly entries: readonly ResultEntry[] } | { readonly ok: false; readonly message: string };

/** `--simulate kv`: the trace (read and checked in Node), the budget and the block size. */
export interface SimulateRequest {
  readonly trace: readonly TraceRequest[];
  readonly traceName: string;
  readonly kvMib: number;
  readonly budgetTokens: number;
  readonly blockSize: number;
  readonly maxLength: number;
}

export type SimulateReply =
  | { readonly ok: true; readonly summaries: readonly Omit<PolicySummary, 'series'>[]; readonly simulation: readonly SimulationEntry[]; readonly entries: readonly ResultEntry[] }
  | { readonly ok: false; readonly message: string; readonly entries: readonly ResultEntry[] };
/** `--notebook`: a lesson file's text, run cell by cell in the page. */
export interface NotebookRequest {
  readonly text: string;
  /** For messages and the lesson's id. */
  readonly file: string;
  readonly size: SizePreset;
}

export type NotebookReply = { readonly ok: true; readonly cells: readonly CellReport[] } | { readonly ok: false; readonly message: string };

/**
 * The harness's methods, offered on `window[RUNNER_GLOBAL]`: the one contract
 * both sides compile against. The page implements it (harness.ts); Node calls
 * it through `RunnerCall`, so arguments and replies are checked end to end.
 */
export interface RunnerApi {
  device(): DeviceReply;
  run(request: RunnerRequest): Promise<RunnerReply>;
  calibrate(size: SizePreset, timing?: Timing): Promise<CalibrationReply>;
  sweep(kind: SweepKind, size: SizePreset, timing?: Timing): Promise<SweepReply>;
  /** TF.js's WebGPU matMul at these M, N, K (kernel `peer/tfjs-matmul`). */
  peer(params: Readonly<Record<string, number>>, timing?: Timing): Promise<RunnerReply>;
  /** The formats suite and the Parquet-to-f32 comparison with hyparquet (entries with suite `formats`). */
  formats(request: FormatsRequest): Promise<FormatsReply>;
  /** The pump at prefetch depths 0, 1, 2, 4 (entries with suite `pump`). */
  pump(request: PumpRequest): Promise<PumpReply>;
  /** The serving simulation, both policies (entries with suite `simulation:kv` for the step-time measurements). */
  simulate(request: SimulateRequest): Promise<SimulateReply>;
  /** Every cell of a lesson, as a teacher checks it (notebooks/headless.ts). */
  notebook(request: NotebookRequest): Promise<NotebookReply>;
}

export type RunnerMethod = keyof RunnerApi;
export type RunnerArgs<M extends RunnerMethod> = Parameters<RunnerApi[M]>;
/** A method's reply as Node receives it: every call crosses the page boundary asynchronously. */
export type RunnerResult<M extends RunnerMethod> = Awaited<ReturnType<RunnerApi[M]>>;
/** Calling a harness method from Node. */
export type RunnerCall = <M extends RunnerMethod>(method: M, ...args: RunnerArgs<M>) => Promise<RunnerResult<M>>;

/** Names on `window`, shared by both sides. */
export const RUNNER_GLOBAL = 'kernelLabRunner';
export const PROGRESS_GLOBAL = 'kernelLabProgress';

declare global {
  interface Window {
    [RUNNER_GLOBAL]?: RunnerApi;
    [PROGRESS_GLOBAL]?: (text: string) => void;
  }
}
