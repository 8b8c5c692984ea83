/**
 * The runner with data (issue 12): a Parquet column feeding a kernel through
 * --data/--column, every kind of bad input exiting 2 with its reason, and the
 * data suites (--suite formats, --suite pump) printing their tables and
 * writing their entries, at sizes a CPU adapter runs quickly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { expect, test } from '@playwright/test';
import { primitive, tableOf, toParquet } from '../src/test/data-tables';

const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-runner-data-'));

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { encoding: 'utf8', timeout: 280_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Results = { results: Record<string, unknown>[] };
const results = (path: string): Record<string, unknown>[] => (JSON.parse(readFileSync(path, 'utf8')) as Results).results;

/** 5000 rows: reading (Float32, a sawtooth), label (Utf8). */
function writeReadings(): string {
  const n = 5000;
  const table = tableOf([{
    reading: primitive(new Float32(), Float32Array.from({ length: n }, (_, i) => (i % 97) / 97 - 0.5)),
    label: vectorFromArray(Array.from({ length: n }, (_, i) => `r${i}`), new Utf8()).data[0] as Data,
  }]);
  const bytes = toParquet(table, 'zstd', 2048);
  const path = join(dir, 'readings.parquet');
  writeFileSync(path, bytes);
  writeFileSync(join(dir, 'cut.parquet'), bytes.subarray(0, bytes.length - 40));
  return path;
}

test.describe.configure({ timeout: 300_000 });

test('a Parquet column feeds a kernel\'s input, the size follows its rows, and the result records where it came from', () => {
  const file = writeReadings();
  const out = join(dir, 'fed.json');
  const r = bench('--kernels', 'bandwidth/reduce,vector/saxpy', '--data', file, '--column', 'reading', '--json', out, '--csv', join(dir, 'fed.csv'));
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toContain('Data: readings.parquet: parquet, 5,000 rows');
  // Three row groups make three chunks, copied into one array (one row group would be handed over as it is).
  expect(r.stderr).toContain('bandwidth/reduce: column "reading" (Float32) → src as f32, N = 5000\n');
  expect(r.stderr).toContain('vector/saxpy: column "reading" (Float32) → x as f32, N = 5000\n');
  expect(r.stdout).toMatch(/bandwidth\/reduce\s+N=5000\s/);
  const rows = results(out);
  expect(rows.map((x) => [x.kernel, x.params, x.correct])).toEqual([['vector/saxpy', { N: 5000, a: 2 }, true], ['bandwidth/reduce', { N: 5000 }, true]]);
  for (const x of rows) expect((x.data as Record<string, unknown>[])[0]).toMatchObject({ file: 'readings.parquet', column: 'reading', rows: 5000 });
  expect(readFileSync(join(dir, 'fed.csv'), 'utf8')).toContain('src=readings.parquet:reading(5000 rows)');

  // Named buffers: both of saxpy's inputs from one column.
  const named = bench('--kernels', 'vector/saxpy', '--data', file, '--column', 'x=reading,y=reading', '--json', out);
  expect(named.status, named.stderr).toBe(0);
  expect((results(out)[0]!.data as { buffer: string }[]).map((d) => d.buffer)).toEqual(['x', 'y']);
});

test('a missing or cut file, a missing column and a column of the wrong type exit 2 with the reason', () => {
  const file = writeReadings();
  const cases: [string[], string][] = [
    [['--data', join(dir, 'nowhere.parquet'), '--column', 'reading'], `Cannot read the data file ${join(dir, 'nowhere.parquet')}: no such file.`],
    [['--data', join(dir, 'cut.parquet'), '--column', 'reading'], 'cut.parquet: truncated: '],
    [['--data', file, '--column', 'temperature'], 'readings.parquet: no such column: there is no column "temperature" (the columns are "reading", "label").'],
    [['--data', file, '--column', 'label'], 'readings.parquet: unsupported column type: column "label" is Utf8, which cannot become an f32 buffer'],
    [['--data', file, '--column', 'partial=reading'], '--column: bandwidth/reduce\'s buffer partial is an output; a column feeds input buffers only (src).'],
  ];
  for (const [args, message] of cases) {
    const r = bench('--kernels', 'bandwidth/reduce', ...args);
    expect({ args, status: r.status }).toEqual({ args, status: 2 });
    expect(r.stderr).toContain(message);
    // Nothing ran: refused before a browser started.
    expect(r.stderr).not.toContain('Device: ');
  }
});

test('--suite formats reads every format and compares Parquet to an f32 column with hyparquet; --suite pump streams batches at every depth', () => {
  const out = join(dir, 'suites.json');
  const r = bench('--suite', 'formats,pump', '--rows', '20000', '--json', out, '--parquet', join(dir, 'suites.parquet'));
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('Formats: 20,000 rows × 20 columns (5 Int32, 15 Float32)');
  for (const label of ['CSV', 'Arrow IPC file', 'Parquet, uncompressed', 'Parquet, Snappy', 'Parquet, Zstd']) expect(r.stdout).toMatch(new RegExp(`${label}\\s+20 of 20\\s.*correct`));
  expect(r.stdout).toMatch(/One column of twenty from Parquet, against all twenty: uncompressed ×[\d.]+ (faster|slower), Snappy ×[\d.]+ (faster|slower), Zstd ×[\d.]+ (faster|slower)\./);
  expect(r.stdout).not.toMatch(/×0\.\d+ (faster|slower)/);
  // A small run that misses the lesson says so, with the reason; one that does not, says nothing.
  const oneSlower = /One column of twenty[^\n]*slower/.test(r.stdout);
  expect(r.stdout.includes('Note: Reading one column of twenty was not faster')).toBe(oneSlower);
  expect(r.stdout).toMatch(/Snappy\s+memory\s.*×[\d.]+\s+(Kernel Lab|hyparquet) is [\d.]+× faster than|Snappy\s+memory\s.*are the same speed/);
  expect(r.stdout).toMatch(/Pump: 20,000 rows of noise00 \(f32\) in 8 batches of 2,500/);
  expect(r.stdout).toMatch(/mapped\s+2\s+[\d,]+\s+[\d.]+\s+[\d.]+%/);
  expect(r.stdout).toMatch(/write-buffer: GPU idle [\d.]+% at depth 0; [\d.]+% at depth 2, [\d.]+% at depth 4/);
  // No kernel table when only suites ran.
  expect(r.stdout).not.toContain('rel error');

  const rows = results(out);
  const formats = rows.filter((x) => x.suite === 'formats');
  expect(formats.map((x) => x.kernel)).toEqual([
    'formats/csv', 'formats/arrow-ipc', 'formats/parquet-uncompressed', 'formats/parquet-snappy', 'formats/parquet-zstd',
    'formats/parquet-uncompressed', 'formats/parquet-snappy', 'formats/parquet-zstd',
    ...['snappy', 'zstd'].flatMap((codec) => ['memory', 'blob'].flatMap((from) => [`formats/parquet-${codec}/to-f32/${from}/kernel-lab`, `formats/parquet-${codec}/to-f32/${from}/hyparquet`])),
  ]);
  for (const x of formats) {
    expect(x).toMatchObject({ correct: true, timing: 'wall-clock' });
    expect(x.samples as number).toBeGreaterThanOrEqual(3);
    expect(x.medianMs as number).toBeGreaterThan(0);
    expect((x.format as { rows: number }).rows).toBe(20_000);
  }
  expect(formats[0]!.format).toMatchObject({ format: 'csv', reader: 'kernel-lab', columnsRead: 20, columnsInFile: 20 });
  expect((formats[7]!.format as { oneColumnSpeedup: number }).oneColumnSpeedup).toBeGreaterThan(0);
  expect((formats[8]!.format as { vsHyparquet: number }).vsHyparquet).toBeGreaterThan(0);

  const pump = rows.filter((x) => x.suite === 'pump');
  expect(pump.map((x) => [x.kernel, (x.params as { depth: number }).depth])).toEqual([
    ['pump/mapped', 0], ['pump/mapped', 1], ['pump/mapped', 2], ['pump/mapped', 4],
    ['pump/write-buffer', 0], ['pump/write-buffer', 1], ['pump/write-buffer', 2], ['pump/write-buffer', 4],
  ]);
  for (const x of pump) {
    const facts = x.pump as { gpuIdleShare: number; idleFrom: string; batches: number; timeline: Record<string, number>[] };
    expect(x.correct).toBe(true);
    expect(facts.idleFrom).toBe('timestamp-query');
    expect(facts.gpuIdleShare).toBeGreaterThanOrEqual(0);
    expect(facts.gpuIdleShare).toBeLessThanOrEqual(1);
    expect(facts.timeline).toHaveLength(8);
    expect(Object.keys(facts.timeline[0]!)).toEqual(['batch', 'rows', 'decodeStart', 'decodeEnd', 'uploadStart', 'uploadEnd', 'submitted', 'computeStart', 'computeEnd']);
  }
  expect(readFileSync(join(dir, 'suites.parquet')).subarray(0, 4).toString()).toBe('PAR1');
});
