import { describe, expect, it } from 'vitest';
import type { ResultEntry } from '../bench/results/schema';
import { pagedPairs, pagedReport } from './kv-report';

const entry = (kernel: string, params: Record<string, number>, medianMs: number | null, correct = true): ResultEntry => ({
  kernel, params, constants: {}, timing: 'timestamp-query', timingNote: 'n', samples: 20, repsPerSample: 4,
  medianMs, minMs: medianMs, p90Ms: medianMs, cv: 0.02, flops: 1, bytes: 1, gflops: 1, gbps: 1, intensity: 1,
  correct, compared: true, relError: 0, maxAbsError: 0, tolerance: 1e-5, sourceHash: '00', seed: 1, time: '2026-12-14T00:00:00.000Z',
});
const batch = { S: 4, H: 4, Hkv: 2, L: 700, d: 64 };

describe('paged against contiguous decode in the runner', () => {
  it('pairs results at the same batch only, and only correct, timed ones', () => {
    const pairs = pagedPairs([
      entry('kv/contiguous-decode', { ...batch, L: 800 }, 1),
      entry('kv/paged-decode', { ...batch, bs: 16 }, 2.3),
      entry('kv/contiguous-decode', batch, 2),
      entry('kv/paged-decode', { ...batch, L: 900, bs: 16 }, 1),
      entry('kv/paged-decode', { ...batch, bs: 8 }, 5, false),
    ]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ pagedMs: 2.3, contiguousMs: 2 });
    expect(pairs[0]!.ratio).toBeCloseTo(1.15, 12);
    expect(pagedPairs([entry('kv/paged-decode', { ...batch, bs: 16 }, 1), entry('kv/contiguous-decode', batch, null)])).toEqual([]);
  });

  it('prints each pair\'s ratio and whether it meets the 1.15× goal', () => {
    const report = pagedReport([entry('kv/paged-decode', { ...batch, bs: 16 }, 1.1), entry('kv/contiguous-decode', batch, 1), entry('kv/paged-decode', { ...batch, L: 64, bs: 32 }, 3), entry('kv/contiguous-decode', { ...batch, L: 64 }, 2)]);
    expect(report).toContain('goal: paged ≤ 1.15× contiguous\'s median time');
    expect(report).toMatch(/S=4 H=4 Hkv=2 L=700 d=64 bs=16\s+1\.1\s+1\s+1\.10×\s+within the goal/);
    expect(report).toMatch(/L=64 d=64 bs=32\s+3\s+2\s+1\.50×\s+OVER the goal/);
    expect(pagedReport([entry('kv/paged-decode', { ...batch, bs: 16 }, 1)])).toBe('');
    // A spread median is said to be one, beside the verdict.
    const noisy = pagedReport([{ ...entry('kv/paged-decode', { ...batch, bs: 16 }, 1.1), cv: 0.35 }, entry('kv/contiguous-decode', batch, 1)]);
    expect(noisy).toContain('within the goal (NOISY: CV up to 35%, run again)');
  });
});
