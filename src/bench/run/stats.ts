/**
 * Summary statistics of timing samples (milliseconds).
 * Ours on purpose: a median, a p90 and a CV are a few lines, and a library would hide which quantile rule we use.
 */

export interface Stats {
  readonly count: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly p90Ms: number;
  readonly meanMs: number;
  /** Coefficient of variation: standard deviation over mean. */
  readonly cv: number;
}

/** Linear interpolation between closest ranks, on sorted input. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n === 0 ? Number.NaN : sorted.reduce((s, x) => s + x, 0) / n;
  const variance = n < 2 ? 0 : sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return {
    count: n,
    medianMs: quantile(sorted, 0.5),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[n - 1] ?? Number.NaN,
    p90Ms: quantile(sorted, 0.9),
    meanMs: mean,
    cv: mean > 0 ? Math.sqrt(variance) / mean : 0,
  };
}
