import { formatBytes, isByteLimit } from '../gpu/errors';

/** Number formatting for the panels: enough digits to compare, never false precision. */

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1e3).toFixed(1)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

/** Three significant digits, no exponent for everyday magnitudes. */
export function formatRate(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 0.01) return v.toFixed(2);
  return v.toExponential(1);
}

export function formatError(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return '∞';
  return v.toExponential(2);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Byte-valued limits in binary units, counts as plain numbers. */
export function formatLimit(name: string, v: number): string {
  return isByteLimit(name) ? formatBytes(v) : formatCount(v);
}
