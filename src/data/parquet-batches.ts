/**
 * One column of a Parquet file, one row group at a time, as f32 values: the
 * record batches a dataloader streams to the GPU. The file stays in its Blob;
 * each `decode(i)` reads and decodes only row group i's chunk of the column
 * (parquet-wasm's async reader), out of WebAssembly memory through the C Data
 * Interface, and hands the values over as columnToHost does (Float32 without
 * nulls as a view, other numeric types converted).
 */
import { columnToHost, type NullPolicy } from './columns';
import { DataError } from './errors';
import type { ParquetFooter } from './footer';
import { checkFooter, decodeError, tableOutOfWasm, type BlobLike, type ParquetWasm, type ParquetWasmFile } from './parquet';
import { readParquetBlobFooter } from './parquet-blob';

export interface ColumnBatches {
  readonly file: string;
  readonly column: string;
  readonly footer: ParquetFooter;
  /** Row groups, one batch each. */
  readonly batches: number;
  /** Rows of batch i. */
  rowsOf(i: number): number;
  /**
   * Batch i's values.
   * @throws DataError naming the file (undecodable, nulls, column-type, range)
   */
  decode(i: number): Promise<Float32Array>;
  /** Frees the decoder's reader. */
  close(): void;
}

/**
 * Opens `column` of a Parquet file in a Blob for batch-by-batch decoding.
 * @throws DataError naming `file`: as readParquetBlob (truncated, corrupt, encrypted, unsupported, no-column, …)
 */
export async function parquetColumnBatches(blob: BlobLike, file: string, column: string, pq: ParquetWasm, nulls: NullPolicy = 'refuse'): Promise<ColumnBatches> {
  const footer = await readParquetBlobFooter(blob, file);
  checkFooter(footer, file, blob.size, [column]);
  let reader: ParquetWasmFile;
  try {
    reader = await pq.ParquetFile.fromFile(blob);
  } catch (e) {
    throw decodeError(e, file);
  }
  const rowsOf = (i: number): number => {
    const g = footer.rowGroups[i];
    if (!g) throw new DataError(file, 'shape', `there is no row group ${i} (it has ${footer.rowGroups.length})`);
    return g.numRows;
  };
  return {
    file,
    column,
    footer,
    batches: footer.rowGroups.length,
    rowsOf,
    async decode(i) {
      const rows = rowsOf(i);
      let read;
      try {
        read = tableOutOfWasm(await reader.read({ rowGroups: [i], columns: [column], batchSize: Math.max(1, rows) }), pq, file, []);
      } catch (e) {
        throw decodeError(e, file);
      }
      return columnToHost(read.table, column, { kind: 'f32', nulls, file }).data as Float32Array;
    },
    close: () => reader.free(),
  };
}
