import { describe, expect, it } from 'vitest';
import { quantile, summarize } from './stats';

describe('timing statistics', () => {
  it('summarizes samples regardless of their order', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ count: 5, medianMs: 3, minMs: 1, maxMs: 5, meanMs: 3 });
    expect(s.p90Ms).toBeCloseTo(4.6, 10);
    expect(s.cv).toBeCloseTo(Math.sqrt(2.5) / 3, 10);
  });

  it('interpolates quantiles between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.9)).toBe(7);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });

  it('gives zero spread for identical samples', () => {
    expect(summarize([2, 2, 2]).cv).toBe(0);
  });
});
