/**
 * What running a cell gives: a status, a line of words, and the figures
 * behind them (records, suite reports, a chart's series). Plain data, so the
 * headless runner's page can send it to Node as JSON.
 */
import type { RunRecord } from '../bench/run/record';
import type { TuneResult } from '../bench/suites/autotune';
import type { FormatsReport } from '../bench/suites/formats';
import type { PumpReport } from '../bench/suites/pump-suite';
import type { CompileMessage } from '../gpu/errors';
import type { SampleData } from './data';
import type { Cell } from './format';

/** One kernel at one point of a run cell. */
export interface RunPoint {
  readonly kernel: string;
  readonly params: Readonly<Record<string, number>>;
  readonly record?: RunRecord;
  /** Why it has no record: refused (too big, a missing feature) or failed. */
  readonly error?: { readonly kind: string; readonly message: string };
  /** The device memory its plan allocates, bytes. */
  readonly memoryBytes?: number;
}

export type CellResult =
  | { readonly kind: 'kernel'; readonly record: RunRecord }
  | { readonly kind: 'runs'; readonly points: readonly RunPoint[] }
  | { readonly kind: 'formats'; readonly report: FormatsReport }
  | { readonly kind: 'pump'; readonly report: PumpReport }
  | { readonly kind: 'tune'; readonly result: TuneResult }
  | { readonly kind: 'chart'; readonly chart: ChartData }
  | { readonly kind: 'data'; readonly data: SampleData }
  | { readonly kind: 'check'; readonly pass: boolean; readonly record?: RunRecord; readonly error?: string };

export type CellStatus = 'ok' | 'failed' | 'error';

export interface CellOutcome {
  readonly cell: string;
  readonly type: Cell['type'];
  readonly status: CellStatus;
  /** One line, for the page's status and the headless runner's output. */
  readonly summary: string;
  readonly result?: CellResult;
  /** Compile messages for the cell's own source (editor markers). */
  readonly messages?: readonly CompileMessage[];
}

export interface ChartPoint {
  readonly x: number | string;
  readonly y: number;
  /** A point the device refused (drawn hollow): only memory has a value without a run. */
  readonly refused?: boolean;
  /** A run whose check failed (drawn hollow and red). */
  readonly incorrect?: boolean;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

export interface ChartData {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The y values' unit, for ticks (`B/s` with values in B/s, `s`, `B`, `%`, `rows/s`, or '' for a ratio). */
  readonly unit: string;
  /** x is a category (kernel, format, candidate): bars; otherwise a number: lines. */
  readonly categorical: boolean;
  readonly series: readonly ChartSeries[];
}

