import { describe, expect, it } from 'vitest';
import { loadData } from '../../data/load';
import { parquet } from '../../test/data-tables';
import { FORMATS_COLUMNS, ONE_COLUMN, formatsCsv, formatsTable } from './formats-table';
import { firstDifference, measureFormats } from './formats';
import { measureParquetColumn } from './parquet-column';

describe('the formats table', () => {
  it('has twenty columns, f32 and i32, the same for the same seed', () => {
    const a = formatsTable(500, 7);
    expect(a.schema.fields.map((f) => String(f.type))).toEqual(FORMATS_COLUMNS.map((c) => (c.type === 'f32' ? 'Float32' : 'Int32')));
    expect(a.numCols).toBe(20);
    const b = formatsTable(500, 7);
    expect(Array.from(b.getChild('noise03')!.toArray() as Float32Array)).toEqual(Array.from(a.getChild('noise03')!.toArray() as Float32Array));
    expect(Array.from(formatsTable(500, 8).getChild('noise03')!.toArray() as Float32Array)).not.toEqual(Array.from(a.getChild('noise03')!.toArray() as Float32Array));
    expect(() => formatsTable(0, 1)).toThrow('positive whole number of rows, not 0');
  });

  it('writes CSV that reads back to the same f32 and i32 values', async () => {
    const table = formatsTable(2000, 3);
    const { table: back } = await loadData(formatsCsv(table), 't.csv');
    const problems = FORMATS_COLUMNS.map((c) => firstDifference(table.getChild(c.name)!.toArray() as Float32Array | Int32Array, back.getChild(c.name)!.toArray() as Float64Array, c.name));
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('names the first row that differs', () => {
    expect(firstDifference(Int32Array.of(1, 2, 3), [1, 2.5, 3], 'x')).toBe('column x row 1 holds 2.5, not 2');
    expect(firstDifference(Int32Array.of(1, 2), [1], 'x')).toBe('column x has 1 values, not 2');
    // An f32 column compares as f32 (CSV gives the decimal back as a double); an i32 one exactly, even past 2²⁴.
    expect(firstDifference(Float32Array.of(0.1), [0.1], 'x')).toBeUndefined();
    expect(firstDifference(Int32Array.of(2 ** 30 + 1), [2 ** 30], 'x')).toBe(`column x row 0 holds ${2 ** 30}, not ${2 ** 30 + 1}`);
  });
});

describe('measuring the formats', () => {
  it('reads every format back, checked, and one Parquet column of twenty with a fraction of the bytes', async () => {
    const steps: string[] = [];
    const report = await measureFormats(parquet, { rows: 20_000, samples: 3, onProgress: (t) => steps.push(t) });
    expect(steps[0]).toBe('writing 20,000 rows × 20 columns in every format');
    expect(report.readings.map((r) => [r.format, r.columnsRead])).toEqual([
      ['csv', 20], ['arrow-ipc', 20], ['parquet-uncompressed', 20], ['parquet-snappy', 20], ['parquet-zstd', 20],
      ['parquet-uncompressed', 1], ['parquet-snappy', 1], ['parquet-zstd', 1],
    ]);
    expect(report.readings.filter((r) => !r.correct).map((r) => `${r.format}: ${r.problem}`)).toEqual([]);
    for (const r of report.readings) {
      expect(r.totalMs.count).toBe(3);
      expect(r.totalMs.medianMs).toBeGreaterThan(0);
      expect(r.rowsPerS).toBeCloseTo(20_000 / (r.totalMs.medianMs / 1000), 6);
    }
    const whole = report.readings.filter((r) => r.columnsRead === 20);
    const one = report.readings.filter((r) => r.columnsRead === 1);
    for (const r of whole) {
      expect(r.bytesRead).toBe(r.fileBytes);
      expect(r.loadMs!.medianMs + r.decodeMs!.medianMs).toBeGreaterThan(0);
    }
    for (const r of one) {
      expect(r.loadMs).toBeUndefined();
      expect(r.bytesRead).toBeLessThan(r.fileBytes / 5);
    }
    const size = (f: string) => report.readings.find((r) => r.format === f)!.fileBytes;
    // Text is the largest; compression shrinks Parquet.
    expect(size('csv')).toBeGreaterThan(size('parquet-uncompressed'));
    expect(size('parquet-zstd')).toBeLessThan(size('parquet-uncompressed'));
    expect(Object.keys(report.oneColumnSpeedup)).toEqual(['uncompressed', 'snappy', 'zstd']);
    for (const s of Object.values(report.oneColumnSpeedup)) expect(s).toBeGreaterThan(0);
  });
});

describe('Parquet to a GPU-ready column, beside hyparquet', () => {
  it('reads the same column with both readers, checked, and gives their ratio', async () => {
    const readings = await measureParquetColumn(parquet, { rows: 30_000, samples: 3 });
    expect(readings.map((r) => [r.codec, r.source])).toEqual([['snappy', 'memory'], ['snappy', 'blob'], ['zstd', 'memory'], ['zstd', 'blob']]);
    for (const r of readings) {
      expect(r.correct).toEqual({ 'kernel-lab': true, hyparquet: true });
      expect(r.column).toBe(ONE_COLUMN);
      expect(r.ms['kernel-lab'].count).toBe(3);
      expect(r.ratio).toBeCloseTo(r.ms.hyparquet.medianMs / r.ms['kernel-lab'].medianMs, 9);
    }
  });
});
