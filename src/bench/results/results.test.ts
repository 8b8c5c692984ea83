import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../gpu/device';
import type { ResultEntry } from './schema';
import { failedEntry, resultsFile, toEntry } from './entries';
import { parseResultsFile, runsFromRows } from './parse';
import * as parquet from 'parquet-wasm';
import { columnsToTable, readTable, tableRows, tableToArrowFile, tableToParquet } from '../../data/table';
import { compareResults, shapeKey } from './compare';
import { resultsCsv } from './csv';
import { resultsColumns } from './columns';
import type { RunRecord } from '../run/record';

const device: DeviceInfo = { vendor: 'v', architecture: 'a', device: '', description: 'd', isFallbackAdapter: true, features: [], limits: {} };

const record = (over: Partial<RunRecord>): RunRecord => ({
  kernel: 'matmul/naive', title: 't', sourceHash: '00000000000000', librarySource: true, params: { M: 2, N: 3, K: 4 }, constants: { WG_X: 16 },
  device, timing: 'timestamp-query', timingNote: 'n', repsPerSample: 4, samples: 10, medianMs: 2, minMs: 1, p90Ms: 3, cv: 0.1, stoppedBy: 'converged',
  flops: 48, bytes: 100, gflops: 2.4e-5, gbps: 5e-5, intensity: 0.48, correct: true, compared: true, relError: 1e-7, maxAbsError: 1e-6,
  tolerance: 1e-5, nonFinite: 0, seed: 5, time: '2026-11-29T00:00:00.000Z', ...over,
});

describe('results files', () => {
  it('turns records into entries with JSON-safe numbers', () => {
    const e = toEntry(record({ relError: Number.POSITIVE_INFINITY, maxAbsError: Number.NaN, correct: false }));
    expect(e.relError).toBeNull();
    expect(e.maxAbsError).toBeNull();
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('keeps the code that ran, in the JSON entry and the Arrow columns, for "Open this run"', () => {
    const e = toEntry(record({ wgsl: 'fn main() {}', sidecar: '{}', referenceModule: 'export default () => ({})' }));
    expect(e).toMatchObject({ wgsl: 'fn main() {}', sidecar: '{}', referenceModule: 'export default () => ({})' });
    expect(toEntry(record({})).wgsl).toBeUndefined();
    const cols = resultsColumns([e, failedEntry('k/v', {}, {}, 'h', { kind: 'compile', message: 'bad' }, { wgsl: 'broken' })]);
    expect(cols.find((c) => c.name === 'wgsl')?.values).toEqual(['fn main() {}', 'broken']);
    expect(cols.find((c) => c.name === 'referenceModule')?.values).toEqual(['export default () => ({})', null]);
  });

  it('reads its Arrow and Parquet exports back as runs that can be reopened, and names a bad cell', () => {
    const entries = [toEntry(record({ wgsl: 'fn a() {}', params: { M: 5, N: 7, K: 3 } })), failedEntry('custom/x', { N: 2 }, { S: 1 }, 'h', { kind: 'compile', message: 'bad' }, { wgsl: 'w', sidecar: '{}', referenceModule: 'r' })];
    const table = columnsToTable(resultsColumns(entries));
    const expected = [
      { kernel: 'matmul/naive', params: { M: 5, N: 7, K: 3 }, constants: { WG_X: 16 }, wgsl: 'fn a() {}', medianMs: 2, correct: true },
      { kernel: 'custom/x', params: { N: 2 }, constants: { S: 1 }, wgsl: 'w', sidecar: '{}', referenceModule: 'r', medianMs: null, correct: false },
    ];
    const fromArrow = runsFromRows(tableRows(readTable(tableToArrowFile(table))), 'r.arrow');
    expect(fromArrow).toMatchObject(expected);
    expect(fromArrow[0]).not.toHaveProperty('sidecar');
    expect(runsFromRows(tableRows(readTable(tableToParquet(table, parquet), parquet)), 'r.parquet')).toMatchObject(expected);
    expect(() => runsFromRows([{ kernel: 'k', params: '{"N":"x"}', constants: '{}' }], 'r.arrow')).toThrow('r.arrow is not a Kernel Lab results export: row 1, column "params" is not an object of numbers.');
    expect(() => runsFromRows([{ params: '{}', constants: '{}' }], 'r.arrow')).toThrow('row 1, column "kernel" is missing');
  });

  it('repeats the runner\'s environment on every row of CSV, Arrow and Parquet, so per-machine files concatenate', () => {
    const env = { backend: 'dawn', host: 'gpu-07', adapter: 'nvidia hopper', driver: 'NVIDIA: 550.54', runtime: 'Dawn (webgpu 0.6.2) on Node v20.20.0', dawnVersion: '0.6.2', platform: 'linux-x64' } as const;
    const entries = [toEntry(record({})), toEntry(record({ kernel: 'matmul/tiled' }))];
    const csv = resultsCsv(entries, env).trim().split('\n');
    expect(csv[0]!.startsWith('backend,host,adapter,driver,runtime,kernel,')).toBe(true);
    expect(csv[2]!.startsWith('dawn,gpu-07,nvidia hopper,NVIDIA: 550.54,Dawn (webgpu 0.6.2) on Node v20.20.0,matmul/tiled,')).toBe(true);
    const rows = tableRows(readTable(tableToParquet(columnsToTable(resultsColumns(entries, env)), parquet), parquet));
    expect(rows.map((r) => [r.backend, r.host, r.adapter, r.driver, r.kernel])).toEqual([['dawn', 'gpu-07', 'nvidia hopper', 'NVIDIA: 550.54', 'matmul/naive'], ['dawn', 'gpu-07', 'nvidia hopper', 'NVIDIA: 550.54', 'matmul/tiled']]);
    // The page's exports have no environment: their columns stay as they were.
    expect(resultsCsv(entries).startsWith('kernel,')).toBe(true);
    expect(resultsColumns(entries)[0]!.name).toBe('kernel');
    const file = resultsFile('kernel-lab runner', device, entries, undefined, env);
    expect(parseResultsFile(JSON.parse(JSON.stringify(file)), 'f.json').environment).toEqual(env);
  });

  it('accepts its own files and rejects others, saying why', () => {
    const file = resultsFile('test', device, [toEntry(record({}))]);
    expect(parseResultsFile(JSON.parse(JSON.stringify(file)), 'f.json').results).toHaveLength(1);
    expect(() => parseResultsFile({ results: [] }, 'f.json')).toThrow('f.json is not a Kernel Lab results file: "schema" is undefined, expected "kernel-lab/results@1".');
    expect(() => parseResultsFile({ schema: 'kernel-lab/results@1', device: {}, results: [{ params: {} }] }, 'f.json')).toThrow('results[0].kernel is not a string');
    expect(() => parseResultsFile({ schema: 'kernel-lab/results@1', results: [] }, 'f.json')).toThrow('f.json is not a Kernel Lab results file: "device" is not an object.');
    const entry = { kernel: 'a/b', params: { N: 1 }, medianMs: 2 };
    expect(() => parseResultsFile({ schema: 'kernel-lab/results@1', device: {}, results: [{ ...entry, params: { N: '1' } }] }, 'f.json')).toThrow('results[0].params has a value that is not a number');
    expect(() => parseResultsFile({ schema: 'kernel-lab/results@1', device: {}, results: [{ ...entry, medianMs: '2' }] }, 'f.json')).toThrow('results[0].medianMs is neither a time in ms nor null');
    expect(parseResultsFile({ schema: 'kernel-lab/results@1', device: {}, results: [{ ...entry, medianMs: null }] }, 'f.json').results).toHaveLength(1);
  });

  it('compares by kernel and shape, whatever the parameter order', () => {
    expect(shapeKey('k', { N: 1, M: 2 })).toBe(shapeKey('k', { M: 2, N: 1 }));
    const now = [toEntry(record({ medianMs: 1 })), toEntry(record({ params: { M: 9, N: 9, K: 9 } }))];
    const base = [toEntry(record({ medianMs: 3, params: { K: 4, N: 3, M: 2 } }))];
    const [same, other] = compareResults(now, base);
    expect(same?.speedup).toBe(3);
    expect(other?.speedup).toBeNull();
    // The gap the two medians' noise allows travels with the row (both at CV 10% over 10 samples here).
    expect(same?.noise).toBeCloseTo(Math.max(0.05, 2 * Math.hypot(...[0, 0].map(() => (1.2533 * 0.1) / Math.sqrt(10)))), 6);
    expect(other?.noise).toBeNull();
  });

  it('writes CSV with quoted cells where needed and failures as their message', () => {
    const failed: ResultEntry = failedEntry('custom/x', { N: 1 }, {}, 'h', { kind: 'compile', message: 'Compile error at line 3, column 1: "bad", really' });
    const csv = resultsCsv([toEntry(record({})), failed]).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toMatch(/^matmul\/naive,M=2 N=3 K=4,WG_X=16,timestamp-query,10,4,2,1,3,/);
    expect(csv[2]).toMatch(/^custom\/x,N=1,,,0,.*,false,false,.*"Compile error at line 3, column 1: ""bad"", really"$/);
  });

  it('writes the timing facts and a failure\'s kind and facts in CSV and Arrow columns alike', () => {
    const skipped = failedEntry('matmul/f16', { M: 1 }, {}, 'h', { kind: 'unsupported', message: 'needs shader-f16', features: ['shader-f16'] });
    const ok = toEntry(record({ dispatchesPerRep: 2, bufferSets: 3 }));
    const csv = resultsCsv([ok, skipped]).trim().split('\n').map((l) => l.split(','));
    const col = (name: string): string[] => csv.slice(1).map((row) => row[csv[0]!.indexOf(name)]!);
    expect(col('stoppedBy')).toEqual(['converged', '']);
    expect(col('dispatchesPerRep')).toEqual(['2', '']);
    expect(col('errorKind')).toEqual(['', 'unsupported']);
    expect(col('errorFacts')[1]).toBe('"{""features"":[""shader-f16""]}"');
    const cols = resultsColumns([ok, skipped]);
    expect(cols.find((c) => c.name === 'errorFacts')?.values).toEqual([null, '{"features":["shader-f16"]}']);
    expect(cols.find((c) => c.name === 'bufferSets')?.values).toEqual([3, null]);
  });

  it('quotes a cell with a carriage return, as with a newline', () => {
    const failed = failedEntry('custom/x', { N: 1 }, {}, 'h', { kind: 'compile', message: 'line one\r\nline two' });
    expect(resultsCsv([failed]).endsWith(',"line one\r\nline two"\n')).toBe(true);
    const carriageOnly = failedEntry('custom/x', { N: 1 }, {}, 'h', { kind: 'compile', message: 'a\rb' });
    expect(resultsCsv([carriageOnly]).trimEnd().endsWith(',"a\rb"')).toBe(true);
  });

  it('carries the kernel and this run\'s parameters with each comparison, so no reader slices the key', () => {
    const [row] = compareResults([toEntry(record({ params: { M: 2, N: 3, K: 4 } }))], [toEntry(record({ params: { K: 4, N: 3, M: 2 }, medianMs: 4 }))]);
    expect(row).toMatchObject({ kernel: 'matmul/naive', params: { M: 2, N: 3, K: 4 }, speedup: 2 });
    expect(Object.keys(row!.params)).toEqual(['M', 'N', 'K']);
  });

  it('keeps how a run was timed as values beside the sentence', () => {
    const e = toEntry(record({ timing: 'wall-clock', repsPerSample: 8, dispatchesPerRep: 2, bufferSets: 3 }));
    expect(e).toMatchObject({ timing: 'wall-clock', repsPerSample: 8, dispatchesPerRep: 2, bufferSets: 3 });
    expect(toEntry(record({}))).not.toHaveProperty('dispatchesPerRep');
  });

  it('carries the serving simulation, one entry per policy, and names a bad one when read back', () => {
    const sim = { policy: 'paged', tokensPerS: 300, kvUtilization: 0.97, maxConcurrent: 88, meanConcurrent: 35, ttftP50Ms: 1, ttftP90Ms: 2, tpotP50Ms: 3, tpotP90Ms: 4, simulatedS: 10, memoryBoundS: 9, requests: 5, outputTokens: 50, preemptions: 0, trace: 't.csv', kvMib: 8, budgetTokens: 16384, blockSize: 16, stepKernel: 'attention/decode' };
    const file = resultsFile('test', device, [], undefined, undefined, [sim]);
    expect(parseResultsFile(JSON.parse(JSON.stringify(file)), 'f.json').simulation).toEqual([sim]);
    expect(resultsFile('test', device, [])).not.toHaveProperty('simulation');
    expect(() => parseResultsFile({ ...file, simulation: [{ ...sim, kvUtilization: '97%' }] }, 'f.json')).toThrow('f.json is not a Kernel Lab results file: simulation[0].kvUtilization is not a number.');
  });
});
