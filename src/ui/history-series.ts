/**
 * The history chart's data: one series per problem shape. A line through runs
 * of different shapes would draw a change of size as a change of speed, so
 * runs are joined only to runs of the same shape; the code version labels
 * each run instead of the line.
 */
import type { RunRecord } from '../bench/run/record';
import { paramsKey } from '../bench/results/compare';
import { versionKey } from '../bench/results/versions';

export type HistoryMetric = 'gflops' | 'gbps';

export interface HistoryRow {
  /** 1-based position in the history: the x axis. */
  readonly run: number;
  readonly version: string;
  /** The key of the shape series this run belongs to. */
  readonly shape: string;
  /** The parameters as written ("M=48 N=48 K=48"), the series' name. */
  readonly params: string;
  readonly constants: string;
  readonly gflops: number;
  readonly gbps: number;
  readonly correct: boolean;
  readonly medianMs: number;
}

export interface ShapeSeries {
  readonly key: string;
  /** "M=48 N=48 K=48": parameters in the kernel's own order. */
  readonly name: string;
  readonly runs: number;
}

const written = (values: Readonly<Record<string, number>>): string => Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ');

export function historyRows(records: readonly RunRecord[], labels: ReadonlyMap<string, string>): HistoryRow[] {
  return records.map((r, i) => ({
    run: i + 1,
    version: labels.get(versionKey(r)) ?? '?',
    shape: paramsKey(r.params),
    params: written(r.params),
    constants: written(r.constants),
    gflops: r.gflops,
    gbps: r.gbps,
    correct: r.correct,
    medianMs: r.medianMs,
  }));
}

/** The shapes in the order they were first run, each named as it was written then. */
export function shapeSeries(rows: readonly HistoryRow[]): ShapeSeries[] {
  const series = new Map<string, { name: string; runs: number }>();
  for (const row of rows) {
    const s = series.get(row.shape);
    if (s) s.runs++;
    else series.set(row.shape, { name: row.params || 'no parameters', runs: 1 });
  }
  return [...series].map(([key, s]) => ({ key, name: s.name, runs: s.runs }));
}

/**
 * What the chart plots: GFLOP/s where the kernel does arithmetic (the number
 * a matmul is judged by), GB/s for copies and other kernels without FLOPs.
 */
export function primaryMetric(records: readonly Pick<RunRecord, 'flops'>[]): HistoryMetric {
  return records.some((r) => r.flops > 0) ? 'gflops' : 'gbps';
}
