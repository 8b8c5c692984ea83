import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../bench/run/record';
import { paramsKey } from '../bench/results/compare';
import { historyRows, primaryMetric, shapeSeries } from './history-series';

const run = (params: Record<string, number>, sourceHash: string, gflops: number): RunRecord =>
  ({ params, sourceHash, constants: { TILE: 8 }, gflops, gbps: gflops / 2, flops: 1, correct: true, medianMs: 1 }) as unknown as RunRecord;

describe('history series', () => {
  const labels = new Map([['lib', 'library'], ['e1', 'edit 1']]);
  const records = [
    run({ M: 48, N: 48, K: 48 }, 'lib', 0.1),
    run({ M: 64, N: 64, K: 64 }, 'lib', 0.2),
    run({ M: 48, N: 48, K: 48 }, 'e1', 0.15),
    run({ K: 48, M: 48, N: 48 }, 'e1', 0.16),
  ];

  it('gives each shape its own series, named by its parameters, in the order first run', () => {
    const rows = historyRows(records, labels);
    expect(shapeSeries(rows)).toEqual([
      { key: paramsKey({ M: 48, N: 48, K: 48 }), name: 'M=48 N=48 K=48', runs: 3 },
      { key: paramsKey({ M: 64, N: 64, K: 64 }), name: 'M=64 N=64 K=64', runs: 1 },
    ]);
  });

  it('keeps every run in history order with its version and shape', () => {
    const rows = historyRows(records, labels);
    expect(rows.map((r) => `${r.run} ${r.version} ${r.params}`)).toEqual([
      '1 library M=48 N=48 K=48',
      '2 library M=64 N=64 K=64',
      '3 edit 1 M=48 N=48 K=48',
      '4 edit 1 K=48 M=48 N=48',
    ]);
    expect(rows[0]!.constants).toBe('TILE=8');
    expect(historyRows([run({ N: 1 }, 'unknown', 1)], labels)[0]!.version).toBe('?');
  });

  it('plots GFLOP/s for kernels with arithmetic and GB/s for copies', () => {
    expect(primaryMetric([{ flops: 0 }, { flops: 10 }])).toBe('gflops');
    expect(primaryMetric([{ flops: 0 }])).toBe('gbps');
  });
});
