/**
 * Parquet → a GPU-ready Float32Array, our loader beside hyparquet, on the
 * same files in the same run: the benchmark the Performance section
 * asks for (goal: ours at least 2× faster, Snappy and Zstd, ≥ 1 M rows).
 *
 * Both read one f32 column (ONE_COLUMN) of the formats table, reading only
 * the footer and that column's chunks, and end where an upload would start:
 * with a Float32Array that `queue.writeBuffer` takes as it is. Two sources:
 * - `memory`: the file's bytes already in memory (fetched, or read once and
 *   handed to the decoding Worker, as the page does), through bytesAsBlob;
 *   hyparquet reads the ArrayBuffer itself;
 * - `blob`: a Blob, as a picked file arrives; in Chromium every Blob read is
 *   served by the browser process (about 1.7 ms to start, some 300 MB/s),
 *   which both readers pay alike.
 * Ours is readParquetColumnView: parquet-wasm's async reader, and the values
 * lent as a view of WebAssembly memory through the C Data Interface (no copy
 * out of the wasm; the view lives until the upload). hyparquet (with
 * hyparquet-compressors, which it needs for Zstd) is used through
 * parquetRead with `onChunk`, its column-oriented interface, each chunk
 * copied into one Float32Array.
 * Samples alternate between the two (after one warm-up each), so neither
 * gets a quieter machine; medians are compared. Both results are checked
 * against the generated values.
 *
 * No Node APIs: it runs in the runner's page and in Node tests alike.
 */
import type { Table } from 'apache-arrow';
import type { Compressors, ParquetReadOptions } from 'hyparquet';
import { bytesAsBlob, type ParquetWasm } from '../../data/parquet';
import { readParquetColumnView } from '../../data/parquet-blob';
import { summarize, type Stats } from '../run/stats';
import { firstDifference } from './formats';
import { ONE_COLUMN, formatsParquet, formatsTable, type ParquetCodec, type ParquetWriterWasm } from './formats-table';

export const COLUMN_READERS = ['kernel-lab', 'hyparquet'] as const;
export type ColumnReader = (typeof COLUMN_READERS)[number];

/** Where the file is read from: bytes in memory, or a Blob (a picked file). */
export type ColumnSource = 'memory' | 'blob';
export const COLUMN_SOURCES: readonly ColumnSource[] = ['memory', 'blob'];

export interface ParquetColumnOptions {
  readonly rows: number;
  readonly codecs?: readonly ParquetCodec[];
  readonly sources?: readonly ColumnSource[];
  readonly seed?: number;
  /** Samples per reader after one warm-up each (default 7). */
  readonly samples?: number;
  readonly onProgress?: (text: string) => void;
}

export interface ParquetColumnReading {
  readonly codec: ParquetCodec;
  readonly source: ColumnSource;
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

/**
 * Reads the column and hands its values to `consume`, the point where a caller would upload them
 * (`queue.writeBuffer` takes either reader's array as it is). Ours lends a view of parquet-wasm's memory, valid
 * only while `consume` runs; hyparquet's array is its own.
 */
type ReadColumn = (consume: (values: Float32Array) => void) => Promise<void>;

function ourReader(pq: ParquetWasm, codec: ParquetCodec, source: ColumnSource, bytes: Uint8Array, blob: Blob): ReadColumn {
  const file = `column.${codec}.parquet`;
  const from = source === 'memory' ? bytesAsBlob(bytes) : blob;
  return (consume) => readParquetColumnView(from, file, pq, ONE_COLUMN, consume);
}

function hyparquetReader(h: Awaited<ReturnType<typeof hyparquet>>, rows: number, source: ColumnSource, bytes: Uint8Array, blob: Blob): ReadColumn {
  // hyparquet takes an ArrayBuffer as its file, or an AsyncBuffer that reads ranges.
  const memory = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return async (consume) => {
    const file = source === 'memory' ? memory : { byteLength: blob.size, slice: (start: number, end?: number) => blob.slice(start, end).arrayBuffer() };
    const out = new Float32Array(rows);
    await h.read({
      file,
      columns: [ONE_COLUMN],
      compressors: h.compressors,
      onChunk: (chunk) => out.set(chunk.columnData as ArrayLike<number>, chunk.rowStart),
    });
    consume(out);
  };
}

/** Both readers on one file and source: a warm-up each (checked), then `samples` alternating samples. */
async function race(read: Record<ColumnReader, ReadColumn>, want: Float32Array, samples: number, say: (text: string) => void): Promise<Pick<ParquetColumnReading, 'ms' | 'ratio' | 'correct' | 'problem'>> {
  const times: Record<ColumnReader, number[]> = { 'kernel-lab': [], hyparquet: [] };
  const correct: Record<ColumnReader, boolean> = { 'kernel-lab': false, hyparquet: false };
  let problem: string | undefined;
  for (let round = 0; round <= samples; round++) {
    say(round === 0 ? 'warm-up' : `sample ${round} of ${samples}`);
    // Alternate who goes first, so neither always follows the other's garbage.
    for (const who of round % 2 === 0 ? COLUMN_READERS : COLUMN_READERS.toReversed()) {
      let values: Float32Array | undefined;
      let touched = 0;
      const t0 = performance.now();
      // Timed samples end where an upload would start; the warm-up keeps a copy to check.
      await read[who]((v) => {
        if (round === 0) values = v.slice();
        else touched += v.length;
      });
      const elapsed = performance.now() - t0;
      if (round > 0) {
        if (touched !== want.length) throw new RangeError(`${who} gave ${touched} values, not ${want.length}`);
        times[who].push(elapsed);
        continue;
      }
      const wrong = firstDifference(want, values ?? new Float32Array(0), ONE_COLUMN);
      correct[who] = wrong === undefined;
      if (wrong) problem = `${who}: ${wrong}`;
    }
  }
  const ms = { 'kernel-lab': summarize(times['kernel-lab']), hyparquet: summarize(times.hyparquet) };
  return { ms, ratio: ms.hyparquet.medianMs / ms['kernel-lab'].medianMs, correct, ...(problem ? { problem } : {}) };
}

/**
 * Writes the formats table (`rows` rows) as Parquet per codec and reads ONE_COLUMN back with both readers, timed.
 * @param pq parquet-wasm, reading and writing
 * @returns one reading per codec (default Snappy and Zstd) and source (default memory, then Blob)
 */
export async function measureParquetColumn(pq: ParquetWasm & ParquetWriterWasm, options: ParquetColumnOptions): Promise<ParquetColumnReading[]> {
  const samples = Math.max(1, options.samples ?? 7);
  const h = await hyparquet();
  options.onProgress?.(`writing ${options.rows.toLocaleString('en-US')} rows`);
  const table: Table = formatsTable(options.rows, options.seed ?? 12);
  const want = table.getChild(ONE_COLUMN)!.data[0]!.values as Float32Array;
  const out: ParquetColumnReading[] = [];
  for (const codec of options.codecs ?? ['snappy', 'zstd']) {
    const bytes = formatsParquet(table, codec, pq);
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    for (const source of options.sources ?? COLUMN_SOURCES) {
      const read = { 'kernel-lab': ourReader(pq, codec, source, bytes, blob), hyparquet: hyparquetReader(h, options.rows, source, bytes, blob) };
      const result = await race(read, want, samples, (t) => options.onProgress?.(`${codec}, from ${source}: ${t}`));
      out.push({ codec, source, rows: options.rows, fileBytes: bytes.length, column: ONE_COLUMN, ...result });
    }
  }
  return out;
}
