/** The cost models: FLOPs and minimum bytes, and so intensity, for the kernels of the memory wall and the ladder. */
import { describe, expect, it } from 'vitest';
import { findKernel } from './library';
import { intensityAtK, kAtIntensity } from './compute/fma';
import { matmulCost } from './matmul/common';
import { planKernel } from './plan';
import { defaultConstants, type Params } from './spec';

const cost = (id: string, params: Params, constants: Record<string, number> = {}) => {
  const spec = findKernel(id)!;
  const plan = planKernel(spec, params, { ...defaultConstants(spec), ...constants });
  return { flops: plan.flops, bytes: plan.bytes, intensity: plan.flops / plan.bytes, workgroupStorage: plan.workgroupStorage };
};

describe('cost models', () => {
  it('counts bytes read plus written for the copies, nothing else for fill and the driver copy', () => {
    expect(cost('bandwidth/copy', { N: 1000 })).toMatchObject({ flops: 0, bytes: 8000 });
    expect(cost('bandwidth/copy-vec4', { N: 1001 })).toMatchObject({ flops: 0, bytes: 8 * 1004 });
    expect(cost('bandwidth/native-copy', { N: 1000 })).toMatchObject({ flops: 0, bytes: 8000 });
    expect(cost('bandwidth/fill', { N: 1000, value: 1 })).toMatchObject({ flops: 0, bytes: 4000 });
  });

  it('counts only the useful bytes of a strided read, and one add per element of a reduction', () => {
    expect(cost('bandwidth/strided', { N: 1000, S: 64 })).toMatchObject({ bytes: 8000 });
    expect(cost('bandwidth/reduce', { N: 8192 }, { WG: 256, ITEMS: 16 })).toMatchObject({ flops: 8192, bytes: 4 * 8192 + 4 * 2 });
  });

  it('puts the intensity kernel at K/4 FLOP per byte', () => {
    for (const K of [1, 4, 64, 1000]) expect(cost('bandwidth/intensity', { N: 4096, K }).intensity).toBeCloseTo(K / 4, 12);
  });

  it('counts eight FLOPs per chain step of the vec4 FMA kernel', () => {
    expect(cost('compute/fma', { T: 100, ITERS: 10 }, { ILP: 4 })).toMatchObject({ flops: 8 * 4 * 10 * 100, bytes: 32 * 100 });
  });

  it('gives every matmul variant the same problem cost, and its workgroup memory', () => {
    const p = { M: 33, N: 65, K: 17 };
    for (const id of ['matmul/naive', 'matmul/tiled', 'matmul/register-blocked', 'matmul/vec4', 'matmul/subgroups', 'matmul/f16']) {
      expect(cost(id, p)).toMatchObject({ flops: 2 * 33 * 65 * 17, bytes: 4 * (33 * 17 + 17 * 65 + 33 * 65) });
    }
    expect(cost('matmul/tiled', p, { TILE: 16 }).workgroupStorage).toBe(2 * 16 * 16 * 4);
    expect(cost('matmul/register-blocked', p, { BM: 64, BN: 32, BK: 8 }).workgroupStorage).toBe(4 * (64 * 8 + 8 * 32));
    expect(cost('matmul/f16', p, { TILE: 16 }).workgroupStorage).toBe(2 * 16 * 16 * 2);
  });

  it('gives the matmul cost model at a shape to a matmul that is not ours, the same as every variant\'s', () => {
    const params = { M: 33, N: 65, K: 17 };
    expect(matmulCost(params)).toEqual({ flops: 2 * 33 * 65 * 17, bytes: 4 * (33 * 17 + 17 * 65 + 33 * 65) });
    for (const id of ['matmul/naive', 'matmul/tiled', 'matmul/vec4']) expect(cost(id, params)).toMatchObject(matmulCost(params));
  });

  it('relates the intensity kernel\'s K and its FLOP per byte through its own cost model', () => {
    expect(intensityAtK(64)).toBe(cost('bandwidth/intensity', { N: 1 << 10, K: 64 }).intensity);
    expect(kAtIntensity(intensityAtK(6))).toBe(6);
  });
});
