/**
 * Plain columns to an Arrow table, and an Arrow table to Parquet bytes. The
 * parquet-wasm module is passed in: Node loads its `node` build synchronously,
 * the page must `init` its `esm` build first (and only when a Parquet file is
 * actually wanted: the wasm is 5 MB).
 */
import { Bool, Float64, Int32, Table, Utf8, vectorFromArray, tableToIPC, type Vector } from 'apache-arrow';

export type ColumnType = 'utf8' | 'float64' | 'int32' | 'bool';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly values: readonly (string | number | boolean | null)[];
}

const TYPES = { utf8: () => new Utf8(), float64: () => new Float64(), int32: () => new Int32(), bool: () => new Bool() };

export function columnsToTable(columns: readonly Column[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) vectors[c.name] = vectorFromArray([...c.values], TYPES[c.type]());
  return new Table(vectors);
}

/** The Arrow IPC file format (`.arrow`, a.k.a. Feather v2): what pandas, polars and DuckDB open directly. */
export function tableToArrowFile(table: Table): Uint8Array {
  return tableToIPC(table, 'file');
}

export interface ParquetWriter {
  readonly Table: { fromIPCStream(buf: Uint8Array): unknown };
  writeParquet(table: never): Uint8Array;
}

export function tableToParquet(table: Table, parquet: ParquetWriter): Uint8Array {
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
  return parquet.writeParquet(wasmTable as never);
}
