/**
 * The formats lesson's table: twenty columns of the kinds a measurement log
 * holds (5 Int32, 15 Float32), generated from a seed, and the same table
 * written as CSV, an Arrow IPC file and Parquet (uncompressed, Snappy, Zstd).
 *
 * The columns compress differently on purpose: a row id and a day number
 * (long runs), a category from 50 values, prices and temperatures with two
 * decimals, and twelve columns of noise with six decimals, which no codec
 * shrinks much. Floats are written to CSV with the decimals they were made
 * with (as a CSV writer would), so each reads back to the same f32.
 *
 * Parquet row groups hold 1,048,576 rows (pyarrow's default), so a table up
 * to that size is one row group and a column one contiguous array.
 */
import { Field, Float32, Int32, RecordBatch, Schema, Struct, Table, makeData, tableToIPC, type Data } from 'apache-arrow';
import type { ParquetWriterWasm } from '../../data/parquet';
import { mulberry32 } from '../../kernels/random';

export type { ParquetWriterWasm } from '../../data/parquet';

export type ParquetCodec = 'uncompressed' | 'snappy' | 'zstd';
export const PARQUET_CODECS: readonly ParquetCodec[] = ['uncompressed', 'snappy', 'zstd'];

/** pyarrow's default row group length. */
export const ROW_GROUP_ROWS = 1 << 20;

/** A column of the table: its name, Arrow type, and for floats the decimals its values carry. */
export interface FormatsColumn {
  readonly name: string;
  readonly type: 'f32' | 'i32';
  readonly decimals?: number;
}

export const FORMATS_COLUMNS: readonly FormatsColumn[] = [
  { name: 'id', type: 'i32' },
  { name: 'day', type: 'i32' },
  { name: 'category', type: 'i32' },
  { name: 'count', type: 'i32' },
  { name: 'code', type: 'i32' },
  { name: 'price', type: 'f32', decimals: 2 },
  { name: 'temperature', type: 'f32', decimals: 2 },
  { name: 'volume', type: 'f32', decimals: 1 },
  ...Array.from({ length: 12 }, (_, k): FormatsColumn => ({ name: `noise${String(k).padStart(2, '0')}`, type: 'f32', decimals: 6 })),
];

/** The column the one-column readings and the loader comparison take: an f32 column of noise, which no codec favours. */
export const ONE_COLUMN = 'noise00';

/** A value with `decimals` decimals, as an f32. */
const rounded = (v: number, decimals: number): number => Math.fround(Math.round(v * 10 ** decimals) / 10 ** decimals);

/** One column's values, row i of `rows`, from its own stream of the seed. */
function columnValues(c: FormatsColumn, index: number, rows: number, seed: number): Float32Array | Int32Array {
  const random = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  if (c.type === 'i32') {
    const make: Record<string, (i: number) => number> = {
      id: (i) => i,
      day: (i) => Math.floor(i / 1000),
      category: () => Math.floor(random() * 50),
      count: () => Math.floor(-Math.log(1 - random()) * 20),
      code: () => Math.floor(random() * 2 ** 31),
    };
    return Int32Array.from({ length: rows }, (_, i) => make[c.name]!(i));
  }
  const d = c.decimals ?? 6;
  if (c.name === 'price') {
    let p = 100;
    return Float32Array.from({ length: rows }, () => {
      p = Math.max(1, p + (random() - 0.5) * 0.2);
      return rounded(p, d);
    });
  }
  if (c.name === 'temperature') return Float32Array.from({ length: rows }, (_, i) => rounded(15 + 10 * Math.sin(i / 500) + (random() - 0.5) * 2, d));
  if (c.name === 'volume') return Float32Array.from({ length: rows }, () => rounded(-Math.log(1 - random()) * 500, d));
  return Float32Array.from({ length: rows }, () => rounded(random() * 2 - 1, d));
}

/**
 * The table: `rows` rows of FORMATS_COLUMNS (or only those named in `only`, with the values they have in the
 * whole table) in one record batch, the same for the same seed.
 * @throws RangeError when rows is not a positive integer
 */
export function formatsTable(rows: number, seed: number, only?: readonly string[]): Table {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`The formats table needs a positive whole number of rows, not ${rows}.`);
  const chosen = FORMATS_COLUMNS.map((c, index) => ({ c, index })).filter(({ c }) => !only || only.includes(c.name));
  const fields = chosen.map(({ c }) => new Field(c.name, c.type === 'f32' ? new Float32() : new Int32(), false));
  const children: Data[] = chosen.map(({ c, index }) => {
    const values = columnValues(c, index, rows, seed);
    return values instanceof Float32Array
      ? makeData({ type: new Float32(), length: rows, nullCount: 0, data: values })
      : makeData({ type: new Int32(), length: rows, nullCount: 0, data: values });
  });
  const schema = new Schema(fields);
  return new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }))]);
}

/** The table as CSV bytes: a header, then each float with its column's decimals, integers as they are. */
export function formatsCsv(table: Table): Uint8Array {
  const columns = FORMATS_COLUMNS.map((c) => ({ c, values: table.getChild(c.name)!.data[0]!.values as Float32Array | Int32Array }));
  const parts: string[] = [`${FORMATS_COLUMNS.map((c) => c.name).join(',')}\n`];
  const line: string[] = columns.map(() => '');
  for (let i = 0; i < table.numRows; i++) {
    for (let k = 0; k < columns.length; k++) {
      const { c, values } = columns[k]!;
      line[k] = c.type === 'f32' ? values[i]!.toFixed(c.decimals) : String(values[i]);
    }
    parts.push(`${line.join(',')}\n`);
  }
  return new TextEncoder().encode(parts.join(''));
}

/** The table as Parquet with `codec`, in row groups of `rowGroupRows` rows (default ROW_GROUP_ROWS). */
export function formatsParquet(table: Table, codec: ParquetCodec, pq: ParquetWriterWasm, rowGroupRows = ROW_GROUP_ROWS): Uint8Array {
  const compression = { uncompressed: pq.Compression.UNCOMPRESSED, snappy: pq.Compression.SNAPPY, zstd: pq.Compression.ZSTD }[codec];
  const properties = new pq.WriterPropertiesBuilder().setCompression(compression).setMaxRowGroupSize(rowGroupRows).build();
  // writeParquet consumes the wasm table it is given: a fresh one each time.
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(table, 'stream')), properties);
}

/** The table as an Arrow IPC file (Feather v2). */
export const formatsArrow = (table: Table): Uint8Array => tableToIPC(table, 'file');
