/**
 * The pump lesson as a suite: a table written as Parquet (Zstd) with one row
 * group per batch, its f32 column streamed through the pump (pump.ts) at
 * prefetch depths 0, 1, 2 and 4, with both ways of uploading, each run
 * `repeats` times (the run with the median wall time is kept, timeline and
 * all; every run's sums are checked).
 *
 * The kernel must be slower than decoding, or no pipeline can keep the GPU
 * busy and the lesson shows nothing. Unless K is given, it is calibrated: a
 * synchronous probe over the first batches measures decode, upload and
 * compute per batch, and K is scaled until a batch computes for `slowdown`
 * times its decode and upload, within a quarter (at most four steps: a
 * batch's time is a fixed cost plus K's share, so one step rarely lands).
 *
 * No Node APIs: the page can run it as the runner's page does.
 */
import type { ParquetWasm } from '../../data/parquet';
import type { SizePreset } from '../../kernels/spec';
import { parquetColumnBatches, type ColumnBatches } from '../../data/parquet-batches';
import { summarize, type Stats } from '../run/stats';
import { ONE_COLUMN, formatsParquet, formatsTable, type ParquetWriterWasm } from './formats-table';
import { runPump, UPLOAD_MODES, type PumpRun, type UploadMode } from './pump';

export const PUMP_DEPTHS: readonly number[] = [0, 1, 2, 4];
/** The most FMAs per value K is calibrated to. */
export const MAX_K = 1 << 20;
const PROBE_K = 64;

/** Rows and rows per batch (one Parquet row group each) per size preset. */
export const PUMP_SIZES: Readonly<Record<SizePreset, { readonly rows: number; readonly batchRows: number }>> = {
  small: { rows: 1 << 17, batchRows: 1 << 14 },
  medium: { rows: 1 << 21, batchRows: 1 << 17 },
  large: { rows: 1 << 23, batchRows: 1 << 18 },
};

/** The preset's batch size, smaller for a table of few rows so that it still makes at least 8 batches. */
export const pumpBatchRows = (size: SizePreset, rows: number): number => Math.max(1, Math.min(PUMP_SIZES[size].batchRows, Math.ceil(rows / 8)));

export interface PumpSuiteOptions {
  readonly rows: number;
  readonly batchRows: number;
  readonly depths?: readonly number[];
  readonly uploads?: readonly UploadMode[];
  /** FMAs per value; calibrated when absent. */
  readonly k?: number;
  /** How many times a batch's decode and upload its compute should take, when K is calibrated (default 2). */
  readonly slowdown?: number;
  /** Runs per depth and upload mode (default 3). */
  readonly repeats?: number;
  readonly seed?: number;
  readonly onProgress?: (text: string) => void;
}

export interface PumpReport {
  readonly rows: number;
  readonly batchRows: number;
  readonly batches: number;
  readonly column: string;
  readonly fileBytes: number;
  readonly k: number;
  readonly kFrom: 'given' | 'calibrated';
  readonly slowdown: number;
  /** A synchronous run over the first batches at the chosen K: per-batch medians, ms. */
  readonly probe: { readonly decodeMs: number; readonly uploadMs: number; readonly computeMs: number };
  readonly repeats: number;
  /** The median run of each upload mode and depth, in that order. */
  readonly runs: readonly PumpRun[];
  /** Each one's wall times over its repeats, ms. */
  readonly wallMs: readonly Stats[];
  /** Every run's sums matched the reference. */
  readonly correct: boolean;
  readonly problem?: string;
}

const probe = async (device: GPUDevice, source: ColumnBatches, k: number): Promise<PumpRun> =>
  runPump(device, source, { depth: 0, upload: 'mapped', k, batches: Math.min(4, source.batches) });

/** A batch computes for `slowdown` times its decode and upload, give or take a quarter. */
const onTarget = (run: PumpRun, slowdown: number): boolean => {
  const ratio = run.computeMs / (slowdown * (run.decodeMs + run.uploadMs));
  return ratio >= 0.8 && ratio <= 1.25;
};

/** K scaled so that a batch computes for `slowdown` times its decode and upload. */
function scaledK(run: PumpRun, slowdown: number): number {
  const target = slowdown * (run.decodeMs + run.uploadMs);
  const k = Math.round(run.k * (target / Math.max(run.computeMs, 1e-3)));
  return Math.min(MAX_K, Math.max(1, k));
}

/**
 * Writes the table, calibrates K if needed and runs the pump at every depth and upload mode.
 * @param pq parquet-wasm, reading and writing
 * @throws RangeError for sizes that are not positive whole numbers; KernelLabError from the GPU
 */
export async function measurePump(device: GPUDevice, pq: ParquetWasm & ParquetWriterWasm, options: PumpSuiteOptions): Promise<PumpReport> {
  const { rows, batchRows } = options;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new RangeError(`Rows per batch must be a positive whole number, not ${batchRows}.`);
  const slowdown = options.slowdown ?? 2;
  const repeats = Math.max(1, options.repeats ?? 3);
  options.onProgress?.(`writing ${rows.toLocaleString('en-US')} rows as Parquet (Zstd) in batches of ${batchRows.toLocaleString('en-US')}`);
  const table = formatsTable(rows, options.seed ?? 12, ['id', 'price', ONE_COLUMN, 'noise01']);
  const bytes = formatsParquet(table, 'zstd', pq, batchRows);
  const source = await parquetColumnBatches(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'pump.parquet', ONE_COLUMN, pq);
  try {
    let k = options.k ?? PROBE_K;
    let sample = await probe(device, source, k);
    if (options.k === undefined) {
      for (let step = 0; step < 4 && !onTarget(sample, slowdown); step++) {
        options.onProgress?.(`calibrating K (K = ${k}: decode ${sample.decodeMs.toFixed(2)} ms, compute ${sample.computeMs.toFixed(2)} ms per batch)`);
        const next = scaledK(sample, slowdown);
        if (next === k) break;
        k = next;
        sample = await probe(device, source, k);
      }
    }
    const runs: PumpRun[] = [];
    const wallMs: Stats[] = [];
    let problem: string | undefined;
    for (const upload of options.uploads ?? UPLOAD_MODES) {
      for (const depth of options.depths ?? PUMP_DEPTHS) {
        const tries: PumpRun[] = [];
        for (let r = 0; r < repeats; r++) {
          options.onProgress?.(`${upload}, depth ${depth}: run ${r + 1} of ${repeats}`);
          const run = await runPump(device, source, { depth, upload, k });
          if (!run.check.correct) problem ??= `${upload}, depth ${depth}: ${run.check.problem}`;
          tries.push(run);
        }
        runs.push(tries.toSorted((a, b) => a.wallMs - b.wallMs)[Math.floor((tries.length - 1) / 2)]!);
        wallMs.push(summarize(tries.map((t) => t.wallMs)));
      }
    }
    return {
      rows, batchRows, batches: source.batches, column: ONE_COLUMN, fileBytes: bytes.length,
      k, kFrom: options.k === undefined ? 'calibrated' : 'given', slowdown,
      probe: { decodeMs: sample.decodeMs, uploadMs: sample.uploadMs, computeMs: sample.computeMs },
      repeats, runs, wallMs,
      correct: problem === undefined,
      ...(problem ? { problem } : {}),
    };
  } finally {
    source.close();
  }
}
