/**
 * Plain columns to an Arrow table, an Arrow table to Parquet bytes, and back
 * (Arrow IPC or Parquet bytes to rows, for reopening exported results). The
 * parquet-wasm module is passed in: Node loads its `node` build synchronously,
 * the page must `init` its `esm` build first (and only when a Parquet file is
 * actually wanted: the wasm is 5 MB).
 */
import { Bool, Float64, Int32, Table, Utf8, vectorFromArray, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';

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

export interface ParquetReader {
  readParquet(bytes: Uint8Array): { intoIPCStream(): Uint8Array };
}

/** Rows of an Arrow table as plain objects (nulls as null, 64-bit integers as numbers where they fit exactly). */
export function tableRows(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n));
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((n, k) => {
      // get(i) honours the null bitmap (toArray() does not: see STACK-NOTES).
      const v: unknown = columns[k]?.get(i) ?? null;
      row[n] = typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    });
    rows.push(row);
  }
  return rows;
}

/** An Arrow IPC file or stream, or a Parquet file (read with `parquet`), as an Arrow table. */
export function readTable(bytes: Uint8Array, parquet?: ParquetReader): Table {
  if (parquet) return tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  return tableFromIPC(bytes);
}
