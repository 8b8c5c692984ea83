/**
 * How the buffer view writes and colours one value: numbers with enough
 * digits to see an f32's error, and the heatmap's palettes (fixed colours,
 * the same in both themes, distinct on a projector and for red–green colour
 * blindness: blues for values within the tolerance, orange to dark red
 * beyond it, black for NaN and infinity, grey for padding).
 */

export type Rgb = readonly [number, number, number];

/**
 * An f32's 7 significant digits (integers exactly), NaN and ±Infinity by
 * name; ASCII, so a value copied from the table pastes into code.
 */
export function formatValue(v: number, integer = false): string {
  if (!Number.isFinite(v)) return String(v);
  if (integer || (Number.isInteger(v) && Math.abs(v) < 1e7)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e7 ? String(Number(v.toPrecision(7))) : v.toExponential(6).replace(/\.?0+e/, 'e');
}

/** A difference, signed, to three significant digits: "+1.00", "-3.05e-7", "0". */
export function formatDifference(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === 0) return '0';
  if (!Number.isFinite(d)) return d > 0 ? '+Infinity' : '-Infinity';
  const a = Math.abs(d);
  const body = a >= 1e-3 && a < 1e5 ? a.toPrecision(3) : a.toExponential(2);
  return `${d > 0 ? '+' : '-'}${body}`;
}

/** The error in tolerances: "0.02×", "3.1×", "2.0e5×"; blank where there is none (padding). */
export function formatExcess(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return '∞';
  if (x === 0) return '0';
  if (x < 0.01 || x >= 1e4) return `${x.toExponential(1).replace('e+', 'e')}×`;
  return `${x < 10 ? x.toPrecision(2) : x.toFixed(0)}×`;
}

const clamp01 = (t: number): number => Math.min(1, Math.max(0, t));
/** 256 steps from `a` to `b`: a million pixels are coloured by lookup, without allocating. */
const ramp = (a: Rgb, b: Rgb): readonly Rgb[] =>
  Array.from({ length: 256 }, (_, s) => [0, 1, 2].map((k) => Math.round(a[k]! + ((b[k]! - a[k]!) * s) / 255)) as unknown as Rgb);
const step = (t: number): number => Math.round(clamp01(t) * 255);

export const PALETTE = {
  withinLow: [238, 242, 247],
  withinHigh: [92, 140, 200],
  beyondLow: [246, 170, 90],
  beyondHigh: [140, 10, 20],
  nonFinite: [0, 0, 0],
  padding: [160, 160, 160],
  negative: [33, 102, 172],
  zero: [247, 247, 247],
  positive: [178, 24, 43],
} as const satisfies Record<string, Rgb>;

const WITHIN = ramp(PALETTE.withinLow, PALETTE.withinHigh);
const BEYOND = ramp(PALETTE.beyondLow, PALETTE.beyondHigh);
const NEGATIVE = ramp(PALETTE.zero, PALETTE.negative);
const POSITIVE = ramp(PALETTE.zero, PALETTE.positive);

/**
 * The colour of an error `excess` (in tolerances: over 1 is a mismatch):
 * within, a log scale from 10⁻³ of the tolerance (palest) to the tolerance;
 * beyond, from 1× (orange) to 10³× and more (dark red). NaN is padding.
 */
export function excessColor(x: number): Rgb {
  if (Number.isNaN(x)) return PALETTE.padding;
  if (!Number.isFinite(x)) return PALETTE.nonFinite;
  if (x <= 1) return WITHIN[x <= 0 ? 0 : step((Math.log10(x) + 3) / 3)]!;
  return BEYOND[step(Math.log10(x) / 3)]!;
}

/** A value on a diverging scale around zero, ±`range` at the ends (blue negative, red positive). */
export function valueColor(v: number, range: number): Rgb {
  if (!Number.isFinite(v)) return PALETTE.nonFinite;
  const t = range > 0 ? step(Math.abs(v) / range) : 0;
  return (v < 0 ? NEGATIVE : POSITIVE)[t]!;
}

export const cssColor = ([r, g, b]: Rgb): string => `rgb(${r} ${g} ${b})`;
