/** The results as CSV, one row per result, for spreadsheets. */
import type { ResultEntry } from './schema';

const CSV_COLUMNS = [
  'kernel', 'params', 'constants', 'timing', 'samples', 'repsPerSample', 'medianMs', 'minMs', 'p90Ms', 'cv',
  'flops', 'bytes', 'gflops', 'gbps', 'intensity', 'roofFraction', 'correct', 'compared', 'relError', 'scaledError', 'maxAbsError',
  'tolerance', 'sourceHash', 'seed', 'time', 'suite', 'error',
] as const;

function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? '' : typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' ') : String(v);
  // RFC 4180: a cell with a comma, a quote or a line break (\n or \r) is quoted.
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per result; params and constants as `k=v` lists, errors as their message. */
export function resultsCsv(results: readonly ResultEntry[]): string {
  const rows = results.map((r) =>
    CSV_COLUMNS.map((c) => csvCell(c === 'error' ? r.error?.message : (r as unknown as Record<string, unknown>)[c])).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
