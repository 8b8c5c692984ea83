/**
 * Parquet from a Blob (a File from a picker or a drop, or bytes in memory as
 * bytesAsBlob gives them) without reading the whole file: the footer is read
 * from the file's end, checked as readParquetTable checks it, and
 * parquet-wasm's async reader then fetches only the byte ranges of the column
 * chunks asked for. Reading one column of twenty reads about a twentieth of
 * the file, which is the point of a columnar format.
 */
import { columnToHost, type NullPolicy } from './columns';
import { DataError } from './errors';
import { readParquetFooter, type ParquetFooter } from './footer';
import { checkFooter, decodeError, lendTableOutOfWasm, tableOutOfWasm, type BlobLike, type ParquetRead, type ParquetWasm, type ParquetWasmFile } from './parquet';

const bytesOf = async (blob: BlobLike, start: number, end?: number): Promise<Uint8Array> => new Uint8Array(await blob.slice(start, end).arrayBuffer());

/** The end of the file read first: most footers fit, so one read (and the start's, beside it) finds the footer. */
const TAIL_GUESS = 64 * 1024;

/**
 * The footer of a Parquet file in a Blob, read from its end. Our footer reader takes bytes that end with the
 * file and start at least 4 bytes before the footer (room for the leading `PAR1`), so the tail is cut there.
 * Reads from a Blob are slow to start (about 1.7 ms each in Chromium, which serves them from the browser
 * process), so the start and a generous end are read at once, and a second read happens only for a footer
 * larger than that.
 * @throws DataError: truncated, encrypted, corrupt (as readParquetFooter), or corrupt when the file does not start with `PAR1`
 */
export async function readParquetBlobFooter(blob: BlobLike, file: string): Promise<ParquetFooter> {
  const [head, tail] = await Promise.all([bytesOf(blob, 0, 4), bytesOf(blob, Math.max(0, blob.size - TAIL_GUESS))]);
  if (blob.size >= 4 && new TextDecoder().decode(head) !== 'PAR1') throw new DataError(file, 'corrupt', 'it does not start with PAR1, so it is not a Parquet file');
  const footerBytes = tail.length >= 8 ? new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(tail.length - 8, true) : 0;
  const need = footerBytes + 12;
  if (need <= tail.length || tail.length === blob.size) return readParquetFooter(tail.subarray(Math.max(0, tail.length - need)), file);
  return readParquetFooter(await bytesOf(blob, Math.max(0, blob.size - need)), file);
}

/**
 * Reads top-level columns of a Parquet file held in a Blob into an Arrow table (one record batch per row group
 * when `columns` are given, else `batchRows` rows per batch, all rows by default).
 * @param blob the file; only its footer and the chunks of `columns` are read
 * @param file its name, for messages
 * @param pq parquet-wasm (see ParquetWasm)
 * @param options columns: top-level columns (all by default), in the file's order; rowGroups: only these row groups;
 *   batchRows: rows per record batch
 * @throws DataError naming `file`, as readParquetTable
 */
export async function readParquetBlob(blob: BlobLike, file: string, pq: ParquetWasm, options: { readonly columns?: readonly string[]; readonly rowGroups?: readonly number[]; readonly batchRows?: number } = {}): Promise<ParquetRead> {
  const footer = await readParquetBlobFooter(blob, file);
  checkFooter(footer, file, blob.size, options.columns);
  const bad = options.rowGroups?.find((g) => !Number.isInteger(g) || g < 0 || g >= footer.rowGroups.length);
  if (bad !== undefined) throw new DataError(file, 'shape', `there is no row group ${bad} (it has ${footer.rowGroups.length})`);
  const notes: string[] = [];
  if (footer.numRows !== footer.rowGroupRows) notes.push(`the footer states ${footer.numRows} rows but its row groups hold ${footer.rowGroupRows}`);
  const batchSize = Math.max(1, Math.min(options.batchRows ?? footer.rowGroupRows, 2 ** 31 - 1));
  let reader: ParquetWasmFile | undefined;
  try {
    reader = await pq.ParquetFile.fromFile(blob);
    const wasmTable = await reader.read({ batchSize, ...(options.columns ? { columns: [...options.columns] } : {}), ...(options.rowGroups ? { rowGroups: [...options.rowGroups] } : {}) });
    return { ...tableOutOfWasm(wasmTable, pq, file, notes), footer };
  } catch (e) {
    throw decodeError(e, file);
  } finally {
    reader?.free();
  }
}

/**
 * One column of a Parquet file in a Blob, lent to `consume` as f32 values on their way to the GPU: a Float32 column
 * without nulls, decoded as one array, is a view of parquet-wasm's memory (no copy out of the wasm); any other
 * numeric column is converted as columnToHost converts it. `consume` must be synchronous and must not call
 * parquet-wasm; `queue.writeBuffer(buffer, 0, values)` or a copy into a mapped range is what it is for.
 * @param blob the file (bytesAsBlob for bytes in memory); only the footer and the column's chunks are read
 * @param consume receives [rows] values; what it returns is returned
 * @throws DataError naming `file`: as readParquetBlob, and as columnToHost (column-type, nulls, range)
 */
export async function readParquetColumnView<R>(blob: BlobLike, file: string, pq: ParquetWasm, column: string, consume: (values: Float32Array) => R, nulls: NullPolicy = 'refuse'): Promise<R> {
  const footer = await readParquetBlobFooter(blob, file);
  checkFooter(footer, file, blob.size, [column]);
  let reader: ParquetWasmFile | undefined;
  let wasmTable;
  try {
    reader = await pq.ParquetFile.fromFile(blob);
    wasmTable = await reader.read({ batchSize: Math.max(1, Math.min(footer.rowGroupRows, 2 ** 31 - 1)), columns: [column] });
  } catch (e) {
    throw decodeError(e, file);
  } finally {
    reader?.free();
  }
  return lendTableOutOfWasm(wasmTable, pq, file, (table) => consume(columnToHost(table, column, { kind: 'f32', nulls, file }).data as Float32Array));
}
