import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../bench/run/record';
import type { RunFigure } from '../kernels/spec';
import { chartData } from './chart';
import type { ChartCell } from './format';
import type { CellResult } from './outcome';

/** A record with only what a chart reads. */
const record = (medianMs: number, figures: readonly RunFigure[]): RunRecord => ({ correct: true, medianMs, gflops: 1, gbps: 2, relError: 0, figures }) as unknown as RunRecord;
const fig = (name: string, value: number): RunFigure => ({ name, label: name, value, unit: '', note: '' });

const runs: CellResult = {
  kind: 'runs',
  points: [
    { kernel: 'quant/gemv-f32', params: { K: 256 }, record: record(2, [fig('tokensPerS', 15.6)]) },
    { kernel: 'quant/gemv-int4', params: { K: 256 }, record: record(1, [fig('quantError', 0.1), fig('tokensPerS', 31.2)]) },
    // A timer that could not resolve the run gives a non-finite figure: no point, not a zero.
    { kernel: 'quant/gemv-int4', params: { K: 512 }, record: record(0, [fig('quantError', 0.11), fig('tokensPerS', Number.NaN)]) },
  ],
};
const cell = (y: ChartCell['y']): ChartCell => ({ type: 'chart', id: 'c', line: 1, from: 'r', x: 'K', y });

describe('charts of kernel figures', () => {
  it('draws tokens/s from the tokensPerS figure, leaving out values that could not be had', () => {
    const chart = chartData(cell('tokens'), runs);
    expect(chart.unit).toBe('tokens/s');
    expect(chart.series.map((s) => [s.name, s.points.map((p) => [p.x, p.y])])).toEqual([
      ['quant/gemv-f32', [[256, 15.6]]],
      ['quant/gemv-int4', [[256, 31.2]]],
    ]);
  });

  it('draws the quantization error only for kernels that report it', () => {
    const chart = chartData(cell('quant-error'), runs);
    expect(chart.yLabel).toBe('error against the f32 product');
    expect(chart.series.map((s) => [s.name, s.points.map((p) => [p.x, p.y])])).toEqual([
      ['quant/gemv-f32', []],
      ['quant/gemv-int4', [[256, 0.1], [512, 0.11]]],
    ]);
  });
});
