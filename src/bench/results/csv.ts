/** The results as CSV, one row per result, for spreadsheets. */
import { ENVIRONMENT_COLUMNS, type ResultEntry, type RunEnvironment } from './schema';

const CSV_COLUMNS = [
  'kernel', 'params', 'constants', 'timing', 'samples', 'repsPerSample', 'medianMs', 'minMs', 'p90Ms', 'cv',
  'flops', 'bytes', 'gflops', 'gbps', 'intensity', 'roofFraction', 'correct', 'compared', 'relError', 'scaledError', 'maxAbsError',
  'tolerance', 'sourceHash', 'seed', 'time', 'stoppedBy', 'timingNote', 'dispatchesPerRep', 'bufferSets', 'data', 'suite', 'format', 'pump', 'errorKind', 'errorFacts', 'error',
] as const;

/** A failure's facts beyond kind and message (the missing features, the limit), as JSON text; empty when there are none. */
export function errorFacts(e: ResultEntry): string | undefined {
  if (!e.error) return undefined;
  const { kind: _kind, message: _message, ...facts } = e.error;
  return Object.keys(facts).length > 0 ? JSON.stringify(facts) : undefined;
}

/** The value of a column that is not a field of the entry as it stands. */
function derived(c: (typeof CSV_COLUMNS)[number], r: ResultEntry): unknown {
  if (c === 'error') return r.error?.message;
  if (c === 'errorKind') return r.error?.kind;
  if (c === 'errorFacts') return errorFacts(r);
  if (c === 'data') return r.data?.map((d) => `${d.buffer}=${d.file}:${d.column}(${d.rows} rows)`).join(' ');
  // The data suites' facts as k=v lists; the pump's per-batch timeline stays in JSON, Arrow and Parquet.
  if (c === 'pump' && r.pump) {
    const { timeline: _timeline, ...facts } = r.pump;
    return facts;
  }
  return (r as unknown as Record<string, unknown>)[c];
}

function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? '' : typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' ') : String(v);
  // RFC 4180: a cell with a comma, a quote or a line break (\n or \r) is quoted.
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per result; params and constants as `k=v` lists, a failure as its
 * kind, its facts (JSON) and its message. The code that ran (wgsl, sidecar,
 * reference) stays out: a spreadsheet row per run, not a file store. With
 * `environment` (the runner's files), its ENVIRONMENT_COLUMNS lead every row.
 */
export function resultsCsv(results: readonly ResultEntry[], environment?: RunEnvironment): string {
  const lead = environment ? ENVIRONMENT_COLUMNS.map((k) => csvCell(environment[k])) : [];
  const rows = results.map((r) =>
    [...lead, ...CSV_COLUMNS.map((c) => csvCell(derived(c, r)))].join(','),
  );
  return `${[[...(environment ? ENVIRONMENT_COLUMNS : []), ...CSV_COLUMNS].join(','), ...rows].join('\n')}\n`;
}
