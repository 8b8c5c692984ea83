import { describe, expect, it } from 'vitest';
import type { ResultEntry } from '../bench/results/schema';
import { comparisonTable, figureLines, formatTable, RESULT_HEADER, reliabilityNotes, resultRow, sweepReport } from './report';

const entry = (over: Partial<ResultEntry>): ResultEntry => ({
  kernel: 'bandwidth/copy', params: { N: 5000 }, constants: { WG: 256 }, timing: 'timestamp-query', timingNote: 'n', samples: 40, repsPerSample: 8,
  medianMs: 0.5, minMs: 0.4, p90Ms: 0.6, cv: 0.02, flops: 0, bytes: 40000, gflops: 0, gbps: 0.08, intensity: 0,
  correct: true, compared: true, relError: 0, maxAbsError: 0, tolerance: 1e-6, sourceHash: '00', seed: 1, time: '2026-11-29T00:00:00.000Z', ...over,
});

describe("the runner's results table", () => {
  it('flags a median whose spread or sample count makes it unreliable, in the last column', () => {
    const flag = RESULT_HEADER.indexOf('flag');
    expect(flag).toBe(RESULT_HEADER.length - 1);
    expect(resultRow(entry({}))[flag]).toBe('');
    expect(resultRow(entry({ cv: 0.36 }))[flag]).toBe('NOISY');
    expect(resultRow(entry({ cv: 1.5, samples: 3 }))[flag]).toBe('NOISY, ONLY 3 SAMPLES');
    expect(resultRow(entry({ medianMs: null, cv: null, samples: 0 }))[flag]).toBe('');
    expect(formatTable(RESULT_HEADER, [resultRow(entry({ cv: 0.36 }))])).toMatch(/timing\s+flag\n[- ]+\n.*timestamp-query\s+NOISY$/);
  });

  it('says under the table what is wrong with each flagged median and what to do', () => {
    const notes = reliabilityNotes([entry({}), entry({ cv: 0.02, samples: 3, medianMs: 600, repsPerSample: 1 })]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Unreliable median: bandwidth\/copy N=5000: only 3 samples .*Each sample took about 600 ms.*smaller size/);
  });

  it('says which side of a comparison is faster, beside the ratio', () => {
    const table = comparisonTable([
      { key: 'a N=1', kernel: 'a', params: { N: 1 }, medianMs: 1, baselineMs: 2.1, speedup: 2.1, noise: 0.05 },
      { key: 'a N=2', kernel: 'a', params: { N: 2 }, medianMs: 2, baselineMs: 1, speedup: 0.5, noise: 0.05 },
      { key: 'a N=3', kernel: 'a', params: { N: 3 }, medianMs: 2, baselineMs: null, speedup: null, noise: null },
      // A gap inside the two medians' noise says so; the shape is written in the kernel's own order.
      { key: 'm K=4 M=2 N=3', kernel: 'm', params: { M: 2, N: 3, K: 4 }, medianMs: 1, baselineMs: 1.07, speedup: 1.07, noise: 0.079 },
    ]);
    expect(table).toMatch(/m M=2 N=3 K=4\s+1\s+1\.07\s+×1\.07\s+this run is 1\.07× faster than the baseline \(within the noise of ±7\.9%\)/);
    expect(table).toMatch(/a N=1\s+1\s+2\.1\s+×2\.10\s+this run is 2\.10× faster than the baseline/);
    expect(table).toMatch(/a N=2\s+2\s+1\s+×0\.50\s+the baseline is 2\.00× faster than this run/);
    expect(table).toMatch(/a N=3\s+2\s+—\s+no baseline$/m);
  });

  it("prints a kernel's own figures under the table, a line per run that has any", () => {
    const figures = [
      { name: 'quantError', label: 'error against the f32 product', value: 0.1153, unit: 'ratio', note: 'n' },
      { name: 'tokensPerS', label: 'tokens/s equivalent', value: null, unit: 'tokens/s', note: 'n' },
    ];
    expect(figureLines([entry({}), entry({ kernel: 'quant/gemv-int4', params: { N: 8, K: 64, G: 32 }, figures })])).toEqual([
      'quant/gemv-int4 N=8 K=64 G=32: error against the f32 product 1.15e-1; tokens/s equivalent —',
    ]);
    expect(figureLines([entry({ figures: [{ ...figures[1]!, value: 1234.5 }] })])).toEqual(['bandwidth/copy N=5000: tokens/s equivalent 1230 tokens/s']);
  });

  it('names the features a skipped kernel needs from the failure\'s fields', () => {
    const skipped = entry({ medianMs: null, cv: null, samples: 0, correct: false, error: { kind: 'unsupported', message: 'The device lacks what it takes.', features: ['shader-f16', 'subgroups'] } });
    expect(resultRow(skipped)[RESULT_HEADER.indexOf('check')]).toBe('skipped (needs shader-f16 and subgroups)');
  });
});

describe("the runner's ladder report", () => {
  it('reads variants and sizes from the points\' fields, and n/a from the error kind', () => {
    const at = (kernel: string, n: number, gflops: number) => ({ x: n, kernel, params: { M: n, N: n, K: n }, label: `${n} cubed`, entry: entry({ kernel, params: { M: n, N: n, K: n }, gflops }) });
    const points = [
      at('matmul/naive', 64, 1), at('matmul/tiled', 64, 3),
      { x: 64, kernel: 'matmul/f16', params: { M: 64, N: 64, K: 64 }, label: 'f16', error: 'The device lacks shader-f16.', errorKind: 'unsupported' as const },
      at('matmul/naive', 128, 2), at('matmul/tiled', 128, 6),
      { x: 128, kernel: 'matmul/f16', params: { M: 128, N: 128, K: 128 }, label: 'f16', error: 'The device lacks shader-f16.', errorKind: 'unsupported' as const },
    ];
    const report = sweepReport('matmul-ladder', points, { gbps: 10, gflops: 12 });
    expect(report).toMatch(/^matmul\/naive\s+1\s+2\s+17%$/m);
    expect(report).toMatch(/^matmul\/tiled\s+3\s+6\s+50%$/m);
    expect(report).toMatch(/^matmul\/f16\s+n\/a\s+n\/a\s+—$/m);
    expect(report).toContain('Best: matmul/tiled, 3.00× the naive kernel\'s best.');
  });
});
