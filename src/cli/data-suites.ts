/**
 * `--suite formats,pump`: the data suites, run in the runner's page (so the
 * numbers are the browser's), their tables on stdout as each finishes, their
 * entries (suite `formats` and `pump`) into the results files.
 */
import { relativeNoise, speedComparison } from '../bench/results/reliability';
import type { ResultEntry } from '../bench/results/schema';
import { FORMAT_LABELS, FORMATS_SIZES, type FormatsReport } from '../bench/suites/formats';
import { factorWords, formatsMisses, pumpMisses } from '../bench/suites/lesson-misses';
import { FORMATS_COLUMNS } from '../bench/suites/formats-table';
import type { ParquetColumnReading } from '../bench/suites/parquet-column';
import { PUMP_SIZES, pumpBatchRows, type PumpReport } from '../bench/suites/pump-suite';
import { formatBytes } from '../gpu/format';
import type { SizePreset } from '../kernels/spec';
import type { RunnerCall } from '../runner/protocol';
import type { DataSuite } from './args';
import { formatTable } from './report';
import { TIMED_OUT, within } from './deadline';
import { err, type StatusLine } from './status';

export interface DataSuitesOutcome {
  readonly entries: readonly ResultEntry[];
  readonly failed: boolean;
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US');
const ms = (v: number | undefined): string => (v === undefined ? '—' : Number(v.toPrecision(3)).toString());
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const CODEC_NAMES = { uncompressed: 'uncompressed', snappy: 'Snappy', zstd: 'Zstd' } as const;

/** The formats table and the comparison with hyparquet, as printed. */
export function formatsText(report: FormatsReport, column: readonly ParquetColumnReading[]): string {
  const f32 = FORMATS_COLUMNS.filter((c) => c.type === 'f32').length;
  const lines = [
    `Formats: ${n(report.rows)} rows × ${report.columns} columns (${report.columns - f32} Int32, ${f32} Float32), read from a Blob and decoded to Arrow in the page; median of ${report.samples} rounds after ${report.warmups} warm-up`,
    formatTable(['format', 'columns', 'file', 'read', 'load ms', 'decode ms', 'total ms', 'MB/s', 'rows/s', 'check'], report.readings.map((r) => [
      FORMAT_LABELS[r.format], `${r.columnsRead} of ${r.columnsInFile}`, formatBytes(r.fileBytes), formatBytes(r.bytesRead),
      ms(r.loadMs?.medianMs), ms(r.decodeMs?.medianMs), ms(r.totalMs.medianMs), ms(r.mbPerS), n(r.rowsPerS),
      r.correct ? 'correct' : `WRONG: ${r.problem}`,
    ])),
    `One column of twenty from Parquet, against all twenty: ${Object.entries(report.oneColumnSpeedup).map(([codec, s]) => `${CODEC_NAMES[codec as keyof typeof CODEC_NAMES]} ${factorWords(s)}`).join(', ')}.`,
  ];
  if (column.length > 0) {
    const c0 = column[0]!;
    lines.push(
      '',
      `Parquet → GPU-ready f32 column (${c0.column}, one of ${report.columns} columns, ${n(c0.rows)} rows): Kernel Lab beside hyparquet + hyparquet-compressors, the same files, from bytes in memory and from a Blob; median of ${c0.ms['kernel-lab'].count}, alternating`,
      formatTable(['codec', 'from', 'file', 'Kernel Lab ms', 'hyparquet ms', 'ratio', 'which is faster', 'check'], column.map((c) => [
        CODEC_NAMES[c.codec], c.source, formatBytes(c.fileBytes), ms(c.ms['kernel-lab'].medianMs), ms(c.ms.hyparquet.medianMs), `×${c.ratio.toFixed(2)}`,
        `${speedComparison(c.ratio, 'Kernel Lab', 'hyparquet', relativeNoise({ cv: c.ms['kernel-lab'].cv, samples: c.ms['kernel-lab'].count }, { cv: c.ms.hyparquet.cv, samples: c.ms.hyparquet.count }))} (goal ≥ 2×)`,
        c.correct['kernel-lab'] && c.correct.hyparquet ? 'correct' : `WRONG: ${c.problem}`,
      ])),
    );
  }
  for (const miss of formatsMisses(report, column)) lines.push(`Note: ${miss}`);
  return lines.join('\n');
}

/** The pump's runs, as printed; the per-batch timelines stay in the results file. */
export function pumpText(report: PumpReport): string {
  const idleFrom = report.runs[0]?.idleFrom ?? 'timestamp-query';
  const lines = [
    `Pump: ${n(report.rows)} rows of ${report.column} (f32) in ${report.batches} batches of ${n(report.batchRows)} (Parquet, Zstd, a row group each), K = ${n(report.k)} FMAs per value (${report.kFrom === 'calibrated' ? `calibrated: a batch computes for about ${report.slowdown}× its decode and upload` : 'given'}); median of ${report.repeats} run${report.repeats === 1 ? '' : 's'}; GPU idle from ${idleFrom === 'timestamp-query' ? 'timestamp queries' : 'the wall clock (no timestamp-query)'}`,
    formatTable(['upload', 'depth', 'rows/s', 'wall ms', 'GPU idle', 'decode ms', 'upload ms', 'compute ms', 'check'], report.runs.map((r) => [
      r.upload, String(r.depth), n(r.rowsPerS), ms(r.wallMs), pct(r.gpuIdleShare), ms(r.decodeMs), ms(r.uploadMs), ms(r.computeMs),
      r.check.correct ? 'correct' : `WRONG: ${r.check.problem}`,
    ])),
    `Per batch at K = ${n(report.k)}, synchronously: decode ${ms(report.probe.decodeMs)} ms, upload ${ms(report.probe.uploadMs)} ms, compute ${ms(report.probe.computeMs)} ms.`,
  ];
  for (const upload of new Set(report.runs.map((r) => r.upload))) {
    const at = (depth: number) => report.runs.find((r) => r.upload === upload && r.depth === depth);
    const sync = at(0);
    const deep = report.runs.filter((r) => r.upload === upload && r.depth >= 2);
    if (sync && deep.length > 0) {
      lines.push(`${upload}: GPU idle ${pct(sync.gpuIdleShare)} at depth 0; ${deep.map((r) => `${pct(r.gpuIdleShare)} at depth ${r.depth}`).join(', ')} (goal ≤ 10% from depth 2); best rows/s from depth 2 ${factorWords(Math.max(...deep.map((r) => r.rowsPerS)) / sync.rowsPerS)} than depth 0.`);
    }
  }
  for (const miss of pumpMisses(report)) lines.push(`Note: ${miss}`);
  lines.push('Each run\'s per-batch timeline (decode, upload, compute start and end) is in the results file, under pump.timeline.');
  return lines.join('\n');
}

export async function runDataSuites(call: RunnerCall, suites: readonly DataSuite[], size: SizePreset, rows: number | undefined, timeoutS: number, status: StatusLine): Promise<DataSuitesOutcome> {
  const entries: ResultEntry[] = [];
  let failed = false;
  for (const suite of suites) {
    status.begin(`Suite ${suite}`, `Suite ${suite} (${rows === undefined ? size : `${n(rows)} rows`})…`);
    const reply = suite === 'formats'
      ? await within(call('formats', { rows: rows ?? FORMATS_SIZES[size].rows, columnRows: rows ?? FORMATS_SIZES[size].columnRows }), timeoutS)
      : await within(call('pump', { rows: rows ?? PUMP_SIZES[size].rows, batchRows: pumpBatchRows(size, rows ?? PUMP_SIZES[size].rows) }), timeoutS);
    status.end();
    if (reply === TIMED_OUT || !reply.ok) {
      failed = true;
      err(`Suite ${suite} failed: ${reply === TIMED_OUT ? `it did not finish within ${timeoutS} s (--timeout)` : reply.message}`);
      continue;
    }
    entries.push(...reply.entries);
    failed ||= reply.entries.some((e) => !e.correct);
    process.stdout.write(`\n${'column' in reply ? formatsText(reply.report, reply.column) : pumpText(reply.report)}\n`);
  }
  return { entries, failed };
}
