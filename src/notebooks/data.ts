/**
 * A data cell: a sample of public/data read with the page's own loader
 * (src/data: the format from the bytes, Parquet through parquet-wasm), what
 * the data panel says about it, and its first rows.
 */
import { loadData } from '../data/load';
import type { DataInfo } from '../data/info';
import type { ParquetWasm } from '../data/parquet';
import type { DataCell } from './format';

export interface SampleData {
  readonly info: DataInfo;
  /** Reading the bytes to an Arrow table, ms (the fetch not counted). */
  readonly ms: number;
  readonly preview: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

/** Rows shown under a data cell. */
export const PREVIEW_ROWS = 5;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object' && Symbol.iterator in v) {
    const values = [...(v as Iterable<unknown>)];
    return `[${values.slice(0, 3).map(cellText).join(', ')}${values.length > 3 ? `, … ${values.length} values` : ''}]`;
  }
  return String(v);
}

/**
 * Fetches and reads the cell's file.
 * @throws DataError naming the file (not found, not readable, no such column)
 */
export async function loadSample(cell: DataCell, env: { readonly parquet: () => Promise<ParquetWasm>; readonly fetchData: (file: string) => Promise<Uint8Array> }): Promise<SampleData> {
  const bytes = await env.fetchData(cell.file);
  const start = performance.now();
  const { table, info } = await loadData(bytes, cell.file, { parquet: env.parquet, ...(cell.columns ? { columns: cell.columns } : {}) });
  const elapsed = performance.now() - start;
  const columns = table.schema.fields.map((f) => f.name);
  const rows = Array.from({ length: Math.min(PREVIEW_ROWS, table.numRows) }, (_, i) => columns.map((c) => cellText(table.getChild(c)?.get(i))));
  return { info, ms: elapsed, preview: { columns, rows } };
}
