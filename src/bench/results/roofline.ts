/**
 * The roofline: attainable GFLOP/s at an arithmetic intensity I is
 * min(peak GFLOP/s, I × peak GB/s); the ridge is where the two meet. Ceilings
 * are measured on the device (calibrate.ts), never taken from a datasheet.
 */

export interface Ceilings {
  /** Best measured copy bandwidth, bytes read plus written, GB/s. */
  readonly gbps: number;
  /** Best measured f32 FMA throughput, GFLOP/s. */
  readonly gflops: number;
}

/**
 * A result more than this far above its roof is a measurement error, not noise;
 * a run whose own samples spread more (CPU adapters) gets twice its CV.
 */
export const ROOF_NOISE = 0.05;

export function attainableGflops(intensity: number, c: Ceilings): number {
  return Math.min(c.gflops, intensity * c.gbps);
}

/** FLOP/byte at which a kernel stops being memory-bound. */
export function ridgeIntensity(c: Ceilings): number {
  return c.gflops / c.gbps;
}

/**
 * How much of its roof a run reached. Kernels without arithmetic (copies) are
 * measured against the bandwidth ceiling alone.
 */
export function roofFraction(run: { readonly flops: number; readonly gflops: number; readonly gbps: number; readonly intensity: number }, c: Ceilings): number {
  if (run.flops > 0) {
    const roof = attainableGflops(run.intensity, c);
    return roof > 0 ? run.gflops / roof : Number.NaN;
  }
  return run.gbps / c.gbps;
}

export function aboveRoof(fraction: number, cv = 0): boolean {
  return fraction > 1 + Math.max(ROOF_NOISE, 2 * cv);
}
