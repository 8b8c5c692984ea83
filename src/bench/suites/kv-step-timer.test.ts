/**
 * The simulation's step time measured on a real device (Dawn): each bucket
 * runs its layout's kv decode kernel (paged: kv/paged-decode with the
 * simulation's block size; contiguous: kv/contiguous-decode) once, checked,
 * at L chosen so the kernel's batch holds the bucket's tokens, and is then
 * answered from the cache; a bigger batch takes longer than a smaller one.
 */
import { describe, expect, it } from 'vitest';
import { testGpu } from '../../test/dawn';
import { decodeLengths } from '../../kernels/generators';
import { shapeBucket, type BatchShape } from '../../kv/step-time';
import { kernelLength, measuredStepTimer, stepParams, STEP_KERNELS } from './kv-step-timer';

const total = (S: number, L: number) => decodeLengths(S, L).reduce((a, b) => a + b, 0);

describe('a bucket as the kv decode kernels\' parameters', () => {
  it('keeps the batch\'s sequences and total tokens', () => {
    expect(kernelLength(1, 700)).toBe(700);
    expect(kernelLength(2, 64)).toBe(63); // lengths 63 and 1
    for (const [S, mean] of [[8, 724], [64, 45], [256, 1448], [3, 5], [16, 2048]] as const) {
      const L = kernelLength(S, S * mean);
      // The nearest total to S · mean among the L around it: within a sequence's spacing of it.
      expect(Math.abs(total(S, L) - S * mean)).toBeLessThanOrEqual(Math.max(S, Math.ceil(L / S)));
      for (const other of [L - 1, L + 1]) expect(Math.abs(total(S, L) - S * mean)).toBeLessThanOrEqual(Math.abs(total(S, other) - S * mean));
    }
    expect(() => kernelLength(4, 3)).toThrow(RangeError);
    expect(stepParams({ layout: 'paged', sequences: 2, length: 32 }, undefined, 8)).toEqual({ S: 2, H: 2, Hkv: 1, L: 63, d: 64, bs: 8 });
    expect(stepParams({ layout: 'contiguous', sequences: 1, length: 90 })).toEqual({ S: 1, H: 2, Hkv: 1, L: 90, d: 64 });
  });
});

describe('the measured step timer', () => {
  it('times the paged layout with kv/paged-decode and the contiguous with kv/contiguous-decode, each bucket once, checked', async () => {
    const { device, info } = await testGpu();
    const measured: string[] = [];
    const t = measuredStepTimer(device, info, { blockSize: 8, onMeasured: (b, r) => measured.push(`${r.kernel} ${b.layout} S=${r.params.S} L=${r.params.L} bs=${r.params.bs} ${r.correct}`) });
    const small: BatchShape = { layout: 'paged', lengths: [30, 34], prefillTokens: 0 };
    const big: BatchShape = { layout: 'contiguous', lengths: [100, 700, 500, 20, 90, 300, 10, 12], prefillTokens: 64 };
    const [a, b] = await Promise.all([t.timer(small), t.timer(big)]);
    // The same bucket again (lengths 31 and 33 share the mean 32): no new run, the same time, without waiting.
    expect(t.timer({ layout: 'paged', lengths: [31, 33], prefillTokens: 0 })).toBe(a);
    expect(t.known(big)).toBe(b);
    expect(t.known({ layout: 'paged', lengths: [700], prefillTokens: 0 })).toBeUndefined();
    // The contiguous bucket: 8 rows padded to 724 (the longest, 700, on the √2 grid) = 5,792 tokens.
    const bigL = kernelLength(8, 8 * 724);
    expect(measured.sort()).toEqual([`kv/contiguous-decode contiguous S=8 L=${bigL} bs=undefined true`, 'kv/paged-decode paged S=2 L=63 bs=8 true']);
    expect(STEP_KERNELS.paged.id).toBe('kv/paged-decode');
    expect(t.measured().map((m) => m.bucket)).toEqual(expect.arrayContaining([shapeBucket(small), shapeBucket(big)]));
    expect(b).toBeGreaterThan(a as number);
  });
});
