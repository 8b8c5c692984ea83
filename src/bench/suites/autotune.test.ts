import { describe, expect, it } from 'vitest';
import { copy } from '../../kernels/bandwidth/copy';
import { matmulRegisterBlocked, matmulTiled } from '../../kernels/matmul/ladder';
import type { DeviceInfo } from '../../gpu/device';
import { referenceHere, type ReferenceCompute } from '../run/reference';
import { testGpu } from '../../test/dawn';
import { autotune, constantsToApply, shapeClass, tuneCandidates, type CandidateRunner } from './autotune';

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

  /** A fake GPU: each WG's GB/s in the quick search and in the full re-measurement. */
  const fake = (quick: Record<number, number>, full: Record<number, number>): { run: CandidateRunner; measured: number[] } => {
    const measured: number[] = [];
    const run: CandidateRunner = async (o) => {
      const wg = o.constants!.WG!;
      const stage = o.timing?.maxSamples === 2 ? quick : full;
      if (stage === full) measured.push(wg);
      return { record: { gbps: stage[wg]!, gflops: 0, medianMs: 1 / stage[wg]!, cv: 0.02, samples: 20, correct: true } };
    };
    return { run, measured };
  };
  // With a fake runner nothing touches a GPU: only the limits decide the candidates.
  const fakeInfo = { limits: LIMITS } as unknown as DeviceInfo;
  const noDevice = {} as GPUDevice;
  const searchTiming = { maxSamples: 2 };

  it('re-measures the defaults however their quick number ranked, and a slower winner is no winner', async () => {
    // The report: the defaults' quick run was low, a candidate's quick run high, but in full the defaults are faster.
    const gpu = fake({ 256: 0.05, 32: 0.2, 64: 0.3, 128: 0.25 }, { 256: 0.12, 32: 0.06, 64: 0.07, 128: 0.065 });
    const r = await autotune(noDevice, fakeInfo, copy, { N: 3000 }, { runCandidate: gpu.run, searchTiming, finalists: 2 });
    expect(gpu.measured).toEqual([64, 128, 256]);
    expect(r.best).toMatchObject({ constants: { WG: 256 }, throughput: 0.12 });
    expect(r.defaults).toMatchObject({ constants: { WG: 256 }, throughput: 0.12 });
    expect(r.verdict).toBe('tie');
    expect(constantsToApply(r)).toBeUndefined();
    expect(r.confirmed?.map((c) => c.constants.WG)).toEqual([64, 128, 256]);
  });

  it('judges against the values the code runs with, not the library\'s, and tries a code value outside the list', async () => {
    expect(tuneCandidates(matmulTiled, { M: 40, N: 40, K: 40 }, LIMITS, matmulTiled.source, { TILE: 4 })[0]).toEqual({ TILE: 4 });
    const gpu = fake({ 256: 0.1, 32: 0.1, 64: 0.3, 128: 0.1, 96: 0.1 }, { 256: 0.1, 32: 0.1, 64: 0.2, 128: 0.1, 96: 0.2 });
    const r = await autotune(noDevice, fakeInfo, copy, { N: 3000 }, { runCandidate: gpu.run, searchTiming, finalists: 2, baseline: { WG: 96 } });
    expect(r.candidates[0]?.constants).toEqual({ WG: 96 });
    expect(r.defaults).toMatchObject({ constants: { WG: 96 }, throughput: 0.2 });
    expect(r.verdict).toBe('tie');
  });

  it('names a winner that beats the re-measured defaults beyond the noise, with both full measurements', async () => {
    const gpu = fake({ 256: 0.1, 32: 0.1, 64: 0.3, 128: 0.1 }, { 256: 0.1, 32: 0.1, 64: 0.2, 128: 0.1 });
    const r = await autotune(noDevice, fakeInfo, copy, { N: 3000 }, { runCandidate: gpu.run, searchTiming, finalists: 1 });
    expect(r.verdict).toBe('faster');
    expect(r.best.throughput).toBe(0.2);
    expect(r.defaults?.throughput).toBe(0.1);
    expect(r.noise).toBeCloseTo(0.05, 12);
    expect(constantsToApply(r)).toEqual({ WG: 64 });
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
    // The defaults were measured in full beside the winner, so the verdict compares like with like.
    expect(r.confirmed?.some((c) => c.constants.WG === 256)).toBe(true);
    expect(r.defaults?.constants).toEqual({ WG: 256 });
    expect(['faster', 'tie']).toContain(r.verdict);
  });

  it('computes the reference once per set of inputs, not per candidate: they share one seed and one shape', async () => {
    const { device, info } = await testGpu();
    const quick = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 100, targetSampleMs: 1 };
    let computed = 0;
    const counting: ReferenceCompute = (...args) => {
      computed++;
      return referenceHere(...args);
    };
    const r = await autotune(device, info, matmulTiled, { M: 33, N: 20, K: 17 }, { searchTiming: quick, confirmTiming: quick, finalists: 2, reference: counting });
    expect(r.candidates.length).toBe(3);
    expect(r.candidates.every((c) => c.correct)).toBe(true);
    // Two sets of inputs, whatever the number of candidates: the check, and the check after timing.
    expect(computed).toBe(2);
  });
});
