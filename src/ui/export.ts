/**
 * Download a kernel's history as results: JSON in the schema the headless
 * runner writes (so `npm run bench -- --compare <file>` reads it), or the same
 * rows as CSV, Arrow IPC or Parquet for a notebook. Arrow and parquet-wasm
 * (5 MB of wasm) load only when such a file is asked for.
 */
import type { RunRecord } from '../bench/run/record';
import type { ResultEntry, SimulationEntry } from '../bench/results/schema';
import { resultsFile, toEntry, withRoof } from '../bench/results/entries';
import { resultsCsv } from '../bench/results/csv';
import { resultsColumns } from '../bench/results/columns';
import type { Ceilings } from '../bench/results/roofline';
import type { DeviceInfo } from '../gpu/device';

export type ExportFormat = 'json' | 'csv' | 'arrow' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'arrow', 'parquet'];
export const FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = { json: 'JSON', csv: 'CSV', arrow: 'Arrow', parquet: 'Parquet' };

async function arrowBytes(entries: readonly ResultEntry[]): Promise<Uint8Array> {
  const table = await import('../data/table');
  return table.tableToArrowFile(table.columnsToTable(resultsColumns(entries)));
}

async function parquetBytes(entries: readonly ResultEntry[]): Promise<Uint8Array> {
  const [pq, wasm, table] = await Promise.all([
    import('parquet-wasm/esm'),
    import('parquet-wasm/esm/parquet_wasm_bg.wasm?url'),
    import('../data/table'),
  ]);
  await pq.default({ module_or_path: wasm.default });
  return table.tableToParquet(table.columnsToTable(resultsColumns(entries)), pq);
}

async function contents(format: ExportFormat, file: ReturnType<typeof resultsFile>): Promise<Blob> {
  switch (format) {
    case 'json': return new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
    case 'csv': return new Blob([resultsCsv(file.results)], { type: 'text/csv' });
    case 'arrow': return new Blob([(await arrowBytes(file.results)) as BlobPart], { type: 'application/vnd.apache.arrow.file' });
    case 'parquet': return new Blob([(await parquetBytes(file.results)) as BlobPart], { type: 'application/vnd.apache.parquet' });
  }
}

/** Download results entries made in the page (a suite's), as `name-<time>.<format>`. */
export async function exportEntries(name: string, entries: readonly ResultEntry[], device: DeviceInfo, format: ExportFormat): Promise<void> {
  download(`kernel-lab-${name}`, format, await contents(format, resultsFile('kernel-lab page', device, entries)));
}

/** The serving simulation as a results file (JSON, like the runner's --simulate kv --json): its policies' figures and its step-time runs. */
export async function exportServing(simulation: readonly SimulationEntry[], entries: readonly ResultEntry[], device: DeviceInfo): Promise<void> {
  download('kernel-lab-serving', 'json', await contents('json', resultsFile('kernel-lab page', device, entries, undefined, undefined, simulation)));
}

function download(stem: string, format: ExportFormat, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${stem}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.${format}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function exportHistory(kernel: string, history: readonly RunRecord[], device: DeviceInfo | undefined, ceilings: Ceilings | undefined, format: ExportFormat): Promise<void> {
  const last = history.at(-1);
  const dev = device ?? last?.device;
  if (!dev) return;
  const entries = history.map(toEntry);
  const file = ceilings
    ? resultsFile('kernel-lab page', dev, entries.map((e) => withRoof(e, ceilings)), { gbps: ceilings.gbps, gflops: ceilings.gflops })
    : resultsFile('kernel-lab page', dev, entries);
  download(`kernel-lab-${kernel.replace('/', '-')}`, format, await contents(format, file));
}
