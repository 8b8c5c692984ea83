/** Reading a results file back (a baseline for `--compare`, a file loaded in the page), with the first problem named. */
import { RESULTS_SCHEMA, type ResultsFile } from './schema';

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
