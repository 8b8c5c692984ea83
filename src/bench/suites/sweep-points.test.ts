import { describe, expect, it } from 'vitest';
import { matmulLadder, sweepPoint, type LadderPoint, type LadderResult } from './sweep-points';
import { MATMUL_LADDER, sweepJobs } from './sweeps';

const result = (kernel: string, gflops: number, correct = true): LadderResult => ({ kernel, gflops, correct });

describe('sweep points', () => {
  it('carry the kernel, its parameters, the swept x and the error kind as values', () => {
    const [job] = sweepJobs('matmul-ladder', 'small', {});
    const point = sweepPoint({ job: job!, error: 'matmul/f16 needs shader-f16, which this device does not offer.', errorKind: 'unsupported' });
    expect(point).toEqual({
      x: 64,
      kernel: MATMUL_LADDER[0]!.id,
      params: { M: 64, N: 64, K: 64 },
      label: job!.label,
      error: 'matmul/f16 needs shader-f16, which this device does not offer.',
      errorKind: 'unsupported',
    });
    expect(sweepPoint({ job: job! })).not.toHaveProperty('errorKind');
  });
});

describe('the matmul ladder', () => {
  it('groups points by kernel and size, with each rung\'s best correct GFLOP/s', () => {
    const points: LadderPoint<LadderResult>[] = [
      { x: 64, label: 'any words', kernel: 'matmul/naive', result: result('matmul/naive', 1) },
      { x: 64, label: 'any words', kernel: 'matmul/tiled', result: result('matmul/tiled', 9, false) },
      { x: 128, label: 'any words', kernel: 'matmul/naive', result: result('matmul/naive', 2) },
      { x: 128, label: 'any words', kernel: 'matmul/tiled', result: result('matmul/tiled', 3) },
    ];
    const { sizes, rungs } = matmulLadder(points);
    expect(sizes).toEqual([64, 128]);
    expect(rungs.map((r) => [r.kernel, r.best, r.unsupported])).toEqual([['matmul/naive', 2, false], ['matmul/tiled', 3, false]]);
    expect(rungs[1]!.at.get(64)?.correct).toBe(false);
  });

  it('knows an unsupported rung by its error kind, not by the words of its message', () => {
    const { rungs } = matmulLadder([
      { x: 64, label: 'f16 at 64', kernel: 'matmul/f16', error: 'The device lacks it.', errorKind: 'unsupported' },
      { x: 64, label: 'big at 64', kernel: 'matmul/big', error: 'It needs 2 GiB, but this device\'s maxBufferSize is 1 GiB.', errorKind: 'limit' },
    ]);
    expect(rungs.map((r) => [r.kernel, r.unsupported])).toEqual([['matmul/f16', true], ['matmul/big', false]]);
  });

  it('still reads points the page saved before they carried their kernel and error kind', () => {
    const { rungs } = matmulLadder([
      { x: 64, label: 'matmul/naive 64³', result: result('matmul/naive', 1) },
      { x: 64, label: 'matmul/f16 64³', error: 'matmul/f16 needs shader-f16, which this device does not offer.' },
    ]);
    expect(rungs.map((r) => [r.kernel, r.best, r.unsupported])).toEqual([['matmul/naive', 1, false], ['matmul/f16', 0, true]]);
  });
});
