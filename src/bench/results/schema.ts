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
import type { PumpBatchTimes } from '../suites/pump';
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
  /** The kernel's own figures (quant/*: `quantError`, `tokensPerS`): name, label, value (null when not finite), unit, note. */
  readonly figures?: readonly { readonly name: string; readonly label: string; readonly value: number | null; readonly unit: string; readonly note: string }[];
  readonly seed: number | null;
  readonly time: string;
  /** Set for runs made by a suite: "calibration", "sweep:intensity", … */
  readonly suite?: string;
  /** Present when the run failed (did not compile, too big, …): its kind and message, and for some kinds the facts behind them. */
  readonly error?: Failure;
  /** Suite `formats`: how one file was read (the timing fields hold the load and decode time together). */
  readonly format?: FormatFacts;
  /** Suite `pump`: one run of the pump at one prefetch depth (the timing fields hold its wall time). */
  readonly pump?: PumpFacts;
}

/** One way of reading one file in the formats suite. Times in ms (medians), rates per second of those medians. */
export interface FormatFacts {
  /** `csv`, `arrow-ipc`, `parquet-uncompressed`, `parquet-snappy` or `parquet-zstd`. */
  readonly format: string;
  /** Whose code read it: `kernel-lab`, or `hyparquet` beside it. */
  readonly reader: string;
  readonly fileBytes: number;
  /** Bytes read from the file (its footer and the chunks asked for, when reading some Parquet columns); absent where not counted. */
  readonly bytesRead?: number;
  readonly rows: number;
  readonly columnsRead: number;
  readonly columnsInFile: number;
  /** Reading the bytes, and decoding them to Arrow; absent where the two interleave (reading some Parquet columns). */
  readonly loadMs?: number;
  readonly decodeMs?: number;
  /** Bytes read per second (MB = 10⁶ bytes; absent where bytes read are not counted), and rows per second. */
  readonly mbPerS?: number;
  readonly rowsPerS: number;
  /** One Parquet column: all columns' median time over this one's. */
  readonly oneColumnSpeedup?: number;
  /** Our f32-column reading: hyparquet's median time over ours (above 1: ours is faster). */
  readonly vsHyparquet?: number;
  /** Where the decoded values differ from the generated ones, when they do. */
  readonly problem?: string;
}

/** One run of the pump. Times in ms on the run's clock. */
export interface PumpFacts {
  readonly depth: number;
  /** `mapped` (a ring of MAP_WRITE staging buffers) or `write-buffer` (queue.writeBuffer). */
  readonly upload: string;
  readonly batches: number;
  readonly batchRows: number;
  readonly rows: number;
  /** FMAs per value, and whether it was calibrated to outlast decoding or given. */
  readonly k: number;
  readonly kFrom: string;
  readonly rowsPerS: number;
  /** 1 − (time in the batches' compute passes) / (first pass's start to last pass's end). */
  readonly gpuIdleShare: number;
  /** `timestamp-query` or `wall-clock`: how compute start and end were found. */
  readonly idleFrom: string;
  readonly gpuBusyMs: number;
  readonly gpuSpanMs: number;
  /** Per-batch medians. */
  readonly decodeMs: number;
  readonly uploadMs: number;
  readonly computeMs: number;
  /** Every batch: decode, upload and compute start and end, and when it was submitted. */
  readonly timeline: readonly PumpBatchTimes[];
  /** Where a batch's sums first missed the reference, when one did. */
  readonly problem?: string;
}

/**
 * Where the runner measured (absent in the page's exports and older files): what merging the files of many
 * machines needs. The CSV, Arrow and Parquet files repeat `backend`, `host`, `adapter`, `driver` and `runtime`
 * on every row, so that per-machine files can be concatenated and grouped.
 */
export interface RunEnvironment {
  /** `browser`: Chromium showing the built app; `dawn`: Dawn (the `webgpu` package) in Node. */
  readonly backend: 'browser' | 'dawn';
  /** The machine's host name. */
  readonly host: string;
  /** The adapter's name: vendor and architecture (`nvidia hopper`), or its description when those are withheld. */
  readonly adapter: string;
  /** The adapter's description, which carries the driver where the implementation reports it (Dawn: `SwiftShader driver 5.0.0`); empty when withheld. */
  readonly driver: string;
  /** What ran WebGPU: `Chromium 156.0.7588.0`, or `Dawn (webgpu 0.6.2) on Node v20.20.0`. */
  readonly runtime: string;
  /** The `webgpu` package's version, for the Dawn backend. */
  readonly dawnVersion?: string;
  /** `linux-x64`, … */
  readonly platform: string;
}

/** The environment's fields repeated on every row of the runner's CSV, Arrow and Parquet files (so per-machine files concatenate). */
export const ENVIRONMENT_COLUMNS = ['backend', 'host', 'adapter', 'driver', 'runtime'] as const satisfies readonly (keyof RunEnvironment)[];

/**
 * One policy of the serving simulation (`--simulate kv`, or the page's "Serving: paged KV cache"):
 * a trace served on a KV budget, step times measured on the file's device. See src/kv/simulate.ts.
 */
export interface SimulationEntry {
  /** `reserved` (static batching, maximum length reserved per request) or `paged` (continuous batching on the paged cache). */
  readonly policy: string;
  /** Output tokens per simulated second, first arrival to last finish. */
  readonly tokensPerS: number;
  /** Share of the KV budget holding tokens, time-averaged over the steps that began with a request waiting (over all steps when none did: memoryBoundS 0). */
  readonly kvUtilization: number;
  /** Sequences running at once: most, and time-averaged as kvUtilization is. */
  readonly maxConcurrent: number;
  readonly meanConcurrent: number;
  /** Time to first token (arrival to first token) and time per output token, medians and 90th percentiles, ms. */
  readonly ttftP50Ms: number;
  readonly ttftP90Ms: number;
  readonly tpotP50Ms: number;
  readonly tpotP90Ms: number;
  /** Simulated seconds in all, and with a request waiting. */
  readonly simulatedS: number;
  readonly memoryBoundS: number;
  readonly requests: number;
  readonly outputTokens: number;
  readonly preemptions: number;
  /** The trace file, the budget (MiB and token slots) and the paged block size. */
  readonly trace: string;
  readonly kvMib: number;
  readonly budgetTokens: number;
  readonly blockSize: number;
  /** The kernel each step was timed with. */
  readonly stepKernel: string;
}

export interface ResultsFile {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly generatedBy: string;
  readonly generatedAt: string;
  readonly device: DeviceInfo;
  readonly environment?: RunEnvironment;
  readonly ceilings?: Ceilings;
  readonly results: readonly ResultEntry[];
  /** The serving simulation, one entry per policy; absent when none ran. */
  readonly simulation?: readonly SimulationEntry[];
}
