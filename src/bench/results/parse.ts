/** Reading a results file back (a baseline for `--compare`, a file loaded in the page), with the first problem named. */
import { RESULTS_SCHEMA, type ResultEntry, type ResultsFile } from './schema';

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
  if (o.simulation !== undefined) {
    if (!Array.isArray(o.simulation)) bad('"simulation" is not an array');
    (o.simulation as unknown[]).forEach((r, i) => {
      const e = r as Record<string, unknown> | null;
      if (typeof e?.policy !== 'string') bad(`simulation[${i}].policy is not a string`);
      for (const k of SIMULATION_NUMBERS) if (typeof e![k] !== 'number' && e![k] !== null) bad(`simulation[${i}].${k} is not a number`);
    });
  }
  return json as ResultsFile;
}

/** The figures a simulation entry must carry (null where JSON had no number for them). */
const SIMULATION_NUMBERS = ['tokensPerS', 'kvUtilization', 'maxConcurrent', 'ttftP50Ms', 'ttftP90Ms', 'tpotP50Ms', 'tpotP90Ms'] as const;

/** A results row as far as reopening it needs (see share/opened.ts), and what names it in a list. */
export type RunRow = Pick<ResultEntry, 'kernel' | 'params' | 'constants' | 'sourceHash' | 'wgsl' | 'sidecar' | 'referenceModule' | 'medianMs' | 'correct' | 'time'>;

/**
 * The rows of an Arrow or Parquet results export (columns as resultsColumns
 * writes them: params and constants as JSON text) as runs. Throws naming the
 * file, the row and the column when one is not what the export writes.
 */
export function runsFromRows(rows: readonly Record<string, unknown>[], file: string): RunRow[] {
  return rows.map((row, i) => {
    const bad = (column: string, why: string): never => {
      throw new Error(`${file} is not a Kernel Lab results export: row ${i + 1}, column "${column}" ${why}.`);
    };
    const text = (column: string): string | undefined => {
      const v = row[column];
      if (v === null || v === undefined) return undefined;
      return typeof v === 'string' ? v : bad(column, 'is not text');
    };
    const numbers = (column: string): Record<string, number> => {
      let v: unknown;
      try {
        v = JSON.parse(text(column) ?? bad(column, 'is missing'));
      } catch {
        return bad(column, 'is not JSON');
      }
      if (typeof v !== 'object' || v === null || Object.values(v).some((x) => typeof x !== 'number')) bad(column, 'is not an object of numbers');
      return v as Record<string, number>;
    };
    const median = row.medianMs;
    const wgsl = text('wgsl');
    const sidecar = text('sidecar');
    const referenceModule = text('referenceModule');
    return {
      kernel: text('kernel') ?? bad('kernel', 'is missing'),
      params: numbers('params'),
      constants: numbers('constants'),
      sourceHash: text('sourceHash') ?? '',
      ...(wgsl === undefined ? {} : { wgsl }),
      ...(sidecar === undefined ? {} : { sidecar }),
      ...(referenceModule === undefined ? {} : { referenceModule }),
      medianMs: typeof median === 'number' ? median : null,
      correct: row.correct === true,
      time: text('time') ?? '',
    };
  });
}
