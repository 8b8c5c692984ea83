/**
 * The formats lesson ("trade CPU cycles for disk I/O"): the same table as
 * CSV, an Arrow IPC file and Parquet (uncompressed, Snappy, Zstd), each read
 * from a Blob (what a file picker gives) to an Arrow table with the page's
 * own loader. Per format: file size, bytes read, the time to read the bytes
 * ("load") and to decode them ("decode"), MB/s and rows/s; and for Parquet
 * the speed-up of reading one column of twenty rather than all.
 *
 * Timing: performance.now() around each reading, on the calling thread (the
 * runner's page, or a test). One warm-up round, then `samples` rounds; each
 * round reads every format once in turn, so slow drift (a CPU heating, a
 * collector) spreads over all formats instead of landing on one. Medians are
 * reported. Every reading's first sample is checked against the generated
 * values (row count, one f32 and one i32 column exactly).
 *
 * Runs wherever the page's code runs: no Node APIs here.
 */
import type { Table } from 'apache-arrow';
import { columnToHost } from '../../data/columns';
import { loadData } from '../../data/load';
import type { ParquetWasm } from '../../data/parquet';
import { readParquetBlob } from '../../data/parquet-blob';
import type { SizePreset } from '../../kernels/spec';
import { summarize, type Stats } from '../run/stats';
import { FORMATS_COLUMNS, ONE_COLUMN, PARQUET_CODECS, formatsArrow, formatsCsv, formatsParquet, formatsTable, type ParquetCodec, type ParquetWriterWasm } from './formats-table';

export type FileFormat = 'csv' | 'arrow-ipc' | `parquet-${ParquetCodec}`;

export const FORMAT_LABELS: Readonly<Record<FileFormat, string>> = {
  csv: 'CSV',
  'arrow-ipc': 'Arrow IPC file',
  'parquet-uncompressed': 'Parquet, uncompressed',
  'parquet-snappy': 'Parquet, Snappy',
  'parquet-zstd': 'Parquet, Zstd',
};

/**
 * Rows per size preset: the formats table, and the Parquet-to-f32 comparison (≥ 1 M rows from medium on, as
 * the benchmark asks). Small stays quick on a 2-core machine.
 */
export const FORMATS_SIZES: Readonly<Record<SizePreset, { readonly rows: number; readonly columnRows: number }>> = {
  small: { rows: 20_000, columnRows: 100_000 },
  medium: { rows: 200_000, columnRows: 1_000_000 },
  large: { rows: 1_000_000, columnRows: 2_000_000 },
};

export interface FormatsOptions {
  /** Rows of the generated table. */
  readonly rows: number;
  readonly seed?: number;
  /** Measured rounds after the warm-up (default 5). */
  readonly samples?: number;
  readonly warmups?: number;
  readonly onProgress?: (text: string) => void;
}

/** One way of reading one file: all its columns, or one. Times in ms. */
export interface FormatReading {
  readonly format: FileFormat;
  readonly fileBytes: number;
  /** Bytes read from the Blob (the whole file, or for one Parquet column its footer and chunks). */
  readonly bytesRead: number;
  readonly rows: number;
  readonly columnsRead: number;
  readonly columnsInFile: number;
  /** Reading the bytes (`blob.arrayBuffer()`); absent where reading and decoding interleave (one Parquet column). */
  readonly loadMs?: Stats;
  /** Bytes to an Arrow table; absent as loadMs is. */
  readonly decodeMs?: Stats;
  /** Load and decode, per sample. */
  readonly totalMs: Stats;
  readonly mbPerS: number;
  readonly rowsPerS: number;
  /** The first sample's table matched the generated values. */
  readonly correct: boolean;
  /** Why not, when it did not. */
  readonly problem?: string;
}

export interface FormatsReport {
  readonly rows: number;
  readonly columns: number;
  readonly seed: number;
  readonly samples: number;
  readonly warmups: number;
  /** All columns of every format, then one column (ONE_COLUMN) of each Parquet file. */
  readonly readings: readonly FormatReading[];
  /** Per Parquet codec: median time for all columns over median time for one. */
  readonly oneColumnSpeedup: Readonly<Partial<Record<ParquetCodec, number>>>;
}

/** A Blob that counts the bytes read through it (readers read a Blob by slicing it, or whole). */
export class CountingBlob extends Blob {
  read = 0;
  override slice(start?: number, end?: number, type?: string): Blob {
    const part = super.slice(start, end, type);
    this.read += part.size;
    return part;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.read += this.size;
    return super.arrayBuffer();
  }
}

/** The generated files, by format. */
export function formatFiles(table: Table, pq: ParquetWriterWasm): Record<FileFormat, Uint8Array> {
  return {
    csv: formatsCsv(table),
    'arrow-ipc': formatsArrow(table),
    'parquet-uncompressed': formatsParquet(table, 'uncompressed', pq),
    'parquet-snappy': formatsParquet(table, 'snappy', pq),
    'parquet-zstd': formatsParquet(table, 'zstd', pq),
  };
}

/** Where `got` first differs from the source column, or undefined. CSV reads numbers back as Float64: an f32 source is compared as f32. */
export function firstDifference(source: Float32Array | Int32Array, got: ArrayLike<number | null> | undefined, name: string): string | undefined {
  if (!got || got.length !== source.length) return `column ${name} has ${got?.length ?? 0} values, not ${source.length}`;
  const asSource = source instanceof Float32Array ? Math.fround : (v: number) => v;
  for (let i = 0; i < source.length; i++) {
    const v = got[i];
    if (v === null || v === undefined || asSource(v) !== source[i]) return `column ${name} row ${i} holds ${v}, not ${source[i]}`;
  }
  return undefined;
}

/** What a decoded table gets wrong against the source, or undefined. */
function checkTable(table: Table, source: Table, columns: readonly string[]): string | undefined {
  if (table.numRows !== source.numRows) return `${table.numRows} rows, not ${source.numRows}`;
  for (const name of columns) {
    const want = source.getChild(name)!.data[0]!.values as Float32Array | Int32Array;
    const host = columnToHost(table, name, { kind: want instanceof Float32Array ? 'f32' : 'i32' });
    const problem = firstDifference(want, host.data, name);
    if (problem) return problem;
  }
  return undefined;
}

interface Reader {
  readonly format: FileFormat;
  readonly columns: readonly string[] | undefined;
  readonly bytes: Uint8Array;
  /** One timed reading: load and decode times, the bytes read, the table. */
  read(): Promise<{ loadMs?: number; decodeMs?: number; totalMs: number; bytesRead: number; table: Table }>;
}

function readers(files: Record<FileFormat, Uint8Array>, pq: ParquetWasm): Reader[] {
  const whole = (format: FileFormat): Reader => ({
    format,
    columns: undefined,
    bytes: files[format],
    async read() {
      const blob = new CountingBlob([files[format] as Uint8Array<ArrayBuffer>]);
      const t0 = performance.now();
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const t1 = performance.now();
      const { table } = await loadData(bytes, `formats.${format}`, { parquet: pq });
      const t2 = performance.now();
      return { loadMs: t1 - t0, decodeMs: t2 - t1, totalMs: t2 - t0, bytesRead: blob.read, table };
    },
  });
  const oneColumn = (codec: ParquetCodec): Reader => ({
    format: `parquet-${codec}`,
    columns: [ONE_COLUMN],
    bytes: files[`parquet-${codec}`],
    async read() {
      const blob = new CountingBlob([files[`parquet-${codec}`] as Uint8Array<ArrayBuffer>]);
      const t0 = performance.now();
      const { table } = await readParquetBlob(blob, `formats.parquet-${codec}`, pq, { columns: [ONE_COLUMN] });
      return { totalMs: performance.now() - t0, bytesRead: blob.read, table };
    },
  });
  return [...(Object.keys(FORMAT_LABELS) as FileFormat[]).map(whole), ...PARQUET_CODECS.map(oneColumn)];
}

/**
 * Generates the table, writes it in every format and reads each back, timed (see the file's header).
 * @param pq parquet-wasm, reading and writing (Node's build, or the page's initialised `esm` build)
 * @throws RangeError for a row count that is not a positive integer; DataError if a reader fails (a bug, not bad input)
 */
export async function measureFormats(pq: ParquetWasm & ParquetWriterWasm, options: FormatsOptions): Promise<FormatsReport> {
  const seed = options.seed ?? 12;
  const samples = Math.max(1, options.samples ?? 5);
  const warmups = Math.max(0, options.warmups ?? 1);
  options.onProgress?.(`writing ${options.rows.toLocaleString('en-US')} rows × ${FORMATS_COLUMNS.length} columns in every format`);
  const source = formatsTable(options.rows, seed);
  const all = readers(formatFiles(source, pq), pq);
  const times = all.map(() => ({ load: [] as number[], decode: [] as number[], total: [] as number[], bytesRead: 0, problem: undefined as string | undefined }));
  for (let round = 0; round < warmups + samples; round++) {
    options.onProgress?.(round < warmups ? 'warm-up round' : `round ${round - warmups + 1} of ${samples}`);
    for (const [k, reader] of all.entries()) {
      const t = times[k]!;
      const r = await reader.read();
      if (round === 0) t.problem = checkTable(r.table, source, reader.columns ?? ['price', 'code']);
      if (round < warmups) continue;
      if (r.loadMs !== undefined) t.load.push(r.loadMs);
      if (r.decodeMs !== undefined) t.decode.push(r.decodeMs);
      t.total.push(r.totalMs);
      t.bytesRead = r.bytesRead;
    }
  }
  const readings = all.map((reader, k): FormatReading => {
    const t = times[k]!;
    const totalMs = summarize(t.total);
    const columnsRead = reader.columns?.length ?? FORMATS_COLUMNS.length;
    return {
      format: reader.format,
      fileBytes: reader.bytes.length,
      bytesRead: t.bytesRead,
      rows: options.rows,
      columnsRead,
      columnsInFile: FORMATS_COLUMNS.length,
      ...(t.load.length > 0 ? { loadMs: summarize(t.load) } : {}),
      ...(t.decode.length > 0 ? { decodeMs: summarize(t.decode) } : {}),
      totalMs,
      mbPerS: t.bytesRead / 1e6 / (totalMs.medianMs / 1e3),
      rowsPerS: options.rows / (totalMs.medianMs / 1e3),
      correct: t.problem === undefined,
      ...(t.problem ? { problem: t.problem } : {}),
    };
  });
  const oneColumnSpeedup: Partial<Record<ParquetCodec, number>> = {};
  for (const codec of PARQUET_CODECS) {
    const whole = readings.find((r) => r.format === `parquet-${codec}` && r.columnsRead > 1);
    const one = readings.find((r) => r.format === `parquet-${codec}` && r.columnsRead === 1);
    if (whole && one) oneColumnSpeedup[codec] = whole.totalMs.medianMs / one.totalMs.medianMs;
  }
  return { rows: options.rows, columns: FORMATS_COLUMNS.length, seed, samples, warmups, readings, oneColumnSpeedup };
}
