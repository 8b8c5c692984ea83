/**
 * The results file: what the headless runner writes and the page exports, so
 * either can be compared with the other (`--compare`). Field names are stable;
 * the README documents each. Non-finite numbers become null (JSON has no NaN).
 */
import type { DeviceInfo } from '../../gpu/device';
import type { Column } from '../../data/table';
import type { StopReason } from '../run/measure';
import type { RunRecord } from '../run/record';
import { roofFraction, type Ceilings } from './roofline';

export type { Ceilings } from './roofline';

export const RESULTS_SCHEMA = 'kernel-lab/results@1';

export interface ResultEntry {
  readonly kernel: string;
  readonly params: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
  readonly timing: string | null;
  readonly timingNote: string | null;
  readonly samples: number;
  readonly repsPerSample: number | null;
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
  readonly seed: number | null;
  readonly time: string;
  /** Set for runs made by a suite: "calibration", "sweep:intensity", … */
  readonly suite?: string;
  /** Present when the run failed (did not compile, too big, …). */
  readonly error?: { readonly kind: string; readonly message: string };
}

export interface ResultsFile {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly generatedBy: string;
  readonly generatedAt: string;
  readonly device: DeviceInfo;
  readonly ceilings?: Ceilings;
  readonly results: readonly ResultEntry[];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function toEntry(r: RunRecord): ResultEntry {
  return {
    kernel: r.kernel,
    params: r.params,
    constants: r.constants,
    timing: r.timing,
    timingNote: r.timingNote,
    samples: r.samples,
    repsPerSample: r.repsPerSample,
    medianMs: finite(r.medianMs),
    minMs: finite(r.minMs),
    p90Ms: finite(r.p90Ms),
    cv: finite(r.cv),
    stoppedBy: r.stoppedBy,
    flops: r.flops,
    bytes: r.bytes,
    gflops: finite(r.gflops),
    gbps: finite(r.gbps),
    intensity: finite(r.intensity),
    correct: r.correct,
    compared: r.compared ?? true,
    relError: finite(r.relError),
    scaledError: r.scaledError === undefined ? null : finite(r.scaledError),
    maxAbsError: finite(r.maxAbsError),
    tolerance: finite(r.tolerance),
    sourceHash: r.sourceHash,
    seed: r.seed,
    time: r.time,
    ...(r.suite ? { suite: r.suite } : {}),
  };
}

/** The entry with its fraction of the roof, once ceilings are known. */
export function withRoof(e: ResultEntry, c: Ceilings): ResultEntry {
  if (e.gflops === null || e.gbps === null || e.intensity === null || e.flops === null) return e;
  return { ...e, roofFraction: finite(roofFraction({ flops: e.flops, gflops: e.gflops, gbps: e.gbps, intensity: e.intensity }, c)) };
}

/** An entry for a run that produced no measurement. */
export function failedEntry(kernel: string, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>, sourceHash: string, error: { kind: string; message: string }): ResultEntry {
  return {
    kernel, params, constants, sourceHash, error,
    timing: null, timingNote: null, samples: 0, repsPerSample: null,
    medianMs: null, minMs: null, p90Ms: null, cv: null,
    flops: null, bytes: null, gflops: null, gbps: null, intensity: null,
    correct: false, compared: false, relError: null, maxAbsError: null, tolerance: null,
    seed: null, time: new Date().toISOString(),
  };
}

export function resultsFile(generatedBy: string, device: DeviceInfo, results: readonly ResultEntry[], ceilings?: Ceilings): ResultsFile {
  return { schema: RESULTS_SCHEMA, generatedBy, generatedAt: new Date().toISOString(), device, ...(ceilings ? { ceilings } : {}), results };
}

/** Checks the shape of a results file read from disk; the message names the first problem. */
export function parseResultsFile(json: unknown, file: string): ResultsFile {
  const bad = (why: string): never => {
    throw new Error(`${file} is not a Kernel Lab results file: ${why}.`);
  };
  if (typeof json !== 'object' || json === null) return bad('not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.schema !== RESULTS_SCHEMA) bad(`"schema" is ${JSON.stringify(o.schema)}, expected "${RESULTS_SCHEMA}"`);
  if (typeof o.device !== 'object' || o.device === null) bad('"device" is not an object');
  if (!Array.isArray(o.results)) bad('"results" is not an array');
  (o.results as unknown[]).forEach((r, i) => {
    const e = r as Record<string, unknown> | null;
    if (typeof e?.kernel !== 'string') bad(`results[${i}].kernel is not a string`);
    if (typeof e?.params !== 'object' || e.params === null) bad(`results[${i}].params is not an object`);
    if (Object.values(e!.params as object).some((v) => typeof v !== 'number')) bad(`results[${i}].params has a value that is not a number`);
    if (e!.medianMs !== null && (typeof e!.medianMs !== 'number' || !(e!.medianMs >= 0))) bad(`results[${i}].medianMs is neither a time in ms nor null`);
  });
  return json as ResultsFile;
}

/** The identity of a measurement for comparison: kernel and parameters (in name order). */
export function shapeKey(kernel: string, params: Readonly<Record<string, number>>): string {
  return `${kernel} ${Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join(' ')}`;
}

export interface Comparison {
  readonly key: string;
  readonly medianMs: number | null;
  readonly baselineMs: number | null;
  /** Baseline time over this run's time: above 1 means this run is faster. */
  readonly speedup: number | null;
}

export function compareResults(current: readonly ResultEntry[], baseline: readonly ResultEntry[]): Comparison[] {
  const base = new Map<string, ResultEntry>();
  for (const b of baseline) if (b.medianMs !== null) base.set(shapeKey(b.kernel, b.params), b);
  return current.map((c) => {
    const key = shapeKey(c.kernel, c.params);
    const b = base.get(key);
    const baselineMs = b?.medianMs ?? null;
    const speedup = baselineMs !== null && c.medianMs !== null && c.medianMs > 0 ? baselineMs / c.medianMs : null;
    return { key, medianMs: c.medianMs, baselineMs, speedup };
  });
}

const CSV_COLUMNS = [
  'kernel', 'params', 'constants', 'timing', 'samples', 'repsPerSample', 'medianMs', 'minMs', 'p90Ms', 'cv',
  'flops', 'bytes', 'gflops', 'gbps', 'intensity', 'roofFraction', 'correct', 'compared', 'relError', 'scaledError', 'maxAbsError',
  'tolerance', 'sourceHash', 'seed', 'time', 'suite', 'error',
] as const;

function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? '' : typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' ') : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per result; params and constants as `k=v` lists, errors as their message. */
export function resultsCsv(results: readonly ResultEntry[]): string {
  const rows = results.map((r) =>
    CSV_COLUMNS.map((c) => csvCell(c === 'error' ? r.error?.message : (r as unknown as Record<string, unknown>)[c])).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** The results as typed columns, for Arrow and Parquet (params and constants as JSON text). */
export function resultsColumns(results: readonly ResultEntry[]): Column[] {
  const col = (name: string, type: Column['type'], get: (r: ResultEntry) => string | number | boolean | null | undefined): Column => ({
    name,
    type,
    values: results.map((r) => get(r) ?? null),
  });
  return [
    col('kernel', 'utf8', (r) => r.kernel),
    col('params', 'utf8', (r) => JSON.stringify(r.params)),
    col('constants', 'utf8', (r) => JSON.stringify(r.constants)),
    col('timing', 'utf8', (r) => r.timing),
    col('samples', 'int32', (r) => r.samples),
    col('repsPerSample', 'int32', (r) => r.repsPerSample),
    ...(['medianMs', 'minMs', 'p90Ms', 'cv', 'flops', 'bytes', 'gflops', 'gbps', 'intensity', 'roofFraction', 'relError', 'scaledError', 'maxAbsError', 'tolerance', 'seed'] as const).map((k) =>
      col(k, 'float64', (r) => r[k]),
    ),
    col('correct', 'bool', (r) => r.correct),
    col('compared', 'bool', (r) => r.compared),
    col('sourceHash', 'utf8', (r) => r.sourceHash),
    col('time', 'utf8', (r) => r.time),
    col('suite', 'utf8', (r) => r.suite),
    col('error', 'utf8', (r) => r.error?.message),
  ];
}
