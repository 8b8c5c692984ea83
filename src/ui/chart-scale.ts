/**
 * Value axes for the charts, chosen from the data: a chart whose axis runs to
 * a ceiling twenty times above the points draws them flat on zero, and a
 * linear axis over three decades hides the small ones. Pure, so it is tested
 * without a browser; the charts only draw what it decides.
 */
import { formatSI } from './format';

export interface ValueAxis {
  readonly scale: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
}

/** Largest over smallest value beyond which the axis is logarithmic: more than a decade. */
export const LOG_SPAN = 10;
/** Room above the highest point on a linear axis, as a factor. */
export const HEADROOM = 1.1;
/**
 * Room beyond the outermost points on a log axis, as a share of the decades
 * the data span: a fixed factor would be a sliver on an axis over three
 * decades, with no space for a ceiling's label above its line.
 */
export const LOG_MARGIN = 0.1;
/**
 * A ceiling at most this far above the best point is drawn, the axis extended
 * to hold it: at half the ceiling or better, how close the points come is the
 * point of the chart. Further away it would flatten them, so the caption names it.
 */
export const CEILING_REACH = 2;

const log10 = Math.log10;
/** Rounds away the float noise of 10 ** k and step multiples (0.30000000000000004). */
const clean = (v: number): number => Number(v.toPrecision(12));

/** Powers of ten from the one at or below `lo` to the one at or above `hi`. */
export function decadeDomain(lo: number, hi: number): [number, number] {
  return [clean(10 ** Math.floor(log10(lo))), clean(10 ** Math.ceil(log10(Math.max(hi, lo))))];
}

/** Every power of ten within [lo, hi]. */
export function decadeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.ceil(log10(lo) - 1e-9); k <= Math.floor(log10(hi) + 1e-9); k++) ticks.push(clean(10 ** k));
  return ticks;
}

/**
 * Ticks for a log axis: the powers of ten inside it, and 2× and 5× between them
 * when fewer than three decades fit (a tight axis over 1.5 decades would show
 * only one or two labels otherwise).
 */
export function logTicks(lo: number, hi: number): number[] {
  const decades = decadeTicks(lo, hi);
  if (decades.length >= 3) return decades;
  const ticks: number[] = [];
  for (let k = Math.floor(log10(lo)); k <= Math.ceil(log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const t = clean(m * 10 ** k);
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks;
}

/** A round step (1, 2, 2.5 or 5 × 10^k) that cuts `span` into about `count` parts. */
export function niceStep(span: number, count = 5): number {
  const raw = span / count;
  const unit = 10 ** Math.floor(log10(raw));
  const m = [1, 2, 2.5, 5, 10].find((f) => f * unit >= raw * (1 - 1e-9)) ?? 10;
  return clean(m * unit);
}

/**
 * Linear from zero, so heights compare as ratios (a run twice as fast stands
 * twice as high), up to a round value above the highest point.
 */
export function linearAxis(max: number): ValueAxis {
  if (!(max > 0)) return { scale: 'linear', domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  const step = niceStep(max * HEADROOM);
  const top = clean(Math.ceil((max * HEADROOM) / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top * (1 + 1e-9); t = clean(t + step)) ticks.push(t);
  return { scale: 'linear', domain: [0, top], ticks };
}

/**
 * The axis for a set of positive rates: logarithmic when they span more than a
 * decade (and none is zero, which a log axis cannot place), tight around the
 * data with a little headroom; linear from zero otherwise.
 */
export function valueAxis(values: readonly number[], forceLinear = false): ValueAxis {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return linearAxis(0);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (forceLinear || min <= 0 || max / min <= LOG_SPAN) return linearAxis(max);
  const pad = Math.max(HEADROOM, (max / min) ** LOG_MARGIN);
  const domain: [number, number] = [clean(min / pad), clean(max * pad)];
  return { scale: 'log', domain, ticks: logTicks(domain[0], domain[1]) };
}

export interface CeilingAxis {
  readonly axis: ValueAxis;
  /** Drawn as a labelled line on the chart; otherwise named in the caption. */
  readonly drawn: boolean;
}

/** The axis for the data, and whether the ceiling is close enough to draw (see CEILING_REACH). */
export function axisWithCeiling(values: readonly number[], ceiling: number | undefined): CeilingAxis {
  const best = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  if (ceiling === undefined || !(ceiling > 0) || !(best > 0) || ceiling > CEILING_REACH * best) {
    return { axis: valueAxis(values), drawn: false };
  }
  return { axis: valueAxis([...values, ceiling]), drawn: true };
}

/** Where `v` sits on the axis, 0 at the bottom and 1 at the top, in the axis's own scale. */
export function positionOnAxis(v: number, axis: ValueAxis): number {
  const [lo, hi] = axis.domain;
  return axis.scale === 'log' ? (log10(v) - log10(lo)) / (log10(hi) - log10(lo)) : (v - lo) / (hi - lo);
}

/** A share as a percentage with the digits that matter: 45%, 5.3%, 0.4%. */
export function formatPercent(fraction: number): string {
  const p = fraction * 100;
  if (!Number.isFinite(p)) return '—';
  if (p >= 10) return `${p.toFixed(0)}%`;
  if (p >= 1) return `${p.toFixed(1)}%`;
  return `${p.toPrecision(1)}%`;
}

/**
 * The sentence under a chart that says how far its best point is from the
 * ceiling, and where the ceiling is: the dashed line, or off the chart's top.
 */
export function ceilingCaption(best: number, ceiling: number, name: string, format: (v: number) => string, drawn: boolean): string {
  const where = drawn ? ' (the dashed line)' : ", which is off the chart's top";
  return `Best point ${format(best)}, ${formatPercent(best / ceiling)} of the ${name} ${format(ceiling)}${where}.`;
}

/** formatSI for tick labels: "1 GB/s" and "1.5 GB/s" rather than "1.00 GB/s". */
export function tickLabel(value: number, unit: string): string {
  return formatSI(value, unit).replace(/\.(\d*?)0+(?= )/, (_, digits: string) => (digits ? `.${digits}` : ''));
}

/** Tick formatters for rates kept in GB/s and GFLOP/s, as records keep them. */
export const bandwidthTick = (gbps: number): string => tickLabel(gbps * 1e9, 'B/s');
export const flopsTick = (gflops: number): string => tickLabel(gflops * 1e9, 'FLOP/s');

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A power of ten as a tick label: plain from 0.001 to 1000, 10⁴ and 10⁻⁴
 * beyond, where zeros stop being readable. The unit is in the axis label.
 */
export function decadeLabel(v: number): string {
  const k = Math.round(log10(v));
  if (k >= -3 && k <= 3) return String(clean(10 ** k));
  return `10${k < 0 ? '⁻' : ''}${[...String(Math.abs(k))].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
}

/**
 * Where a bar's label goes: after the bar when there is room, else inside
 * its end when the bar is long enough, else only the bare figure after it.
 */
export function barLabelPlacement(textPx: number, insidePx: number, afterPx: number): 'after' | 'inside' | 'figure' {
  if (textPx <= afterPx) return 'after';
  return textPx <= insidePx ? 'inside' : 'figure';
}

/**
 * A log axis for bytes in binary units, as the tables beside it write them (KiB, MiB, GiB): the domain from the
 * power of two at or below `lo` to the one at or above `hi`, and ticks at powers of two every 1, 2, 5 or 10
 * octaves, the fewest steps that leave at most `most` ticks (a step of 10 octaves falls on KiB, MiB, GiB).
 */
export function binaryLogAxis(lo: number, hi: number, most = 7): { domain: [number, number]; ticks: number[] } {
  const a = Math.floor(Math.log2(lo));
  const b = Math.ceil(Math.log2(Math.max(hi, lo)));
  const top = b > a ? b : a + 1;
  const step = [1, 2, 5, 10].find((s) => Math.floor(top / s) - Math.ceil(a / s) + 1 <= most) ?? 10;
  const ticks: number[] = [];
  for (let k = Math.ceil(a / step) * step; k <= top; k += step) ticks.push(2 ** k);
  return { domain: [2 ** a, 2 ** top], ticks };
}
