/**
 * CSV text to an Arrow table, for comparison with the binary formats. Parsed
 * by papaparse (RFC 4180 quoting, the delimiter guessed among comma, tab,
 * semicolon and bar); the first record is the header. A column whose every
 * non-empty field is a number becomes Float64, any other column Utf8; an empty
 * field is null in both. Rows of a different width than the header mean the
 * text is not a table, and are refused rather than padded.
 */
import Papa from 'papaparse';
import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { DataError } from './errors';

/** A number as CSV writers spell one: decimal or exponent notation, NaN, ±Infinity (as `inf` too). */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Readonly<Record<string, number>> = { nan: Number.NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

function parseNumber(field: string): number | undefined {
  const s = field.trim();
  if (NUMBER.test(s)) return Number(s);
  return SPECIAL[s.toLowerCase()];
}

function numberColumn(rows: readonly string[][], j: number): Data | undefined {
  const n = rows.length - 1;
  const values = new Float64Array(n);
  const bitmap = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const field = rows[i + 1]?.[j] ?? '';
    if (field.trim() === '') {
      nulls++;
      continue;
    }
    const v = parseNumber(field);
    if (v === undefined) return undefined;
    values[i] = v;
    bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  }
  // A column of only empty fields says nothing about its type: text.
  if (nulls === n) return undefined;
  return makeData({ type: new Float64(), length: n, nullCount: nulls, ...(nulls > 0 ? { nullBitmap: bitmap } : {}), data: values });
}

function textColumn(rows: readonly string[][], j: number): Data {
  const strings = rows.slice(1).map((r) => {
    const field = r[j] ?? '';
    return field === '' ? null : field;
  });
  return vectorFromArray(strings, new Utf8()).data[0] as Data;
}

/** Header names made unique and non-empty ("column 3", "x (2)"), with a note when any had to change. */
function columnNames(header: readonly string[]): { names: string[]; notes: string[] } {
  const seen = new Map<string, number>();
  const notes: string[] = [];
  const names = header.map((raw, j) => {
    let name = raw.trim() === '' ? `column ${j + 1}` : raw;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count > 1) name = `${name} (${count})`;
    if (name !== raw) notes.push(`header field ${j + 1} "${raw}" is named "${name}"`);
    return name;
  });
  return { names, notes };
}

/**
 * Parses CSV bytes (UTF-8, optional BOM) into an Arrow table.
 * @returns the table (Float64 and Utf8 columns, one record batch) and notes for the UI
 * @throws DataError: corrupt (not UTF-8, an unclosed quote), empty (no records), not-a-table (rows of unequal width)
 */
export function csvToTable(bytes: Uint8Array, file: string): { readonly table: Table; readonly notes: readonly string[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DataError(file, 'corrupt', 'it is not valid UTF-8 text, so it cannot be read as CSV');
  }
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, dynamicTyping: false, delimitersToGuess: [',', '\t', ';', '|'] });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw new DataError(file, 'corrupt', `record ${(quoteError.row ?? 0) + 1}: ${quoteError.message.replace(/\.$/, '')}`);
  const rows = parsed.data;
  const header = rows[0];
  if (!header) throw new DataError(file, 'empty', 'the CSV has no records, not even a header');
  const width = header.length;
  const ragged = rows.findIndex((r) => r.length !== width);
  if (ragged >= 0) {
    throw new DataError(file, 'not-a-table', `record ${ragged + 1} has ${rows[ragged]?.length} field${rows[ragged]?.length === 1 ? '' : 's'} but the header has ${width}, so this text is not a CSV table`);
  }
  const { names, notes } = columnNames(header);
  if (header.every((h) => parseNumber(h) !== undefined)) notes.push('the first record (all numbers) was taken as the header');
  const children = names.map((_, j) => numberColumn(rows, j) ?? textColumn(rows, j));
  const fields = names.map((name, j) => new Field(name, children[j]?.type ?? new Utf8(), true));
  const length = rows.length - 1;
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  const table = new Table([new RecordBatch(new Schema(fields), struct)]);
  const delimiter = parsed.meta.delimiter === '\t' ? 'tab' : `"${parsed.meta.delimiter}"`;
  return { table, notes: [`delimiter ${delimiter}`, ...notes] };
}
