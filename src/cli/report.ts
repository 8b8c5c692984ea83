/** What the runner prints: a results table and comparisons, as aligned plain text. */
import type { Comparison, ResultEntry } from '../bench/results';

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? '—' : Number(v.toPrecision(digits)).toString());
export const paramText = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

export const RESULT_HEADER = ['kernel', 'params', 'median ms', 'spread', 'GFLOP/s', 'GB/s', '% roof', 'check', 'rel error', 'timing'];

export function resultRow(e: ResultEntry): string[] {
  const check = e.error ? `FAILED (${e.error.kind})` : !e.correct ? 'INCORRECT' : e.compared ? 'correct' : 'finite (no reference)';
  return [
    e.kernel,
    paramText(e.params),
    num(e.medianMs),
    e.cv === null ? '—' : `CV ${(e.cv * 100).toFixed(1)}%`,
    num(e.gflops),
    num(e.gbps),
    e.roofFraction === undefined || e.roofFraction === null ? '—' : `${(e.roofFraction * 100).toFixed(0)}%`,
    check,
    e.relError === null ? '—' : e.relError === 0 ? '0' : e.relError.toExponential(1),
    e.timing ?? '—',
  ];
}

export function comparisonTable(rows: readonly Comparison[]): string {
  return formatTable(
    ['kernel and shape', 'median ms', 'baseline ms', 'ratio (baseline / this)'],
    rows.map((c) => [c.key, num(c.medianMs), num(c.baselineMs), c.speedup === null ? 'no baseline' : `×${c.speedup.toFixed(2)}`]),
  );
}
