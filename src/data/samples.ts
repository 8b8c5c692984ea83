/**
 * The sample datasets the data panel offers (public/data/, written by
 * `npm run samples`): one small table, the same in Parquet, Arrow IPC and CSV,
 * with what a user meets in real files: f32 and i32 columns, a Float32 column
 * with nulls, a Float64 column (converted to f32 with a note) and a
 * `FixedSizeList<Float32>[16]` column of embeddings (a [rows, 16] matrix, a
 * matmul operand). Values come from a seeded generator, so the script writes
 * the same bytes every time. CSV has no list type: its twin holds the scalar
 * columns only.
 */
import { DataType, Field, FixedSizeList, Float32, Float64, Int32, makeData, Precision, RecordBatch, Schema, Struct, Table, tableToIPC, type Data } from 'apache-arrow';

/** Rows in the sample table: 4 Parquet row groups of 1024. */
export const SAMPLE_ROWS = 4096;
/** Values per row of its `embedding` column. */
export const SAMPLE_WIDTH = 16;
export const SAMPLE_ROW_GROUP = 1024;
/** Every NULL_EVERY-th row of `reading` (from row 5) is null: 114 nulls in 4096 rows. */
const NULL_EVERY = 36;

/** A seeded generator of uniform numbers in [0, 1): mulberry32 (Tommy Ettinger's 32-bit mixer), enough for sample data. */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function column<T extends DataType>(type: T, data: ArrayLike<number>, isNull?: (i: number) => boolean): Data<T> {
  const n = data.length;
  if (!isNull) return makeData({ type, length: n, nullCount: 0, data } as never) as Data<T>;
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (isNull(i)) nulls++;
    else bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
  }
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: bits, data } as never) as Data<T>;
}

/**
 * The sample table, `rows` rows (default SAMPLE_ROWS), one record batch:
 * x, y: Float32 in [-1, 1); id: Int32 0 … rows−1; reading: Float32 in [0, 100),
 * null at rows 5, 41, 77, … (every 36th); price: Float64 in [1, 1000) with cents;
 * embedding: FixedSizeList<Float32>[16] in [-1, 1).
 */
export function sampleTable(rows = SAMPLE_ROWS): Table {
  const next = uniform(12);
  const floats = (lo: number, hi: number, n = rows): Float32Array => Float32Array.from({ length: n }, () => lo + (hi - lo) * next());
  const x = floats(-1, 1);
  const y = floats(-1, 1);
  const id = Int32Array.from({ length: rows }, (_, i) => i);
  const readingNull = (i: number): boolean => i % NULL_EVERY === 5;
  const reading = floats(0, 100);
  const price = Float64Array.from({ length: rows }, () => Math.round((1 + 999 * next()) * 100) / 100);
  const embedding = floats(-1, 1, rows * SAMPLE_WIDTH);
  const listType = new FixedSizeList(SAMPLE_WIDTH, new Field('item', new Float32(), false));
  const children: Record<string, Data> = {
    x: column(new Float32(), x),
    y: column(new Float32(), y),
    id: column(new Int32(), id),
    reading: column(new Float32(), reading, readingNull),
    price: column(new Float64(), price),
    embedding: makeData({ type: listType, length: rows, nullCount: 0, child: makeData({ type: new Float32(), length: embedding.length, nullCount: 0, data: embedding }) }),
  };
  const fields = Object.entries(children).map(([name, d]) => new Field(name, d.type, name === 'reading'));
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children: fields.map((f) => children[f.name] as Data) }));
  return new Table([batch]);
}

/** The CSV twin: the scalar columns (a list has no CSV form), nulls as empty fields, f32 values to 9 significant digits (enough to read back the same f32). */
export function sampleCsv(table: Table): string {
  const fields = table.schema.fields.filter((f) => !DataType.isFixedSizeList(f.type));
  const names = fields.map((f) => f.name);
  const vectors = names.map((n) => table.getChild(n));
  const f32 = fields.map((f) => DataType.isFloat(f.type) && f.type.precision === Precision.SINGLE);
  const lines = [names.join(',')];
  for (let i = 0; i < table.numRows; i++) {
    lines.push(vectors.map((v, k) => {
      const value: unknown = v?.get(i);
      if (value === null || value === undefined) return '';
      return f32[k] ? String(Number((value as number).toPrecision(9))) : String(value);
    }).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The parts of parquet-wasm (Node's build) that write a file. */
export interface ParquetWriterModule {
  readonly Table: { fromIPCStream(buf: Uint8Array): unknown };
  readonly Compression: { readonly SNAPPY: number };
  readonly WriterPropertiesBuilder: new () => { setCompression(c: number): { setMaxRowGroupSize(n: number): { build(): unknown } } };
  writeParquet(table: never, props?: never): Uint8Array;
}

/** The sample files: name, bytes and what each shows, as the panel lists them (public/data/index.json). */
export function sampleFiles(parquet: ParquetWriterModule, table = sampleTable()): { readonly name: string; readonly bytes: Uint8Array; readonly about: string }[] {
  const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(SAMPLE_ROW_GROUP).build();
  const rows = table.numRows.toLocaleString('en-US');
  return [
    { name: 'vectors.parquet', bytes: parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')) as never, props as never), about: `Parquet, Snappy, ${table.numRows / SAMPLE_ROW_GROUP} row groups: ${rows} rows of x, y (f32), id (i32), reading (f32 with nulls), price (f64), embedding (FixedSizeList<Float32>[${SAMPLE_WIDTH}])` },
    { name: 'vectors.arrow', bytes: tableToIPC(table, 'file'), about: 'the same table as an Arrow IPC file' },
    { name: 'vectors.csv', bytes: new TextEncoder().encode(sampleCsv(table)), about: 'the same table as CSV, without the embedding (CSV has no list type)' },
  ];
}
