/**
 * A data cell: a sample of public/data read with the page's own loader
 * (src/data: the format from the bytes, Parquet through parquet-wasm), what
 * the data panel says about it, and its first rows.
 */
import { formatOf } from '../data/detect';
import { loadData } from '../data/load';
import type { DataInfo } from '../data/info';
import type { ParquetWasm } from '../data/parquet';
import { KernelLabError } from '../gpu/errors';
import type { DataCell } from './format';

export interface SampleData {
  readonly info: DataInfo;
  /** Reading the bytes to an Arrow table, ms (the fetch, and loading parquet-wasm, not counted). */
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
  // parquet-wasm's first load (5 MB of wasm) is not the format's cost: load it before the clock starts.
  const parquet = formatOf(bytes, cell.file).format === 'parquet' ? await env.parquet() : undefined;
  const start = performance.now();
  const { table, info } = await loadData(bytes, cell.file, { ...(parquet ? { parquet } : {}), ...(cell.columns ? { columns: cell.columns } : {}) });
  const elapsed = performance.now() - start;
  const columns = table.schema.fields.map((f) => f.name);
  const rows = Array.from({ length: Math.min(PREVIEW_ROWS, table.numRows) }, (_, i) => columns.map((c) => cellText(table.getChild(c)?.get(i))));
  return { info, ms: elapsed, preview: { columns, rows } };
}

/**
 * Fetches samples from `base` + `data/`, checking each name against the
 * samples' list (`data/index.json`) first: a server that answers every
 * address with its page (a single-page app's fallback) would otherwise hand
 * the loader HTML.
 * @returns a function from a file name to its bytes, throwing KernelLabError (data) naming the file and the samples there are
 */
export function sampleFetcher(base: string): (file: string) => Promise<Uint8Array> {
  let names: Promise<string[]> | undefined;
  const get = async (name: string): Promise<Response> => {
    const response = await fetch(new URL(`data/${encodeURIComponent(name)}`, base));
    if (!response.ok) throw new KernelLabError('data', `${name}: the samples could not be fetched (HTTP ${response.status}).`);
    return response;
  };
  return async (file) => {
    names ??= get('index.json').then(async (r) => ((await r.json()) as { name: string }[]).map((e) => e.name));
    const list = await names.catch((e: unknown) => {
      names = undefined;
      throw e;
    });
    if (!list.includes(file)) throw new KernelLabError('data', `${file}: not among the samples in public/data (${list.join(', ')}).`);
    return new Uint8Array(await (await get(file)).arrayBuffer());
  };
}
