/**
 * The data suites' measurements as results entries (`suite: 'formats'` and
 * `suite: 'pump'`), so they go into the same results files as kernel runs.
 * Their facts are in `format` and `pump` (schema.ts); the common fields hold
 * what they can: times in medianMs/minMs/p90Ms/cv, bytes streamed in bytes
 * and gbps, no FLOP figures (neither is a kernel on the roofline).
 */
import { sourceHash } from '../../kernels/hash';
import type { FormatFacts, ResultEntry } from '../results/schema';
import type { Stats } from '../run/stats';
import type { FormatsReport } from './formats';
import type { ParquetColumnReading } from './parquet-column';
import { PUMP_ITEMS, PUMP_SOURCE, PUMP_TOLERANCE, PUMP_WG } from './pump-kernel';
import type { PumpReport } from './pump-suite';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The fields every data-suite entry shares: wall-clock statistics, no FLOPs. */
function timed(stats: Stats, bytes: number, correct: boolean, time: string): Omit<ResultEntry, 'kernel' | 'params' | 'timingNote' | 'sourceHash' | 'seed' | 'suite'> {
  return {
    constants: {},
    timing: 'wall-clock',
    samples: stats.count,
    repsPerSample: 1,
    medianMs: finite(stats.medianMs),
    minMs: finite(stats.minMs),
    p90Ms: finite(stats.p90Ms),
    cv: finite(stats.cv),
    flops: null,
    bytes,
    gflops: null,
    gbps: finite(bytes / 1e6 / stats.medianMs),
    intensity: null,
    correct,
    compared: true,
    relError: correct ? 0 : null,
    scaledError: correct ? 0 : null,
    maxAbsError: correct ? 0 : null,
    tolerance: 0,
    time,
  };
}

const FORMAT_NOTE = 'performance.now() around reading the file from a Blob and decoding it to Arrow, on the page\'s thread; no GPU involved';

/** One entry per reading of the formats suite, then two per codec and source of the Parquet-to-f32 comparison (ours, then hyparquet's). */
export function formatsEntries(report: FormatsReport, column: readonly ParquetColumnReading[], time = new Date().toISOString()): ResultEntry[] {
  const readings = report.readings.map((r): ResultEntry => {
    const whole = report.readings.find((w) => w.format === r.format && w.columnsRead === r.columnsInFile);
    const facts: FormatFacts = {
      format: r.format, reader: 'kernel-lab', fileBytes: r.fileBytes, bytesRead: r.bytesRead, rows: r.rows,
      columnsRead: r.columnsRead, columnsInFile: r.columnsInFile,
      ...(r.loadMs ? { loadMs: r.loadMs.medianMs } : {}),
      ...(r.decodeMs ? { decodeMs: r.decodeMs.medianMs } : {}),
      mbPerS: r.mbPerS, rowsPerS: r.rowsPerS,
      ...(whole && r.columnsRead < r.columnsInFile ? { oneColumnSpeedup: whole.totalMs.medianMs / r.totalMs.medianMs } : {}),
      ...(r.problem ? { problem: r.problem } : {}),
    };
    return {
      kernel: `formats/${r.format}`,
      params: { rows: r.rows, columns: r.columnsRead },
      ...timed(r.totalMs, r.bytesRead, r.correct, time),
      timingNote: FORMAT_NOTE,
      sourceHash: '',
      seed: report.seed,
      suite: 'formats',
      format: facts,
    };
  });
  const readers = column.flatMap((c) => (['kernel-lab', 'hyparquet'] as const).map((reader): ResultEntry => {
    const stats = c.ms[reader];
    const ms = stats.medianMs;
    return {
      kernel: `formats/parquet-${c.codec}/to-f32/${c.source}/${reader}`,
      params: { rows: c.rows, columns: 1 },
      ...timed(stats, c.fileBytes, c.correct[reader], time),
      // The bytes this reading read are not counted (hyparquet reads through its own buffer): no rate.
      bytes: null,
      gbps: null,
      timingNote: `performance.now() around reading column ${c.column} ${c.source === 'memory' ? 'from bytes in memory' : 'from a Blob'} into a Float32Array, on the page's thread`,
      sourceHash: '',
      seed: report.seed,
      suite: 'formats',
      format: {
        format: `parquet-${c.codec}`, reader, fileBytes: c.fileBytes, rows: c.rows, columnsRead: 1, columnsInFile: report.columns,
        rowsPerS: c.rows / (ms / 1e3),
        ...(reader === 'kernel-lab' ? { vsHyparquet: c.ratio } : {}),
        ...(c.problem && !c.correct[reader] ? { problem: c.problem } : {}),
      },
    };
  }));
  return [...readings, ...readers];
}

/** One entry per pump run kept (each upload mode and depth). */
export function pumpEntries(report: PumpReport, time = new Date().toISOString()): ResultEntry[] {
  const hash = sourceHash(PUMP_SOURCE);
  return report.runs.map((run, i): ResultEntry => {
    const stats = report.wallMs[i]!;
    return {
      kernel: `pump/${run.upload}`,
      params: { depth: run.depth, rows: run.rows, batchRows: report.batchRows, K: run.k },
      ...timed(stats, run.rows * 4, run.check.correct, time),
      constants: { WG: PUMP_WG, ITEMS: PUMP_ITEMS },
      timingNote: `wall clock from the first batch's decode to the last batch's end; GPU idle from ${run.idleFrom === 'timestamp-query' ? 'timestamp queries around each batch\'s compute pass' : 'the wall clock (onSubmittedWorkDone after each batch), which counts submission latency as work'}`,
      relError: null,
      maxAbsError: null,
      scaledError: finite(run.check.worstError),
      tolerance: PUMP_TOLERANCE,
      sourceHash: hash,
      wgsl: PUMP_SOURCE,
      seed: null,
      suite: 'pump',
      pump: {
        depth: run.depth, upload: run.upload, batches: run.batches, batchRows: report.batchRows, rows: run.rows,
        k: run.k, kFrom: report.kFrom, rowsPerS: run.rowsPerS, gpuIdleShare: run.gpuIdleShare, idleFrom: run.idleFrom,
        gpuBusyMs: run.gpuBusyMs, gpuSpanMs: run.gpuSpanMs, decodeMs: run.decodeMs, uploadMs: run.uploadMs, computeMs: run.computeMs,
        timeline: run.timeline,
        ...(run.check.problem ? { problem: run.check.problem } : {}),
      },
    };
  });
}
