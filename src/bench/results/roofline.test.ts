import { describe, expect, it } from 'vitest';
import { aboveRoof, attainableGflops, ridgeIntensity, roofFraction } from './roofline';

const c = { gbps: 100, gflops: 1000 };

describe('the roofline', () => {
  it('is bandwidth-bound left of the ridge and flat right of it', () => {
    expect(ridgeIntensity(c)).toBe(10);
    expect(attainableGflops(0.25, c)).toBe(25);
    expect(attainableGflops(10, c)).toBe(1000);
    expect(attainableGflops(64, c)).toBe(1000);
  });

  it('measures a run against its own roof', () => {
    expect(roofFraction({ flops: 1, gflops: 20, gbps: 80, intensity: 0.25 }, c)).toBeCloseTo(0.8, 12);
    expect(roofFraction({ flops: 1, gflops: 500, gbps: 2, intensity: 250 }, c)).toBe(0.5);
    // A copy has no FLOPs: only the bandwidth roof applies.
    expect(roofFraction({ flops: 0, gflops: 0, gbps: 90, intensity: 0 }, c)).toBe(0.9);
  });

  it('flags results above the roof beyond noise', () => {
    expect(aboveRoof(1.03)).toBe(false);
    expect(aboveRoof(1.2)).toBe(true);
    // A noisy run (CV 10%) is not called wrong for a 13% excess.
    expect(aboveRoof(1.13, 0.1)).toBe(false);
    expect(aboveRoof(1.3, 0.1)).toBe(true);
  });
});
