/**
 * Values of a loaded table in words, for the data panel: statistics and
 * preview cells. Numbers to six significant digits with thousands separators
 * (integers whole, 64-bit integers exactly; with an exponent below 10⁻⁴ and
 * from 10¹⁵), null as ∅, a list as its first values and its length, text cut
 * at 40 characters.
 */
import type { Vector } from 'apache-arrow';
import { formatCount } from './format';

const LIST_SHOWN = 3;
const TEXT_SHOWN = 40;

/** A statistic: "—" when there is none. */
export function formatStat(v: number | bigint | null | undefined): string {
  if (v === null || v === undefined) return '—';
  // Every number with thousands separators, as counts are written elsewhere; 64-bit integers stay exact.
  if (typeof v === 'bigint') return v.toLocaleString('en-US');
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return formatCount(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return v.toExponential(5).replace(/\.?0+e/, 'e');
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumSignificantDigits: 6 });
}

const cut = (text: string): string => (text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN - 1)}…` : text);

/** One cell, as Arrow's `get` returns it (null for a null slot, a Vector for a list). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'number' || typeof v === 'bigint') return formatStat(v);
  if (typeof v === 'string') return cut(v);
  if (typeof v === 'object' && 'length' in v && 'get' in v && typeof (v as Vector).get === 'function') {
    const list = v as Vector;
    const shown = Array.from({ length: Math.min(LIST_SHOWN, list.length) }, (_, i) => cellText(list.get(i)));
    return `[${shown.join(', ')}${list.length > LIST_SHOWN ? `, … ${list.length}` : ''}]`;
  }
  return cut(String(v));
}
