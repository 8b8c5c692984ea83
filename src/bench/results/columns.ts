/** The results as typed columns, for the Arrow and Parquet exports. */
import type { Column } from '../../data/table';
import { errorFacts } from './csv';
import { ENVIRONMENT_COLUMNS, type ResultEntry, type RunEnvironment } from './schema';

/**
 * The results as typed columns, for Arrow and Parquet (params, constants and a failure's facts as JSON text);
 * with `environment`, the ENVIRONMENT_COLUMNS first.
 */
export function resultsColumns(results: readonly ResultEntry[], environment?: RunEnvironment): Column[] {
  const col = (name: string, type: Column['type'], get: (r: ResultEntry) => string | number | boolean | null | undefined): Column => ({
    name,
    type,
    values: results.map((r) => get(r) ?? null),
  });
  return [
    ...(environment ? ENVIRONMENT_COLUMNS.map((k) => col(k, 'utf8', () => environment[k])) : []),
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
    col('wgsl', 'utf8', (r) => r.wgsl),
    col('sidecar', 'utf8', (r) => r.sidecar),
    col('referenceModule', 'utf8', (r) => r.referenceModule),
    col('data', 'utf8', (r) => (r.data ? JSON.stringify(r.data) : undefined)),
    col('time', 'utf8', (r) => r.time),
    col('stoppedBy', 'utf8', (r) => r.stoppedBy),
    col('timingNote', 'utf8', (r) => r.timingNote),
    col('dispatchesPerRep', 'int32', (r) => r.dispatchesPerRep),
    col('bufferSets', 'int32', (r) => r.bufferSets),
    col('suite', 'utf8', (r) => r.suite),
    // The data suites' facts (the pump's with its per-batch timeline) as JSON text.
    col('format', 'utf8', (r) => (r.format ? JSON.stringify(r.format) : undefined)),
    col('pump', 'utf8', (r) => (r.pump ? JSON.stringify(r.pump) : undefined)),
    col('errorKind', 'utf8', (r) => r.error?.kind),
    col('errorFacts', 'utf8', errorFacts),
    col('error', 'utf8', (r) => r.error?.message),
  ];
}
