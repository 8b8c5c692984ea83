import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Utf8, tableToIPC, vectorFromArray, type Data } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { primitive, referenceTable, tableOf, toCsv, toParquet } from '../test/data-tables';
import { parseArgs, parseColumns, UsageError } from './args';
import { feedJobs } from './data-input';
import { planJobs } from './jobs';
import { viteTranspile } from './transpile';

const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-data-input-'));
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** 1000 rows: x (Float32, i / 8), y (Float32, 1 − i / 8), label (Utf8). */
function pairTable(): ReturnType<typeof tableOf> {
  const n = 1000;
  const columns: Record<string, Data> = {
    x: primitive(new Float32(), Float32Array.from({ length: n }, (_, i) => i / 8)),
    y: primitive(new Float32(), Float32Array.from({ length: n }, (_, i) => 1 - i / 8)),
    label: vectorFromArray(Array.from({ length: n }, (_, i) => `r${i}`), new Utf8()).data[0] as Data,
  };
  return tableOf([columns]);
}

async function feed(argv: readonly string[]) {
  const args = parseArgs(argv);
  const lines: string[] = [];
  const jobs = await feedJobs(args, await planJobs(args, viteTranspile), (l) => lines.push(l));
  return { jobs, lines };
}

const usage = (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: unknown) => (e instanceof UsageError ? e.message : `not a UsageError: ${String(e)}`));

describe('--data and --column', () => {
  it('reads both spellings of --column, and refuses half an option', () => {
    expect(parseColumns('price')).toEqual([{ column: 'price' }]);
    expect(parseColumns('x=a, y = b')).toEqual([{ buffer: 'x', column: 'a' }, { buffer: 'y', column: 'b' }]);
    expect(parseColumns('total (EUR)')).toEqual([{ column: 'total (EUR)' }]);
    expect(() => parseColumns('x=a,b')).toThrow('--column: "b" is not buffer=column');
    expect(() => parseColumns('x=a,x=b')).toThrow('--column: buffer x is given twice.');
    expect(parseArgs(['--data', 'f.parquet', '--column', 'x']).data).toEqual({ file: 'f.parquet', columns: [{ column: 'x' }] });
    expect(() => parseArgs(['--column', 'x'])).toThrow('--column names a column of the --data file: give --data too.');
    expect(() => parseArgs(['--data', 'f.parquet'])).toThrow('--data f.parquet: name the column to feed with --column');
  });

  it('feeds a Parquet column to the first input and sets the size parameter to its rows', async () => {
    const file = write('pair.parquet', toParquet(pairTable(), 'zstd', 1000));
    const { jobs, lines } = await feed(['--kernels', 'bandwidth/reduce', '--data', file, '--column', 'x', '--size', 'small']);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.params.N).toBe(1000);
    const [d] = jobs[0]!.data!;
    expect(d).toMatchObject({ buffer: 'src', file: 'pair.parquet', column: 'x', rows: 1000, kind: 'f32' });
    expect(d!.values[9]).toBe(9 / 8);
    expect(lines[0]).toBe('Data: pair.parquet: parquet, 1,000 rows (decoded by parquet-wasm, read out of WebAssembly memory through the Arrow C Data Interface (no IPC round trip))');
    expect(lines[1]).toBe('  bandwidth/reduce: column "x" (Float32) → src as f32, N = 1000 (no copy)');
  });

  it('feeds named buffers from several columns of a CSV file, converting Float64 to f32 and saying so', async () => {
    const file = write('pair.csv', toCsv(pairTable(), ['x', 'y']));
    const { jobs, lines } = await feed(['--kernels', 'vector/saxpy', '--data', file, '--column', 'y=x,x=y']);
    expect(jobs[0]!.params.N).toBe(1000);
    expect(jobs[0]!.data!.map((d) => [d.buffer, d.column])).toEqual([['y', 'x'], ['x', 'y']]);
    expect(jobs[0]!.data![1]!.values[4]).toBe(Math.fround(1 - 4 / 8));
    expect(lines[1]).toContain('converted from Float64 to f32');
  });

  it('feeds an Arrow IPC stream, the format read from the bytes whatever the name says', async () => {
    const file = write('looks-like.csv', tableToIPC(pairTable(), 'stream'));
    const { jobs, lines } = await feed(['--kernels', 'bandwidth/copy', '--data', file, '--column', 'y']);
    expect(lines[0]).toMatch(/^Data: looks-like\.csv: arrow-stream, 1,000 rows/);
    expect(jobs[0]!.params.N).toBe(1000);
  });

  it('checks a buffer sized by several parameters against the column, and takes matching --params', async () => {
    const file = write('pair2.parquet', toParquet(pairTable(), 'snappy', 1000));
    expect(await usage(feed(['--kernels', 'matmul/naive', '--size', 'small', '--data', file, '--column', 'A=x']))).toBe(
      '--column: matmul/naive\'s A holds 16,384 values with M=128 N=128 K=128 (length "M * K"), but column "x" of pair2.parquet gives 1,000 values: set --params so that M * K = 1,000.',
    );
    // Where one parameter can make them match, the message gives its value.
    expect(await usage(feed(['--kernels', 'matmul/naive', '--size', 'small', '--params', 'K=10', '--data', file, '--column', 'A=x']))).toBe(
      '--column: matmul/naive\'s A holds 1,280 values with M=128 N=128 K=10 (length "M * K"), but column "x" of pair2.parquet gives 1,000 values: set --params so that they match, e.g. --params M=100.',
    );
    const { jobs } = await feed(['--kernels', 'matmul/naive', '--params', 'M=40,K=25,N=8', '--data', file, '--column', 'A=x']);
    expect(jobs[0]!.data![0]!.values).toHaveLength(1000);
  });

  it('exits 2, naming the reason, for each bad input', async () => {
    const good = write('good.parquet', toParquet(pairTable(), 'snappy', 1000));
    const bytes = toParquet(referenceTable(), 'snappy', 4);
    const cut = write('cut.parquet', bytes.subarray(0, bytes.length - 20));
    const zip = write('zip.parquet', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4));
    const nulls = write('nulls.parquet', bytes);
    const cases: [string[], RegExp | string][] = [
      [['--data', join(dir, 'nope.parquet'), '--column', 'x'], `Cannot read the data file ${join(dir, 'nope.parquet')}: no such file.`],
      [['--data', dir, '--column', 'x'], `Cannot read the data file ${dir}: it is a folder.`],
      [['--data', cut, '--column', 'x'], /^cut\.parquet: truncated: /],
      [['--data', zip, '--column', 'x'], /^zip\.parquet: unsupported: .*ZIP/],
      [['--data', good, '--column', 'z'], 'good.parquet: no such column: there is no column "z" (the columns are "x", "y", "label").'],
      [['--data', good, '--column', 'label'], 'good.parquet: unsupported column type: column "label" is Utf8, which cannot become an f32 buffer (that needs integers or floats, or a FixedSizeList of them). (for bandwidth/reduce\'s buffer src, f32).'],
      [['--data', nulls, '--column', 'nf'], 'nulls.parquet: nulls: column "nf" has 2 null values (the first in row 2); choose a value to fill them with, or another column. (for bandwidth/reduce\'s buffer src, f32). Give --fill <value> to fill them.'],
      [['--data', good, '--column', 'partial=x'], '--column: bandwidth/reduce\'s buffer partial is an output; a column feeds input buffers only (src).'],
      [['--data', good, '--column', 'dst=x'], '--column: bandwidth/reduce has no buffer dst (its input buffers: src).'],
      [['--data', good, '--column', 'x', '--params', 'N=999'], '--params: N=999, but column "x" of good.parquet sets N to 1000 (its 1,000 rows): leave N out.'],
    ];
    for (const [argv, want] of cases) {
      // A string must be the whole message.
      expect(await usage(feed(['--kernels', 'bandwidth/reduce', ...argv]))).toMatch(typeof want === 'string' ? new RegExp(`^${want.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : want);
    }
    // --fill makes the column with nulls feed the buffer, its nulls as the value given.
    const filled = await feed(['--kernels', 'bandwidth/reduce', '--data', nulls, '--column', 'nf', '--fill', '0']);
    expect(filled.jobs[0]?.data?.[0]).toMatchObject({ buffer: 'src', column: 'nf', nulls: { fill: 0 } });
    expect(() => parseArgs(['--data', nulls, '--column', 'nf', '--fill', 'none'])).toThrow('--fill: "none" is not a number: give the value the nulls become, e.g. 0 or -1.');
    expect(() => parseArgs(['--data', nulls, '--column', 'nf', '--fill', '1e40'])).toThrow('--fill: The fill value 1e40 does not fit in f32 (at most ±3.4028235e+38).');
    expect(() => parseArgs(['--data', nulls, '--column', 'nf', '--fill', ' '])).toThrow('--fill: Give a value for the nulls (the field is empty).');
    expect(() => parseArgs(['--fill', '0'])).toThrow('--fill sets what a --data column\'s nulls become: give --data and --column too.');
    expect(await usage(feed(['--kernels', 'bandwidth/fill', '--data', good, '--column', 'x']))).toBe('--data: bandwidth/fill has no input buffer for a column to feed.');
    expect(await usage(feed(['--calibrate', '--data', good, '--column', 'x']))).toBe('--data feeds kernels: select some with --kernels or --kernel-file.');
  });
});

describe('--suite and --rows', () => {
  it('takes the data suites, and rows only with them', () => {
    expect(parseArgs(['--suite', 'formats, pump', '--rows', '2**12'])).toMatchObject({ suites: ['formats', 'pump'], rows: 4096 });
    expect(() => parseArgs(['--suite', 'loader'])).toThrow('--suite: "loader" is not one of formats, pump.');
    expect(() => parseArgs(['--rows', '100'])).toThrow('--rows sets the rows of the data suites\' tables: give --suite too.');
    expect(() => parseArgs(['--suite', 'pump', '--rows', '0'])).toThrow('--rows must be a whole number from 1 to 134217728, not "0".');
    expect(() => parseArgs(['--suite', 'pump', '--rows', 'many'])).toThrow('--rows must be a whole number of rows, not "many".');
  });
});
