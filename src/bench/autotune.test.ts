import { describe, expect, it } from 'vitest';
import { copy } from '../kernels/bandwidth/copy';
import { matmulRegisterBlocked, matmulTiled } from '../kernels/matmul/ladder';
import { referenceHere, type ReferenceRunner } from './reference-runner';
import { testGpu } from '../test/dawn';
import { autotune, shapeClass, tuneCandidates } from './autotune';

const LIMITS = { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupStorageSize: 16384, maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30, maxComputeWorkgroupsPerDimension: 65535 };

describe('autotuning', () => {
  it('classes shapes by their largest dimension', () => {
    expect(shapeClass({ M: 64, N: 256, K: 7 })).toBe('small');
    expect(shapeClass({ M: 1024, N: 8, K: 8 })).toBe('medium');
    expect(shapeClass({ N: 1 << 20 })).toBe('large');
  });

  it('tries every allowed combination that fits the device, defaults first', () => {
    const c = tuneCandidates(matmulRegisterBlocked, { M: 128, N: 128, K: 128 }, LIMITS);
    expect(c[0]).toEqual({ BM: 64, BN: 64, BK: 16 });
    expect(c.length).toBeGreaterThan(20);
    for (const k of c) {
      expect((k.BM! / 4) * (k.BN! / 4)).toBeLessThanOrEqual(256);
      expect(4 * (k.BM! * k.BK! + k.BK! * k.BN!)).toBeLessThanOrEqual(16384);
    }
    expect(c).not.toContainEqual({ BM: 128, BN: 128, BK: 32 });
  });

  it('finds a correct winner on a real device and re-measures it', async () => {
    const { device, info } = await testGpu();
    const quick = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 100, targetSampleMs: 1 };
    const r = await autotune(device, info, copy, { N: 3000 }, { searchTiming: quick, confirmTiming: quick, finalists: 2 });
    expect(r.unit).toBe('GB/s');
    expect(r.candidates.map((c) => c.constants.WG)).toEqual([256, 32, 64, 128, 512, 1024].filter((wg) => wg <= device.limits.maxComputeInvocationsPerWorkgroup));
    expect(r.best.correct).toBe(true);
    expect(r.best.throughput).toBeGreaterThan(0);
    expect(r.shapeClass).toBe('large');
  });

  it('computes the reference once for all candidates: they share one seed and one shape', async () => {
    const { device, info } = await testGpu();
    const quick = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 100, targetSampleMs: 1 };
    let computed = 0;
    const counting: ReferenceRunner = (...args) => {
      computed++;
      return referenceHere(...args);
    };
    const r = await autotune(device, info, matmulTiled, { M: 33, N: 20, K: 17 }, { searchTiming: quick, confirmTiming: quick, finalists: 2, reference: counting });
    expect(r.candidates.length).toBe(3);
    expect(r.candidates.every((c) => c.correct)).toBe(true);
    expect(computed).toBe(1);
  });
});
