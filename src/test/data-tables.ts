/**
 * Generated tables for the data-loading tests, and the same table written in
 * every format the loader reads: Parquet (uncompressed, Snappy, Zstd, in
 * several row groups), Arrow IPC file and stream, and CSV. Typed columns are
 * built from typed arrays with makeData (vectorFromArray has known
 * FixedSizeList bugs), and null slots are given garbage on purpose, so a
 * reader that trusts the values under a null shows it.
 */
import {
  Dictionary, Field, FixedSizeList, Float32, Float64, Int32, Int64, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table, Utf8,
  makeData, tableToIPC, vectorFromArray, type Data, type DataType, type Vector,
} from 'apache-arrow';
import * as parquet from 'parquet-wasm';

export { parquet };

/** A validity bitmap with bit i clear where `isNull(i)`. */
export function bitmap(n: number, isNull: (i: number) => boolean): Uint8Array {
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (!isNull(i)) bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
  return bits;
}

/** A primitive column chunk; slots where `isNull` holds get `garbage`. */
export function primitive<T extends DataType>(type: T, values: ArrayLike<number | bigint>, isNull?: (i: number) => boolean, garbage?: number | bigint): Data<T> {
  const n = values.length;
  const ArrayType = (type as unknown as { ArrayType: new (n: number) => { [i: number]: number | bigint } }).ArrayType;
  const data = new ArrayType(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const nullHere = isNull?.(i) ?? false;
    if (nullHere) nulls++;
    data[i] = nullHere && garbage !== undefined ? garbage : (values[i] ?? 0);
  }
  return makeData({ type, length: n, nullCount: nulls, ...(nulls > 0 && isNull ? { nullBitmap: bitmap(n, isNull) } : {}), data } as never) as Data<T>;
}

/** FixedSizeList<Float32>[d] from row-major values; rows where `isNull` holds are null. */
export function fixedSizeList(d: number, values: Float32Array, isNull?: (row: number) => boolean): Data<FixedSizeList<Float32>> {
  const rows = values.length / d;
  const child = makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values });
  const type = new FixedSizeList(d, new Field('item', new Float32(), false));
  let nulls = 0;
  for (let r = 0; r < rows; r++) if (isNull?.(r)) nulls++;
  return makeData({ type, length: rows, nullCount: nulls, ...(nulls > 0 && isNull ? { nullBitmap: bitmap(rows, isNull) } : {}), child });
}

/** A dictionary column: `indices` into `dictionary`. Batches of one column must share the type and the dictionary (the Arrow file format allows no replacement dictionaries). */
export function dictionaryOf(indices: Int32Array, dictionary: Vector<Float32>, type: Dictionary<Float32, Int32>): Data<Dictionary<Float32, Int32>> {
  return makeData({ type, length: indices.length, nullCount: 0, data: indices, dictionary });
}

/** A table from named column chunks: one record batch per element of `batches`. */
export function tableOf(batches: readonly Readonly<Record<string, Data>>[]): Table {
  const first = batches[0] ?? {};
  const fields = Object.entries(first).map(([name, d]) => new Field(name, d.type, true));
  const schema = new Schema(fields);
  return new Table(batches.map((b) => {
    const children = fields.map((f) => b[f.name] as Data);
    const length = children[0]?.length ?? 0;
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  }));
}

export const INT32_MAX = 2 ** 31 - 1;

/**
 * The reference table: 2 record batches of 6 and 4 rows (10 in all).
 * f32: i * 0.5; f64: i / 3; i32: i - 5; i64: i * 1000 (all in i32 range);
 * big: Int64 with row 7 = 2^40 (out of i32 range); nf: Float32 null at rows 2 and 8 (garbage 1e30 under them);
 * dict: Dictionary<Int32, Float32> over [10, 20, 30]; vec: FixedSizeList<Float32>[3], row i = [3i, 3i+1, 3i+2];
 * name: Utf8 "r{i}".
 */
export function referenceTable(): Table {
  const dictType = new Dictionary(new Float32(), new Int32());
  const dictValues = vectorFromArray([10, 20, 30], new Float32());
  const batch = (start: number, n: number): Record<string, Data> => {
    const idx = Array.from({ length: n }, (_, k) => start + k);
    return {
      f32: primitive(new Float32(), idx.map((i) => i * 0.5)),
      f64: primitive(new Float64(), idx.map((i) => i / 3)),
      i32: primitive(new Int32(), idx.map((i) => i - 5)),
      i64: primitive(new Int64(), idx.map((i) => BigInt(i * 1000))),
      big: primitive(new Int64(), idx.map((i) => (i === 7 ? 2n ** 40n : BigInt(i)))),
      nf: primitive(new Float32(), idx.map((i) => i + 0.25), (k) => idx[k] === 2 || idx[k] === 8, 1e30),
      dict: dictionaryOf(Int32Array.from(idx, (i) => i % 3), dictValues, dictType),
      vec: fixedSizeList(3, Float32Array.from({ length: n * 3 }, (_, k) => start * 3 + k)),
      name: vectorFromArray(idx.map((i) => `r${i}`), new Utf8()).data[0] as Data,
    };
  };
  return tableOf([batch(0, 6), batch(6, 4)]);
}

export type Codec = 'uncompressed' | 'snappy' | 'zstd';
const CODEC = { uncompressed: parquet.Compression.UNCOMPRESSED, snappy: parquet.Compression.SNAPPY, zstd: parquet.Compression.ZSTD };

/** Parquet bytes of `table` with `codec`, `rowGroupRows` rows per row group. */
export function toParquet(table: Table, codec: Codec = 'uncompressed', rowGroupRows = 4): Uint8Array {
  const props = new parquet.WriterPropertiesBuilder().setCompression(CODEC[codec]).setMaxRowGroupSize(rowGroupRows).build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
}

/** An Arrow IPC stream in the pre-0.15 format (no continuation markers). */
export function toLegacyStream(table: Table): Uint8Array {
  return RecordBatchStreamWriter.writeAll(table, { writeLegacyIpcFormat: true }).toUint8Array(true);
}

/** CSV text of the scalar numeric and text columns (nulls as empty fields). */
export function toCsv(table: Table, columns: readonly string[]): string {
  const vectors = columns.map((c) => table.getChild(c));
  const lines = [columns.join(',')];
  for (let i = 0; i < table.numRows; i++) lines.push(vectors.map((v) => {
    const x: unknown = v?.get(i);
    return x === null || x === undefined ? '' : String(x);
  }).join(','));
  return `${lines.join('\n')}\n`;
}
