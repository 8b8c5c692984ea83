/**
 * A results file picked in the page, read back as runs to reopen: the JSON the
 * runner and the page write, or the page's Arrow and Parquet exports (Arrow
 * and parquet-wasm load only when such a file is picked).
 */
import { parseResultsFile, runsFromRows, type RunRow } from '../bench/results/parse';

/** The runs in `file`; throws with a message naming the file and what is wrong with it. */
export async function readRunsFile(file: File): Promise<RunRow[]> {
  const name = file.name;
  if (/\.json$/i.test(name) || file.type === 'application/json') {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (e) {
      throw new Error(`${name} is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return [...parseResultsFile(json, name).results];
  }
  if (/\.csv$/i.test(name)) throw new Error(`${name} is a CSV export, which keeps no code (one line per run): open the JSON, Arrow or Parquet export of the same runs.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const table = await import('../data/table');
  try {
    if (/\.parquet$/i.test(name)) {
      const [pq, wasm] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]);
      await pq.default({ module_or_path: wasm.default });
      return runsFromRows(table.tableRows(table.readTable(bytes, pq)), name);
    }
    return runsFromRows(table.tableRows(table.readTable(bytes)), name);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(why.startsWith(name) ? why : `${name} could not be read as ${/\.parquet$/i.test(name) ? 'Parquet' : 'Arrow IPC'}: ${why}`, { cause: e });
  }
}
