import { describe, expect, it } from 'vitest';
import { columnsToTable, readTable, tableRows, tableToParquet } from '../../data/table';
import { parquet } from '../../test/data-tables';
import { testGpu } from '../../test/dawn';
import { resultsColumns } from '../results/columns';
import { resultsCsv } from '../results/csv';
import { resultsFile } from '../results/entries';
import { parseResultsFile } from '../results/parse';
import type { DeviceInfo } from '../../gpu/device';
import { formatsEntries, pumpEntries } from './data-entries';
import { measureFormats } from './formats';
import { measureParquetColumn } from './parquet-column';
import { PUMP_SOURCE } from './pump-kernel';
import { measurePump } from './pump-suite';

const device: DeviceInfo = { vendor: 'v', architecture: 'a', device: '', description: 'd', isFallbackAdapter: true, features: [], limits: {} };

describe('the data suites in results files', () => {
  it('writes one formats entry per reading and two per codec and source of the f32-column comparison', async () => {
    const report = await measureFormats(parquet, { rows: 3000, samples: 2 });
    const column = await measureParquetColumn(parquet, { rows: 3000, samples: 2, codecs: ['zstd'] });
    const entries = formatsEntries(report, column, '2026-11-30T00:00:00.000Z');
    expect(entries.map((e) => [e.kernel, e.params.columns])).toEqual([
      ['formats/csv', 20], ['formats/arrow-ipc', 20], ['formats/parquet-uncompressed', 20], ['formats/parquet-snappy', 20], ['formats/parquet-zstd', 20],
      ['formats/parquet-uncompressed', 1], ['formats/parquet-snappy', 1], ['formats/parquet-zstd', 1],
      ['formats/parquet-zstd/to-f32/memory/kernel-lab', 1], ['formats/parquet-zstd/to-f32/memory/hyparquet', 1],
      ['formats/parquet-zstd/to-f32/blob/kernel-lab', 1], ['formats/parquet-zstd/to-f32/blob/hyparquet', 1],
    ]);
    for (const e of entries) expect(e).toMatchObject({ suite: 'formats', timing: 'wall-clock', correct: true, flops: null, gflops: null, samples: 2 });
    const csv = entries[0]!;
    expect(csv.medianMs).toBe(report.readings[0]!.totalMs.medianMs);
    expect(csv.format).toMatchObject({ format: 'csv', reader: 'kernel-lab', rows: 3000, columnsRead: 20, columnsInFile: 20, bytesRead: csv.format!.fileBytes });
    expect(csv.format!.loadMs).toBe(report.readings[0]!.loadMs!.medianMs);
    expect(csv.gbps).toBeCloseTo(csv.format!.mbPerS! / 1000, 9);
    expect(entries[8]!.format!.mbPerS).toBeUndefined();
    expect(entries[7]!.format!.oneColumnSpeedup).toBeCloseTo(report.oneColumnSpeedup.zstd!, 9);
    expect(entries[8]!.format!.vsHyparquet).toBe(column[0]!.ratio);
    expect(entries[9]!.format!.vsHyparquet).toBeUndefined();
    expect(entries[10]!.format!.vsHyparquet).toBe(column[1]!.ratio);
    expect(entries[10]!.timingNote).toContain('from a Blob');

    // A results file with them reads back, and its CSV and Arrow columns carry the facts.
    const file = JSON.parse(JSON.stringify(resultsFile('test', device, entries))) as unknown;
    expect(parseResultsFile(file, 'f.json').results[0]!.format!.format).toBe('csv');
    const lines = resultsCsv(entries).trim().split('\n');
    expect(lines[0]!.endsWith(',suite,format,pump,errorKind,errorFacts,error')).toBe(true);
    expect(lines[1]).toMatch(/format=csv reader=kernel-lab fileBytes=\d+ bytesRead=\d+ rows=3000 columnsRead=20/);
    const rows = tableRows(readTable(tableToParquet(columnsToTable(resultsColumns(entries)), parquet), parquet));
    expect(JSON.parse(rows[8]!.format as string)).toEqual(entries[8]!.format);
    expect(rows[0]!.pump).toBeNull();
  });

  it('writes one pump entry per depth and upload, its timeline in JSON and Arrow but not in CSV', async () => {
    const { device: gpu } = await testGpu();
    const report = await measurePump(gpu, parquet, { rows: 12_000, batchRows: 4_000, k: 16, repeats: 3, depths: [0, 2], uploads: ['mapped'] });
    const entries = pumpEntries(report);
    expect(entries.map((e) => [e.kernel, e.params])).toEqual([
      ['pump/mapped', { depth: 0, rows: 12_000, batchRows: 4_000, K: 16 }],
      ['pump/mapped', { depth: 2, rows: 12_000, batchRows: 4_000, K: 16 }],
    ]);
    const e = entries[1]!;
    expect(e).toMatchObject({ suite: 'pump', correct: true, samples: 3, wgsl: PUMP_SOURCE, constants: { WG: 256, ITEMS: 16 }, bytes: 48_000 });
    expect(e.medianMs).toBe(report.wallMs[1]!.medianMs);
    expect(e.pump).toMatchObject({ depth: 2, upload: 'mapped', batches: 3, k: 16, kFrom: 'given' });
    expect(e.pump!.timeline).toHaveLength(3);
    expect(e.scaledError).toBe(report.runs[1]!.check.worstError);
    const csv = resultsCsv(entries);
    expect(csv).toContain('depth=2 upload=mapped batches=3');
    expect(csv).not.toContain('timeline');
    const cols = resultsColumns(entries);
    expect(JSON.parse(cols.find((c) => c.name === 'pump')!.values[1] as string).timeline).toHaveLength(3);
  });
});
