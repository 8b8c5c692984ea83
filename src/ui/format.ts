import { formatBytes, isByteLimit } from '../gpu/format';

/** Number formatting for the panels: enough digits to compare, never false precision. */

const PREFIXES: readonly (readonly [number, string])[] = [
  [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'],
];

/**
 * A quantity with an SI prefix and its unit, to three significant digits:
 * `formatSI(2.2e6, 'B/s')` is "2.20 MB/s", never "2.2e-3 GB/s". Zero is "0 unit",
 * non-finite values are "—".
 */
export function formatSI(value: number, unit: string, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return `0 ${unit}`;
  const abs = Math.abs(value);
  const [scale, prefix] = PREFIXES.find(([f]) => abs >= f * 0.9995) ?? PREFIXES[PREFIXES.length - 1]!;
  return `${(value / scale).toPrecision(digits)} ${prefix}${unit}`;
}

/** Bandwidth given in GB/s (how records keep it), written with the prefix that fits. */
export const formatBandwidth = (gbps: number): string => formatSI(gbps * 1e9, 'B/s');

/** Arithmetic throughput given in GFLOP/s, written with the prefix that fits. */
export const formatFlops = (gflops: number): string => formatSI(gflops * 1e9, 'FLOP/s');

/** Three significant digits, no exponent for everyday magnitudes. */
export function formatRate(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 0.01) return v.toFixed(2);
  return v.toExponential(1);
}

/** An error figure: "—" where none was computed (NaN: no reference, or the check stopped before comparing), ∞ where it is infinite. */
export function formatError(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return '∞';
  return v.toExponential(2);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A count with its noun, plural unless it is one: "64 rows", "1 column". `word` is the singular; an "s" is added. */
export function countOf(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** Byte-valued limits in binary units, counts as plain numbers. */
export function formatLimit(name: string, v: number): string {
  return isByteLimit(name) ? formatBytes(v) : formatCount(v);
}

/**
 * formatSI split into the number and the prefixed unit, for places that show
 * the number on its own (a big figure, with its unit in smaller type beside it).
 */
export function siParts(value: number, unit: string): { readonly number: string; readonly unit: string } {
  const text = formatSI(value, unit);
  const space = text.indexOf(' ');
  return space < 0 ? { number: text, unit } : { number: text.slice(0, space), unit: text.slice(space + 1) };
}

/** A throughput in the unit a tuning or a record keeps it in (GFLOP/s or GB/s), with the prefix that fits. */
export const formatThroughput = (value: number, unit: 'GFLOP/s' | 'GB/s'): string => (unit === 'GB/s' ? formatBandwidth(value) : formatFlops(value));

/**
 * A time in ms at three significant digits whatever its size: "12.3 ms",
 * "456 µs", "1.20 s"; whole seconds past 1000 s ("3600 s", never "3.60 ks").
 */
export function formatTime(ms: number): string {
  return ms >= 1e6 && Number.isFinite(ms) ? `${Math.round(ms / 1e3)} s` : formatSI(ms / 1e3, 's');
}

/** A fraction as a percentage: whole percent from 10% up, one decimal below. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return `${Number(p.toFixed(Math.abs(p) < 10 ? 1 : 0))}%`;
}
