/**
 * Bytes to an Arrow table and what the data panel says about it, whatever the
 * format: found from the bytes (detect.ts), then Parquet through parquet-wasm
 * (parquet.ts), Arrow IPC files and streams through apache-arrow, CSV through
 * papaparse (csv.ts). Every failure is a DataError naming the file and the
 * reason. parquet-wasm is passed in, and loaded only for a Parquet file: Node
 * imports `parquet-wasm`; the page initialises `parquet-wasm/esm` (5 MB of
 * wasm) on first use (parquet-browser.ts).
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import { DataError } from './errors';
import { csvToTable } from './csv';
import { formatOf, type DataFormat } from './detect';
import { describeData, parquetInfo, type DataInfo } from './info';
import { readParquetTable, type ParquetWasm } from './parquet';

export interface LoadOptions {
  /** parquet-wasm, or a function that loads it (called only when the file is Parquet). */
  readonly parquet?: ParquetWasm | (() => Promise<ParquetWasm>);
  /** Only these top-level columns (Parquet reads only these; other formats drop the rest after reading). */
  readonly columns?: readonly string[];
  /** Parquet: rows per record batch (default: all rows in one batch, so a column is one contiguous array). */
  readonly batchRows?: number;
}

export interface LoadedData {
  readonly table: Table;
  readonly info: DataInfo;
}

function readArrow(bytes: Uint8Array, file: string, format: DataFormat): Table {
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    const words = (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
    const what = format === 'arrow-file' ? 'Arrow IPC file' : 'Arrow IPC stream';
    if (/unrecognized|unsupported|not (?:yet )?implemented/i.test(words)) throw new DataError(file, 'unsupported', `apache-arrow cannot read this ${what}: ${words}`);
    throw new DataError(file, 'corrupt', `the ${what} does not read: ${words}`);
  }
}

function selectColumns(table: Table, file: string, columns: readonly string[] | undefined): Table {
  if (!columns) return table;
  const names = table.schema.fields.map((f) => f.name);
  const missing = columns.find((c) => !names.includes(c));
  if (missing !== undefined) throw new DataError(file, 'no-column', `there is no column "${missing}" (the columns are ${names.slice(0, 12).map((n) => `"${n}"`).join(', ')}${names.length > 12 ? ', …' : ''})`);
  // The file's order, as Parquet's column reader gives.
  return table.select(names.filter((n) => columns.includes(n)));
}

/**
 * Reads a data file: detects its format from the bytes, loads parquet-wasm only if it is Parquet, and decodes it.
 * @param bytes the whole file; Arrow IPC tables keep views of it (do not reuse the buffer)
 * @param file its name, used in messages and in DataInfo
 * @returns the table and its DataInfo
 * @throws DataError naming `file` and the reason (see DataProblem)
 */
export async function loadData(bytes: Uint8Array, file: string, options: LoadOptions = {}): Promise<LoadedData> {
  const { format } = formatOf(bytes, file);
  const base = { file, format, bytes: bytes.length };
  if (format === 'parquet') {
    const source = options.parquet;
    if (!source) throw new DataError(file, 'unsupported', 'it is Parquet, and no Parquet decoder was given to read it');
    const pq = typeof source === 'function' ? await source() : source;
    const read = await readParquetTable(bytes, file, pq, { ...(options.columns ? { columns: options.columns } : {}), ...(options.batchRows ? { batchRows: options.batchRows } : {}) });
    const notes = [read.path === 'ffi' ? 'decoded by parquet-wasm, read out of WebAssembly memory through the Arrow C Data Interface (no IPC round trip)' : 'decoded by parquet-wasm', ...read.notes];
    return { table: read.table, info: describeData(read.table, { ...base, notes, parquet: parquetInfo(read.footer) }) };
  }
  if (format === 'csv') {
    const { table, notes } = csvToTable(bytes, file);
    const selected = selectColumns(table, file, options.columns);
    return { table: selected, info: describeData(selected, { ...base, notes }) };
  }
  const table = selectColumns(readArrow(bytes, file, format), file, options.columns);
  return { table, info: describeData(table, { ...base, notes: [] }) };
}
