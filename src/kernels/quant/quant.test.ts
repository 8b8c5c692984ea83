/**
 * The quantized GEMVs beyond the library's shape sweep: the CPU format
 * (packing order, scales, rounding, refused group sizes), planted bugs that
 * the check must catch (nibbles read in the wrong order, the scale of the
 * wrong group), and the figures a run reports (the error against the f32
 * product, which grows from int8 to int4 and with the group size; tokens/s).
 */
import { describe, expect, it } from 'vitest';
import { runKernel } from '../../bench/run/run';
import { testGpu } from '../../test/dawn';
import { findKernel } from '../library';
import { validateParams } from '../plan';
import type { KernelSpec, Params } from '../spec';
import { TOKEN_LAYERS } from './gemv';
import { dequantizeWeights, gemv64, gemvF32Inputs, groupProblem, quantAt, quantizeWeights, relativeError } from './quantize';

const spec = (id: string): KernelSpec => findKernel(id)!;
const QUICK = { warmup: 0, minSamples: 1, maxSamples: 1, timeCapMs: 200, targetSampleMs: 1 } as const;

describe('quantizeWeights (CPU)', () => {
  it('packs int4 lowest nibble first, offset by 8, with a scale per (row, group)', () => {
    // One row of 16 weights, groups of 8: max |w| 7 and 14, so scales 1 and 2.
    const W = [0, 1, 2, 3, 4, 5, 6, 7, -7, -6, -5, -4, -3, -2, -1, 14];
    const { packed, scales } = quantizeWeights(W, 1, 16, 8, 4);
    expect(Array.from(scales)).toEqual([1, 2]);
    // q = 0..7 → nibbles 8..15, nibble k at bits 4k.
    expect(packed[0]).toBe(0xfedcba98);
    // q = round(w / 2): −3.5 → −4, −3, −2.5 → −3, −2, −1.5 → −2, −1, −0.5 → −1, 7 (ties away from zero).
    expect(Array.from({ length: 8 }, (_, j) => quantAt(packed, 8 + j, 4))).toEqual([-4, -3, -3, -2, -2, -1, -1, 7]);
    expect((packed[1]! >>> 28) & 15).toBe(7 + 8);
  });

  it('packs int8 lowest byte first, in two\'s complement, clamped to ±127', () => {
    const W = [127, -127, 1, -1, 0, 0, 0, 0];
    const { packed, scales } = quantizeWeights(W, 2, 4, 4, 8);
    expect(Array.from(scales)).toEqual([1, 0]);
    expect(packed[0]).toBe((0x01 << 16 | 0xff << 24 | 0x81 << 8 | 0x7f) >>> 0);
    expect(packed[1]).toBe(0); // a group of zeros: scale 0, q 0, no NaN
    expect(Array.from({ length: 4 }, (_, k) => quantAt(packed, k, 8))).toEqual([127, -127, 1, -1]);
  });

  it('keeps every weight within half a step of its dequantized value', () => {
    const { W } = gemvF32Inputs(16, 256, 5);
    for (const [bits, G] of [[8, 32], [4, 32], [4, 128]] as const) {
      const { packed, scales } = quantizeWeights(W, 16, 256, G, bits);
      const back = dequantizeWeights(packed, scales, 16, 256, G, bits);
      let worst = 0;
      for (let i = 0; i < W.length; i++) worst = Math.max(worst, Math.abs(back[i]! - W[i]!) / scales[Math.floor(i / G)]!);
      expect(worst).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(worst).toBeGreaterThan(0.4); // it does round
    }
  });

  it('refuses a group size that does not cut K, or that splits a word', () => {
    expect(groupProblem(1000, 32, 4)).toBe('K must be a multiple of G = 32: every row is cut into whole groups of G weights, one scale each (got K = 1000; try 992 or 1024).');
    expect(groupProblem(40, 12, 4)).toMatch(/^G \(group size\) must be a multiple of 8 for int4/);
    expect(groupProblem(36, 12, 8)).toBeUndefined();
    expect(() => quantizeWeights(new Float32Array(40), 1, 40, 12, 4)).toThrow(RangeError);
  });

  it('costs more with int4 than int8, and more with larger groups (normal weights)', () => {
    const N = 64;
    const K = 1024;
    const { W, x } = gemvF32Inputs(N, K, 11);
    const exact = gemv64(W, x, N, K).values;
    const cost = (bits: 4 | 8, G: number) => {
      const q = quantizeWeights(W, N, K, G, bits);
      return relativeError(gemv64(dequantizeWeights(q.packed, q.scales, N, K, G, bits), x, N, K).values, exact);
    };
    expect(cost(8, 32)).toBeLessThan(cost(4, 32) / 10);
    expect(cost(4, 32)).toBeLessThan(cost(4, 256));
    expect(cost(8, 32)).toBeGreaterThan(0);
  });
});

describe('quantized GEMV parameters', () => {
  it('says under K that K must be a multiple of G, and under G that it must hold whole words', () => {
    expect(validateParams(spec('quant/gemv-int4'), { N: 4, K: 100, G: 32 })).toEqual([{ name: 'K', message: expect.stringMatching(/^K must be a multiple of G = 32.*try 96 or 128/) }]);
    expect(validateParams(spec('quant/gemv-int4'), { N: 4, K: 96, G: 12 })[0]?.name).toBe('G');
    expect(validateParams(spec('quant/gemv-int8'), { N: 4, K: 96, G: 12 })).toEqual([]);
  });
});

describe('quantized GEMV on the GPU (Dawn)', () => {
  const params: Params = { N: 24, K: 256, G: 32 };

  /** The kernel with `from` replaced by `to` in its WGSL; fails the test when `from` is not there. */
  const planted = (id: string, from: string, to: string): string => {
    const source = spec(id).source;
    expect(source).toContain(from);
    return source.replace(from, to);
  };

  it('fails the check when int4 nibbles are read highest first', async () => {
    const { device, info } = await testGpu();
    const source = planted('quant/gemv-int4', '(word >> (4u * j)) & 15u', '(word >> (28u - 4u * j)) & 15u');
    const { check } = await runKernel(device, info, spec('quant/gemv-int4'), { params, source, seed: 3, timing: QUICK });
    expect(check.correct).toBe(false);
    expect(check.scaledError).toBeGreaterThan(0.1);
  });

  it('fails the check when int8 bytes are read highest first', async () => {
    const { device, info } = await testGpu();
    const source = planted('quant/gemv-int8', 'bitcast<i32>(word), 8u * j, 8u', 'bitcast<i32>(word), 24u - 8u * j, 8u');
    const { check } = await runKernel(device, info, spec('quant/gemv-int8'), { params, source, seed: 3, timing: QUICK });
    expect(check.correct).toBe(false);
  });

  for (const id of ['quant/gemv-int8', 'quant/gemv-int4']) {
    it(`${id}: fails the check when a word takes the scale of the wrong group`, async () => {
      const { device, info } = await testGpu();
      // Indexing the scales by word instead of by weight: words of the first groups read later groups' scales.
      const source = planted(id, 'scales[row * groups + k0 / shape.G]', 'scales[row * groups + i / shape.G]');
      const { check } = await runKernel(device, info, spec(id), { params, source, seed: 3, timing: QUICK });
      expect(check.correct).toBe(false);
    });
  }

  it('reports the error against the f32 product: about 1e-1 for int4, under 2e-2 for int8, none for f32', async () => {
    const { device, info } = await testGpu();
    const run = (id: string, p: Params) => runKernel(device, info, spec(id), { params: p, seed: 21, timing: QUICK });
    const f32 = await run('quant/gemv-f32', { N: 24, K: 256 });
    const int8 = await run('quant/gemv-int8', params);
    const int4 = await run('quant/gemv-int4', params);
    for (const r of [f32, int8, int4]) expect(r.check.correct).toBe(true);
    const figure = (r: typeof f32, name: string) => r.record.figures?.find((f) => f.name === name)?.value;
    expect(figure(f32, 'quantError')).toBeUndefined();
    const e8 = figure(int8, 'quantError')!;
    const e4 = figure(int4, 'quantError')!;
    // Normal weights, groups of 32: a step of about max|w|/qmax ≈ 2σ/127 or 2σ/7, an error of a step over √12.
    expect(e8).toBeGreaterThan(1e-3);
    expect(e8).toBeLessThan(2e-2);
    expect(e4).toBeGreaterThan(4e-2);
    expect(e4).toBeGreaterThan(5 * e8);
    expect(e4).toBeLessThan(0.3);
    // The figure is the kernel's y against the f32 kernel's y (same seed, same W and x), up to f32 rounding.
    const y = (r: typeof f32) => r.contents.buffers.find((b) => b.name === 'y')!.got!;
    expect(relativeError(y(int4), y(f32))).toBeCloseTo(e4, 4);
    // Tokens/s: one GEMV per layer per token.
    for (const r of [f32, int8, int4]) expect(figure(r, 'tokensPerS')).toBeCloseTo(1000 / (r.record.medianMs * TOKEN_LAYERS), 6);
  });

  it('counts fewer bytes for int4 than int8 than f32 in the cost model', async () => {
    const { device, info } = await testGpu();
    const bytes = async (id: string, p: Params) => (await runKernel(device, info, spec(id), { params: p, timing: QUICK })).record.bytes;
    // N·K weights, plus one f32 scale per group, x and y.
    expect(await bytes('quant/gemv-f32', { N: 8, K: 256 })).toBe(4 * 8 * 256 + 4 * 256 + 4 * 8);
    expect(await bytes('quant/gemv-int8', { N: 8, K: 256, G: 32 })).toBe(8 * 256 + 4 * 8 * 8 + 4 * 256 + 4 * 8);
    expect(await bytes('quant/gemv-int4', { N: 8, K: 256, G: 32 })).toBe(4 * 256 + 4 * 8 * 8 + 4 * 256 + 4 * 8);
  });
});
