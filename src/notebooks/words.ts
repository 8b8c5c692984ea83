/**
 * Figures in words for cell outcomes (a line each, shown under the cell and
 * printed by the headless runner): three significant digits with SI prefixes,
 * as the rest of Kernel Lab writes them.
 */
import type { RunRecord } from '../bench/run/record';

const PREFIXES: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, '']];

/** 2.2e9 B/s → "2.20 GB/s". */
export function si(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${value} ${unit}`;
  const [scale, prefix] = PREFIXES.find(([s]) => Math.abs(value) >= s) ?? [1, ''];
  return `${(value / scale).toPrecision(3)} ${prefix}${unit}`;
}

/** Milliseconds at three significant digits, in µs below 1 ms. */
export const ms = (t: number): string => (t < 1 ? `${(t * 1000).toPrecision(3)} µs` : `${t.toPrecision(3)} ms`);

export const sci = (x: number): string => (x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(1) : String(x));

export const paramsText = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

/** A run's verdict and speed: "correct, 1.23 ms, 4.56 GFLOP/s, 7.89 GB/s". */
export function recordLine(r: RunRecord): string {
  const verdict = r.correct ? 'correct' : `INCORRECT (error ${sci(r.scaledError ?? r.relError)}, tolerance ${sci(r.tolerance)})`;
  return [verdict, ms(r.medianMs), ...(r.flops > 0 ? [si(r.gflops * 1e9, 'FLOP/s')] : []), si(r.gbps * 1e9, 'B/s')].join(', ');
}
