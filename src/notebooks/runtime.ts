/**
 * Running a lesson's cells, the same in the page and in the headless runner
 * (the runner's page calls this too). Kernels run through the bench's
 * `runKernel` exactly as the workbench runs them (checked against the float64
 * reference, then timed); the data suites and autotuning are the bench's own.
 *
 * Each cell gives an outcome: `ok`; `failed` (it ran, and a kernel was
 * incorrect or an exercise's check did not pass); or `error` (it could not
 * run: a compile error, a missing file, a cancelled run). Lesson runs use a
 * shorter measuring loop than the workbench (LESSON_TIMING) so that a whole
 * lesson runs in a workshop's minutes; the flags for unreliable medians still
 * apply, and the workbench gives the full loop when a figure is to be quoted.
 */
import type { MeasureOptions } from '../bench/run/measure';
import { progressText } from '../bench/run/measure';
import { inspectKernel } from '../bench/run/prepare';
import type { RunRecord } from '../bench/run/record';
import type { ReferenceCompute } from '../bench/run/reference';
import { runKernel } from '../bench/run/run';
import { autotune } from '../bench/suites/autotune';
import { FORMAT_LABELS, FORMATS_SIZES, measureFormats } from '../bench/suites/formats';
import type { ParquetWriterWasm } from '../bench/suites/formats-table';
import { measurePump, PUMP_SIZES, pumpBatchRows } from '../bench/suites/pump-suite';
import type { ParquetWasm } from '../data/parquet';
import type { DeviceInfo } from '../gpu/device';
import { CancelledError, CompileError, failureOf, KernelLabError, messageOf } from '../gpu/errors';
import { plannedMemory, planKernel } from '../kernels/plan';
import type { SizePreset } from '../kernels/spec';
import { memoryPerGpu, STRATEGY_LABELS } from '../teach/memory-calculator';
import { chartData } from './chart';
import { loadSample } from './data';
import type { CellOutcome, RunPoint } from './outcome';
import type { CalculatorCell, Cell, ChartCell, ExerciseCell, KernelCell, Lesson, RunCell } from './format';
import { resolveKernel, sourceOf, type ResolvedKernel, type Sources } from './kernels';
import { ms, paramsText, recordLine, sci, si } from './words';

export type { CellOutcome, CellResult, CellStatus, RunPoint } from './outcome';

export type Timing = Partial<Omit<MeasureOptions, 'signal' | 'onProgress' | 'now'>>;

/** The measuring loop of lesson runs: at least 5 samples, at most 50, half a second per point. */
export const LESSON_TIMING: Timing = { warmup: 1, minSamples: 5, maxSamples: 50, timeCapMs: 500 };
/** An exercise's check is about correctness: a few samples only. */
export const CHECK_TIMING: Timing = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 200 };

export interface LessonEnv {
  readonly device: GPUDevice;
  readonly info: DeviceInfo;
  /** The size preset: kernels without sizes in the lesson run at their preset, suites at its rows. */
  readonly size: SizePreset;
  readonly reference?: ReferenceCompute;
  /** Defaults to LESSON_TIMING. */
  readonly timing?: Timing;
  readonly signal?: AbortSignal;
  readonly onProgress?: (text: string) => void;
  /** parquet-wasm, loaded on first use (the suites and Parquet samples). */
  readonly parquet: () => Promise<ParquetWasm & ParquetWriterWasm>;
  /** A file of public/data, as bytes. */
  readonly fetchData: (file: string) => Promise<Uint8Array>;
}

/** Kinds of refusal a run cell reports without failing: the device cannot hold or run that point. */
const REFUSED = new Set(['limit', 'unsupported']);

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

async function runOne(env: LessonEnv, k: ResolvedKernel, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>, label: string, timing: Timing): Promise<RunRecord> {
  let last = '';
  const { record } = await runKernel(env.device, env.info, k.spec, {
    source: k.source,
    params,
    constants,
    timing,
    ...(env.reference ? { reference: env.reference } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
    onProgress: (p) => {
      const text = `${label}: ${progressText(p)}`;
      if (text !== last) env.onProgress?.(text);
      last = text;
    },
  });
  return record;
}

const memoryOf = (k: ResolvedKernel, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>): number | undefined => {
  try {
    const inspected = inspectKernel(k.spec, k.source, constants);
    return plannedMemory(planKernel(k.spec, params, inspected.constants.values, inspected.reflection)).bytes;
  } catch {
    return undefined;
  }
};

async function runKernelCell(lesson: Lesson, cell: KernelCell, sources: Sources, env: LessonEnv): Promise<CellOutcome> {
  const k = resolveKernel(lesson, cell.id, sources, env.size);
  const record = await runOne(env, k, k.params, k.constants, cell.id, env.timing ?? LESSON_TIMING);
  return { cell: cell.id, type: 'kernel', status: record.correct ? 'ok' : 'failed', summary: `${paramsText(record.params)}: ${recordLine(record)}`, result: { kind: 'kernel', record } };
}

async function runRunCell(lesson: Lesson, cell: RunCell, sources: Sources, env: LessonEnv): Promise<CellOutcome> {
  const what = cell.what;
  const say = (text: string): void => {
    throwIfCancelled(env.signal);
    env.onProgress?.(text);
  };
  if (what.kind === 'suite' && what.suite === 'formats') {
    const report = await measureFormats(await env.parquet(), { rows: what.rows ?? FORMATS_SIZES[env.size].rows, onProgress: say });
    const wrong = report.readings.filter((r) => !r.correct);
    const fastest = [...report.readings].filter((r) => r.columnsRead === r.columnsInFile).sort((a, b) => a.totalMs.medianMs - b.totalMs.medianMs)[0];
    return {
      cell: cell.id, type: 'run', status: wrong.length === 0 ? 'ok' : 'failed',
      summary: wrong.length > 0 ? `${wrong.length} readings did not match the table: ${wrong[0]!.problem ?? ''}` : `${report.readings.length} readings of ${report.rows.toLocaleString('en')} rows; fastest whole-file read: ${fastest ? `${FORMAT_LABELS[fastest.format]} in ${ms(fastest.totalMs.medianMs)}` : 'none'}`,
      result: { kind: 'formats', report },
    };
  }
  if (what.kind === 'suite') {
    const rows = what.rows ?? PUMP_SIZES[env.size].rows;
    const report = await measurePump(env.device, await env.parquet(), { rows, batchRows: pumpBatchRows(env.size, rows), onProgress: say });
    const best = [...report.runs].sort((a, b) => a.wallMs - b.wallMs)[0];
    return {
      cell: cell.id, type: 'run', status: report.correct ? 'ok' : 'failed',
      summary: report.correct ? `${report.batches} batches at K = ${report.k}; fastest: depth ${best?.depth} (${best?.upload}) in ${ms(best?.wallMs ?? 0)}` : (report.problem ?? 'a batch was wrong'),
      result: { kind: 'pump', report },
    };
  }
  if (what.kind === 'tune') {
    const k = resolveKernel(lesson, what.kernel, sources, env.size);
    const params = { ...k.params, ...what.params };
    const timing = env.timing ?? LESSON_TIMING;
    const result = await autotune(env.device, env.info, k.spec, params, {
      source: k.source, searchTiming: timing, confirmTiming: timing, finalists: 2,
      ...(env.reference ? { reference: env.reference } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
      onProgress: (p) => env.onProgress?.(`${k.label}: ${p.stage} ${p.index + 1}/${p.total} ${paramsText(p.constants)}${p.run ? ` · ${progressText(p.run)}` : ''}`),
    });
    const unit = result.unit;
    return { cell: cell.id, type: 'run', status: 'ok', summary: `best of ${result.candidates.length}: ${paramsText(result.best.constants)} at ${si((result.best.throughput ?? 0) * 1e9, unit.replace('G', ''))}${result.verdict === 'tie' ? ' (a tie with the defaults)' : ''}`, result: { kind: 'tune', result } };
  }
  const points: RunPoint[] = [];
  const steps = what.sweep ? what.sweep.values.map((v) => Object.fromEntries(what.sweep!.names.map((n) => [n, v]))) : [{}];
  const kernels = what.kernels.map((name) => resolveKernel(lesson, name, sources, env.size));
  const total = steps.length * kernels.length;
  for (const step of steps) {
    for (const k of kernels) {
      throwIfCancelled(env.signal);
      const params = { ...k.params, ...what.params, ...step };
      const constants = { ...k.constants, ...what.constants };
      const label = `[${points.length + 1}/${total}] ${k.label} ${paramsText(params)}`;
      const memoryBytes = memoryOf(k, params, constants);
      try {
        const record = await runOne(env, k, params, constants, label, env.timing ?? LESSON_TIMING);
        points.push({ kernel: k.label, params, record, ...(memoryBytes === undefined ? {} : { memoryBytes }) });
      } catch (e) {
        if (e instanceof KernelLabError && e.kind === 'cancelled') throw e;
        const f = failureOf(e);
        points.push({ kernel: k.label, params, error: { kind: f.kind, message: f.message }, ...(memoryBytes === undefined ? {} : { memoryBytes }) });
      }
    }
  }
  const wrong = points.filter((p) => p.record && !p.record.correct);
  const broken = points.filter((p) => p.error && !REFUSED.has(p.error.kind));
  const refused = points.filter((p) => p.error && REFUSED.has(p.error.kind));
  const status = wrong.length + broken.length === 0 ? 'ok' : 'failed';
  const summary =
    broken[0] ? `${broken[0].kernel} ${paramsText(broken[0].params)}: ${broken[0].error!.message}`
    : wrong[0] ? `${wrong[0].kernel} ${paramsText(wrong[0].params)}: ${recordLine(wrong[0].record!)}`
    : `${points.length - refused.length} runs, all correct${refused.length > 0 ? `; ${refused.length} refused by this device (${refused[0]!.error!.message})` : ''}`;
  return { cell: cell.id, type: 'run', status, summary, result: { kind: 'runs', points } };
}

/**
 * An exercise's check: the student's kernel (or `source`) run at the
 * exercise's sizes and every output compared with the library kernel's
 * float64 reference; pass when the verdict is correct.
 */
export async function checkExercise(lesson: Lesson, cell: ExerciseCell, source: string, env: LessonEnv): Promise<CellOutcome> {
  const k = resolveKernel(lesson, cell.id, { [cell.id]: source }, env.size);
  try {
    const record = await runOne(env, k, k.params, k.constants, `${cell.id} check`, CHECK_TIMING);
    const error = `error ${sci(record.scaledError ?? record.relError)} against a tolerance of ${sci(record.tolerance)}`;
    return {
      cell: cell.id, type: 'exercise', status: record.correct ? 'ok' : 'failed',
      summary: record.correct ? `Pass: ${error}.` : `Not yet: ${record.nonFinite > 0 ? `${record.nonFinite} outputs are NaN or infinite; ` : ''}${error}.`,
      result: { kind: 'check', pass: record.correct, record },
    };
  } catch (e) {
    if (e instanceof KernelLabError && e.kind === 'cancelled') throw e;
    return {
      cell: cell.id, type: 'exercise', status: 'failed', summary: `Not yet: ${messageOf(e)}`,
      result: { kind: 'check', pass: false, error: messageOf(e) },
      ...(e instanceof CompileError ? { messages: e.messages } : {}),
    };
  }
}

/** The bytes per GPU of every strategy at a calculator cell's setup (the ZeRO paper's formulas). */
function memoryOutcome(cell: CalculatorCell): CellOutcome {
  const rows = memoryPerGpu({ parameters: cell.billions * 1e9, gpus: cell.gpus, precision: cell.precision });
  const perGpu = rows.map((r) => `${STRATEGY_LABELS[r.strategy]} ${si(r.total, 'B')}`).join(', ');
  return { cell: cell.id, type: 'calculator', status: 'ok', summary: `${cell.billions} B parameters on ${cell.gpus} GPU${cell.gpus === 1 ? '' : 's'}, ${cell.precision} precision, per GPU: ${perGpu}.` };
}

function drawChart(cell: ChartCell, results: ReadonlyMap<string, CellOutcome>): CellOutcome {
  const from = results.get(cell.from);
  if (!from?.result) return { cell: cell.id, type: 'chart', status: 'error', summary: `Run ${cell.from} first: this chart draws its results.` };
  const chart = chartData(cell, from.result);
  const points = chart.series.reduce((n, s) => n + s.points.length, 0);
  if (points === 0) return { cell: cell.id, type: 'chart', status: 'error', summary: `${cell.from} has no results to draw.`, result: { kind: 'chart', chart } };
  return { cell: cell.id, type: 'chart', status: 'ok', summary: `${points} points in ${chart.series.length} series.`, result: { kind: 'chart', chart } };
}

/**
 * Runs one cell. `sources` holds the student's edits; `results`, the
 * outcomes so far (a chart draws its run's).
 * @throws CancelledError when `env.signal` aborts; every other failure is an outcome
 */
export async function runCell(lesson: Lesson, cell: Cell, sources: Sources, results: ReadonlyMap<string, CellOutcome>, env: LessonEnv): Promise<CellOutcome> {
  throwIfCancelled(env.signal);
  try {
    switch (cell.type) {
      case 'kernel':
        return await runKernelCell(lesson, cell, sources, env);
      case 'run':
        return await runRunCell(lesson, cell, sources, env);
      case 'chart':
        return drawChart(cell, results);
      case 'data': {
        const data = await loadSample(cell, env);
        return { cell: cell.id, type: 'data', status: 'ok', summary: `${cell.file}: ${data.info.rows.toLocaleString('en')} rows, ${data.info.columns.length} columns, ${si(data.info.bytes, 'B')}, read in ${ms(data.ms)}`, result: { kind: 'data', data } };
      }
      case 'exercise':
        return await checkExercise(lesson, cell, sourceOf(cell, sources), env);
      case 'calculator':
        return memoryOutcome(cell);
    }
  } catch (e) {
    if (e instanceof KernelLabError && e.kind === 'cancelled') throw e;
    if (env.signal?.aborted) throw new CancelledError();
    return { cell: cell.id, type: cell.type, status: 'error', summary: messageOf(e), ...(e instanceof CompileError ? { messages: e.messages } : {}) };
  }
}
