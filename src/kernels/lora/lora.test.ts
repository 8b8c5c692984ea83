/**
 * The LoRA kernels beyond the library's shape sweep: the merge on the CPU,
 * the two kernels agreeing on one seed's inputs, the reference against a
 * direct evaluation, planted bugs the check catches (the adapter left out,
 * B read transposed), and the cost models' difference.
 */
import { describe, expect, it } from 'vitest';
import { runKernel } from '../../bench/run/run';
import { testGpu } from '../../test/dawn';
import { findKernel } from '../library';
import { splitExpected, type KernelSpec } from '../spec';
import { relativeError } from '../quant/quantize';
import { loraInputs, unmergedReference } from './lora';

const spec = (id: string): KernelSpec => findKernel(id)!;
const QUICK = { warmup: 0, minSamples: 1, maxSamples: 1, timeCapMs: 200, targetSampleMs: 1 } as const;
const shape = { M: 9, K: 40, N: 24, r: 4 };

describe('LoRA inputs and reference (CPU)', () => {
  it('merges W + A·B element by element, rounded once to f32', () => {
    const { W, A, B, merged } = loraInputs(2, 3, 5, 2, 9);
    for (let k = 0; k < 3; k++) {
      for (let n = 0; n < 5; n++) {
        const exact = W[k * 5 + n]! + A[k * 2]! * B[n]! + A[k * 2 + 1]! * B[5 + n]!;
        expect(merged[k * 5 + n]).toBe(Math.fround(exact));
      }
    }
  });

  it('computes y = x·W + (x·A)·B, with the adapter part in the terms', () => {
    const { M, K, N, r } = shape;
    const { x, W, A, B } = loraInputs(M, K, N, r, 4);
    const { expected, terms } = splitExpected(unmergedReference({ x, w: W, a: A, b: B }, shape, {}).y!);
    const i = 5;
    const j = 17;
    let direct = 0;
    for (let k = 0; k < K; k++) direct += x[i * K + k]! * W[k * N + j]!;
    for (let s = 0; s < r; s++) {
      let t = 0;
      for (let k = 0; k < K; k++) t += x[i * K + k]! * A[k * r + s]!;
      direct += t * B[s * N + j]!;
    }
    expect(expected[i * N + j]).toBeCloseTo(direct, 10);
    expect(terms![i * N + j]).toBeGreaterThan(Math.abs(direct));
  });
});

describe('LoRA on the GPU (Dawn)', () => {
  it('merged and unmerged agree on one seed, up to the merge\'s rounding', async () => {
    const { device, info } = await testGpu();
    const unmerged = await runKernel(device, info, spec('lora/unmerged'), { params: shape, seed: 8, timing: QUICK });
    const merged = await runKernel(device, info, spec('lora/merged'), { params: shape, seed: 8, timing: QUICK });
    expect(unmerged.check.correct).toBe(true);
    expect(merged.check.correct).toBe(true);
    const y = (r: typeof merged) => r.contents.buffers.find((b) => b.name === 'y')!.got!;
    const gap = relativeError(y(merged), y(unmerged));
    expect(gap).toBeGreaterThan(0); // different sums, not one result copied
    expect(gap).toBeLessThan(1e-5);
  });

  it('fails the check when the adapter is left out of the unmerged sum', async () => {
    const { device, info } = await testGpu();
    const from = 'acc += t[row * shape.r + s] * b[s * shape.N + col];';
    expect(spec('lora/unmerged').source).toContain(from);
    const source = spec('lora/unmerged').source.replace(from, '');
    const { check } = await runKernel(device, info, spec('lora/unmerged'), { params: shape, source, seed: 2, timing: QUICK });
    expect(check.correct).toBe(false);
  });

  it('fails the check when A is read transposed in the down pass', async () => {
    const { device, info } = await testGpu();
    const from = 'a[k * shape.r + s]';
    expect(spec('lora/unmerged').source).toContain(from);
    const source = spec('lora/unmerged').source.replace(from, 'a[s * shape.K + k]');
    const { check } = await runKernel(device, info, spec('lora/unmerged'), { params: shape, source, seed: 2, timing: QUICK });
    expect(check.correct).toBe(false);
  });

  it('charges the unmerged kernel for A, B, t and 2·M·r·(K+N) more FLOPs', async () => {
    const { device, info } = await testGpu();
    const { M, K, N, r } = shape;
    const u = (await runKernel(device, info, spec('lora/unmerged'), { params: shape, timing: QUICK })).record;
    const m = (await runKernel(device, info, spec('lora/merged'), { params: shape, timing: QUICK })).record;
    expect(m.flops).toBe(2 * M * K * N);
    expect(u.flops - m.flops).toBe(2 * M * r * (K + N));
    expect(u.bytes - m.bytes).toBe(4 * (K * r + r * N) + 8 * M * r);
  });
});
