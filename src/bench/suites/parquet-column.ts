/**
 * Parquet → a GPU-ready Float32Array, our loader beside hyparquet, on the
 * same files in the same run: the benchmark the issue's Performance section
 * asks for (goal: ours at least 2× faster, Snappy and Zstd, ≥ 1 M rows).
 *
 * Both read one f32 column (ONE_COLUMN) of the formats table from a Blob, as
 * a page reads a picked file, and both read only the footer and that
 * column's chunks:
 * - ours: readParquetBlob (parquet-wasm's async reader, out of WebAssembly
 *   memory through the C Data Interface), then columnToHost (a view of
 *   Arrow's memory when the column is one chunk: no copy);
 * - hyparquet (with hyparquet-compressors, which it needs for Zstd):
 *   parquetRead with `onChunk`, its column-oriented interface, each chunk
 *   copied into one Float32Array.
 * Samples alternate between the two (after one warm-up each), so neither
 * gets a quieter machine; medians are compared. Both results are checked
 * against the generated values.
 *
 * No Node APIs: it runs in the runner's page and in Node tests alike.
 */
import type { Table } from 'apache-arrow';
import type { Compressors, ParquetReadOptions } from 'hyparquet';
import { columnToHost } from '../../data/columns';
import type { ParquetWasm } from '../../data/parquet';
import { readParquetBlob } from '../../data/parquet-blob';
import { summarize, type Stats } from '../run/stats';
import { firstDifference } from './formats';
import { ONE_COLUMN, formatsParquet, formatsTable, type ParquetCodec, type ParquetWriterWasm } from './formats-table';

export const COLUMN_READERS = ['kernel-lab', 'hyparquet'] as const;
export type ColumnReader = (typeof COLUMN_READERS)[number];

export interface ParquetColumnOptions {
  readonly rows: number;
  readonly codecs?: readonly ParquetCodec[];
  readonly seed?: number;
  /** Samples per reader after one warm-up each (default 7). */
  readonly samples?: number;
  readonly onProgress?: (text: string) => void;
}

export interface ParquetColumnReading {
  readonly codec: ParquetCodec;
  readonly rows: number;
  readonly fileBytes: number;
  readonly column: string;
  readonly ms: Readonly<Record<ColumnReader, Stats>>;
  /** hyparquet's median time over ours: above 1, ours is faster. */
  readonly ratio: number;
  readonly correct: Readonly<Record<ColumnReader, boolean>>;
  readonly problem?: string;
}

/** hyparquet's reader and the decompressors from hyparquet-compressors, loaded on first use (not in the page's first chunk). */
async function hyparquet(): Promise<{ read: (options: ParquetReadOptions) => Promise<void>; compressors: Compressors }> {
  const [{ parquetRead }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  return { read: parquetRead, compressors };
}

type ReadColumn = (blob: Blob) => Promise<Float32Array>;

function ourReader(pq: ParquetWasm, codec: ParquetCodec): ReadColumn {
  return async (blob) => {
    const { table } = await readParquetBlob(blob, `column.${codec}.parquet`, pq, { columns: [ONE_COLUMN] });
    return columnToHost(table, ONE_COLUMN, { kind: 'f32' }).data as Float32Array;
  };
}

function hyparquetReader(h: Awaited<ReturnType<typeof hyparquet>>, rows: number): ReadColumn {
  return async (blob) => {
    const file = { byteLength: blob.size, slice: (start: number, end?: number) => blob.slice(start, end).arrayBuffer() };
    const out = new Float32Array(rows);
    await h.read({
      file,
      columns: [ONE_COLUMN],
      compressors: h.compressors,
      onChunk: (chunk) => out.set(chunk.columnData as ArrayLike<number>, chunk.rowStart),
    });
    return out;
  };
}

/**
 * Writes the formats table (`rows` rows) as Parquet per codec and reads ONE_COLUMN back with both readers, timed.
 * @param pq parquet-wasm, reading and writing
 * @returns one reading per codec (default Snappy and Zstd)
 */
export async function measureParquetColumn(pq: ParquetWasm & ParquetWriterWasm, options: ParquetColumnOptions): Promise<ParquetColumnReading[]> {
  const samples = Math.max(1, options.samples ?? 7);
  const h = await hyparquet();
  options.onProgress?.(`writing ${options.rows.toLocaleString('en-US')} rows`);
  const source: Table = formatsTable(options.rows, options.seed ?? 12);
  const want = source.getChild(ONE_COLUMN)!.data[0]!.values as Float32Array;
  const out: ParquetColumnReading[] = [];
  for (const codec of options.codecs ?? ['snappy', 'zstd']) {
    const bytes = formatsParquet(source, codec, pq);
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const read: Record<ColumnReader, ReadColumn> = { 'kernel-lab': ourReader(pq, codec), hyparquet: hyparquetReader(h, options.rows) };
    const times: Record<ColumnReader, number[]> = { 'kernel-lab': [], hyparquet: [] };
    const correct: Record<ColumnReader, boolean> = { 'kernel-lab': false, hyparquet: false };
    let problem: string | undefined;
    for (let round = 0; round <= samples; round++) {
      options.onProgress?.(`${codec}: ${round === 0 ? 'warm-up' : `sample ${round} of ${samples}`}`);
      // Alternate who goes first, so neither always follows the other's garbage.
      const order = round % 2 === 0 ? COLUMN_READERS : COLUMN_READERS.toReversed();
      for (const who of order) {
        const t0 = performance.now();
        const values = await read[who](blob);
        const ms = performance.now() - t0;
        if (round === 0) {
          const wrong = firstDifference(want, values, ONE_COLUMN);
          correct[who] = wrong === undefined;
          if (wrong) problem = `${who}: ${wrong}`;
        } else {
          times[who].push(ms);
        }
      }
    }
    const ms = { 'kernel-lab': summarize(times['kernel-lab']), hyparquet: summarize(times.hyparquet) };
    out.push({ codec, rows: options.rows, fileBytes: bytes.length, column: ONE_COLUMN, ms, ratio: ms.hyparquet.medianMs / ms['kernel-lab'].medianMs, correct, ...(problem ? { problem } : {}) });
  }
  return out;
}
