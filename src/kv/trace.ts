/**
 * A serving trace: the requests a server receives, one row each, with when it
 * arrived (seconds from the start), its prompt's length and the length of the
 * output it generates (tokens). Read from any table the data loaders give
 * (src/data: Arrow IPC, Parquet, CSV); a bad value is refused with the row
 * (1-based, as a spreadsheet counts data rows) and the column it is in, so a
 * user's own trace can be fixed where it is wrong.
 */
import { DataType, type Table } from 'apache-arrow';
import { DataError } from '../data/errors';

/** The trace's columns, as the sample trace names them and a user's file must. */
export const TRACE_COLUMNS = { arrival: 'arrival_s', prompt: 'prompt_tokens', output: 'output_tokens' } as const;

/** One request: it arrives at `arrivalS` seconds, brings `promptTokens` tokens and generates `outputTokens`. */
export interface TraceRequest {
  /** Its row in the file, 1-based (kept through sorting, for messages). */
  readonly row: number;
  readonly arrivalS: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
}

export interface TraceOptions {
  /**
   * The longest sequence a request may reach, prompt and output together (tokens): the
   * model's context, which the reserved policy sets aside for every request. A row
   * longer than this is refused.
   */
  readonly maxLength: number;
  /** The file's name, for messages. */
  readonly file: string;
}

/** The vLLM paper's context for its OPT models, the length the reserved policy reserves (Orca "Max"). */
export const DEFAULT_MAX_LENGTH = 2048;

const isNumberType = (t: DataType): boolean => DataType.isInt(t) || DataType.isFloat(t);

/**
 * The requests of a trace table, sorted by arrival (ties keep the file's order).
 * @param table columns arrival_s (seconds ≥ 0, any number type), prompt_tokens and output_tokens
 *   (whole numbers ≥ 1; a float column holding whole numbers is accepted, as CSV gives); other columns are ignored
 * @throws DataError: 'empty' for no rows; 'no-column' naming the missing column and the ones there are;
 *   'column-type' for a column of text (naming the first row that is not a number);
 *   'range' naming the row and column of the first null, non-finite, negative, fractional or too-long value
 */
export function traceFromTable(table: Table, options: TraceOptions): TraceRequest[] {
  const { file, maxLength } = options;
  const names = table.schema.fields.map((f) => f.name);
  const columns = Object.values(TRACE_COLUMNS).map((name) => {
    const vector = table.getChild(name);
    if (!vector) throw new DataError(file, 'no-column', `a trace needs the columns ${Object.values(TRACE_COLUMNS).map((c) => `"${c}"`).join(', ')}; there is no "${name}" (the columns are ${names.map((n) => `"${n}"`).join(', ') || 'none'})`);
    return { name, vector };
  });
  if (table.numRows === 0) throw new DataError(file, 'empty', 'the trace has no requests');
  for (const { name, vector } of columns) {
    if (isNumberType(vector.type)) continue;
    let row = 0;
    while (row < vector.length && (vector.get(row) === null || Number.isFinite(Number(vector.get(row))))) row++;
    const shown = row < vector.length ? `: row ${row + 1} holds ${JSON.stringify(String(vector.get(row)))}, not a number` : '';
    throw new DataError(file, 'column-type', `column "${name}" must hold numbers, and it is ${String(vector.type)}${shown}`);
  }
  const [arrival, prompt, output] = columns;
  const value = (c: typeof arrival, i: number, what: 'seconds' | 'tokens'): number => {
    const raw: unknown = c!.vector.get(i);
    const bad = (why: string): never => {
      throw new DataError(file, 'range', `row ${i + 1}, column "${c!.name}": ${why}`);
    };
    if (raw === null || raw === undefined) bad('the value is missing (null)');
    const v = Number(raw);
    if (!Number.isFinite(v)) bad(`${String(raw)} is not a finite number`);
    if (what === 'seconds') return v >= 0 ? v : bad(`${v} is before the trace starts (arrival times are seconds ≥ 0)`);
    if (!(Number.isInteger(v) && v >= 1)) bad(`${v} is not a whole number of tokens ≥ 1`);
    return v;
  };
  const requests: TraceRequest[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const r = { row: i + 1, arrivalS: value(arrival, i, 'seconds'), promptTokens: value(prompt, i, 'tokens'), outputTokens: value(output, i, 'tokens') };
    if (r.promptTokens + r.outputTokens > maxLength) {
      throw new DataError(file, 'range', `row ${i + 1}, columns "${TRACE_COLUMNS.prompt}" and "${TRACE_COLUMNS.output}": ${r.promptTokens} + ${r.outputTokens} tokens is longer than the ${maxLength}-token maximum length of a sequence`);
    }
    requests.push(r);
  }
  return requests.sort((a, b) => a.arrivalS - b.arrivalS || a.row - b.row);
}
