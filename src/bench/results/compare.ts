/** Two sets of results side by side: matched by kernel and shape, with the ratio of their medians. */
import { relativeNoise } from './reliability';
import type { ResultEntry } from './schema';

/** The same shape whatever order its parameters were stored in: "K=64 M=64 N=64". */
export function paramsKey(params: Readonly<Record<string, number>>): string {
  return Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join(' ');
}

/** The identity of a measurement for comparison: kernel and parameters (in name order). */
export function shapeKey(kernel: string, params: Readonly<Record<string, number>>): string {
  return `${kernel} ${paramsKey(params)}`;
}

export interface Comparison {
  /** shapeKey(kernel, params): what the two sides were matched by. */
  readonly key: string;
  readonly kernel: string;
  /** This run's parameters, in the kernel's own order. */
  readonly params: Readonly<Record<string, number>>;
  readonly medianMs: number | null;
  readonly baselineMs: number | null;
  /** Baseline time over this run's time: above 1 means this run is faster. */
  readonly speedup: number | null;
  /** The relative gap the two medians' noise allows (relativeNoise); null without a baseline. */
  readonly noise: number | null;
}

export function compareResults(current: readonly ResultEntry[], baseline: readonly ResultEntry[]): Comparison[] {
  const base = new Map<string, ResultEntry>();
  for (const b of baseline) if (b.medianMs !== null) base.set(shapeKey(b.kernel, b.params), b);
  return current.map((c) => {
    const key = shapeKey(c.kernel, c.params);
    const b = base.get(key);
    const baselineMs = b?.medianMs ?? null;
    const speedup = baselineMs !== null && c.medianMs !== null && c.medianMs > 0 ? baselineMs / c.medianMs : null;
    return { key, kernel: c.kernel, params: c.params, medianMs: c.medianMs, baselineMs, speedup, noise: b ? relativeNoise(c, b) : null };
  });
}
