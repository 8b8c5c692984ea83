/** What the runner prints: a results table and comparisons, as aligned plain text. */
import { judgeReliability, speedComparison } from '../bench/results/reliability';
import type { ResultEntry } from '../bench/results/schema';
import type { Comparison } from '../bench/results/compare';
import { ridgeIntensity, type Ceilings } from '../bench/results/roofline';
import { matmulLadder } from '../bench/suites/sweep-points';
import { kAtIntensity } from '../kernels/compute/fma';
import type { SweepKind } from '../bench/suites/sweeps';
import { formatBytes } from '../gpu/format';
import type { SweepPointReply } from '../runner/protocol';

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? '—' : Number(v.toPrecision(digits)).toString());
export const paramText = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

// 'flag' comes last so that scripts reading the columns before it keep working.
export const RESULT_HEADER = ['kernel', 'params', 'median ms', 'spread', 'GFLOP/s', 'GB/s', '% roof', 'check', 'rel error', 'timing', 'flag'];

/** The last column: a flag on a median its spread or sample count makes unreliable (see reliabilityNotes for why). */
function medianFlag(e: ResultEntry): string {
  if (e.medianMs === null) return '';
  const r = judgeReliability(e);
  // Upper case like INCORRECT in the check column: a reader scanning the table must not miss it.
  return [...(r.noisy ? ['NOISY'] : []), ...(r.few ? [`ONLY ${e.samples} SAMPLES`] : [])].join(', ');
}

/** Under the table: for each flagged median, what is wrong with it, why sampling stopped (when the entry says) and what to do. */
export function reliabilityNotes(entries: readonly ResultEntry[]): string[] {
  return entries.flatMap((e) => {
    if (e.medianMs === null) return [];
    const r = judgeReliability(e);
    if (r.reliable) return [];
    return [`Unreliable median: ${e.kernel} ${paramText(e.params)}: ${r.problems.join('; ')}${r.stopped ? `; ${r.stopped}` : ''}. ${r.advice ?? ''}`.trimEnd()];
  });
}

/** A kernel figure's value as the table writes numbers: a ratio in exponent form, others with their unit. */
export const figureText = (f: { readonly value: number | null; readonly unit: string }): string =>
  f.value === null || !Number.isFinite(f.value) ? '—' : f.unit === 'ratio' ? f.value.toExponential(2) : `${num(f.value)} ${f.unit}`;

/** Under the table: each run's own figures (quant/*: the error against f32, tokens/s), one line per run that has any. */
export function figureLines(entries: readonly ResultEntry[]): string[] {
  return entries.flatMap((e) => (e.figures && e.figures.length > 0 ? [`${e.kernel} ${paramText(e.params)}: ${e.figures.map((f) => `${f.label} ${figureText(f)}`).join('; ')}`] : []));
}

const errText = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v === 0 ? '0' : v.toExponential(1));

export function resultRow(e: ResultEntry): string[] {
  const check = e.error?.kind === 'unsupported'
    ? `skipped (${e.error.features ? `needs ${e.error.features.join(' and ')}` : e.error.message})`
    : e.error ? `FAILED (${e.error.kind})` : !e.correct ? 'INCORRECT' : e.compared ? 'correct' : 'finite (no reference)';
  return [
    e.kernel,
    paramText(e.params),
    num(e.medianMs),
    e.cv === null ? '—' : `CV ${(e.cv * 100).toFixed(1)}%`,
    num(e.gflops),
    num(e.gbps),
    e.roofFraction === undefined || e.roofFraction === null ? '—' : `${(e.roofFraction * 100).toFixed(0)}%`,
    check,
    // Where the reference gives the terms' sizes, also the error the tolerance was applied to.
    e.scaledError !== undefined && e.scaledError !== null && e.scaledError !== e.relError
      ? `${errText(e.relError)} (${errText(e.scaledError)} of terms)`
      : errText(e.relError),
    e.timing ?? '—',
    medianFlag(e),
  ];
}

export function comparisonTable(rows: readonly Comparison[]): string {
  return formatTable(
    ['kernel and shape', 'median ms', 'baseline ms', 'ratio (baseline / this)', 'which is faster'],
    // Shapes in the kernel's own parameter order (M N K), as the results table writes them.
    rows.map((c) => [`${c.kernel} ${paramText(c.params)}`, num(c.medianMs), num(c.baselineMs), c.speedup === null ? 'no baseline' : `×${c.speedup.toFixed(2)}`, c.speedup === null ? '' : speedComparison(c.speedup, 'this run', 'the baseline', c.noise ?? undefined)]),
  );
}

const X_LABEL: Record<SweepKind, string> = { 'working-set': 'working set', intensity: 'K (FMA/element)', stride: 'stride', 'matmul-ladder': 'M = N = K', attention: 'N = L' };

/** A sweep as a table, with what the sweep is for in its last lines (attention has its own: attention-report.ts). */
export function sweepReport(kind: SweepKind, points: readonly SweepPointReply[], ceilings: Ceilings | undefined, fmaPeak?: number): string {
  if (kind === 'matmul-ladder') return ladderReport(points, ceilings);
  const rows = points.map((p) => [
    kind === 'working-set' ? formatBytes(p.x) : String(p.x),
    p.entry ? num(p.entry.gbps) : '—',
    p.entry ? num(p.entry.gflops) : '—',
    p.entry ? (p.entry.correct ? 'correct' : 'INCORRECT') : `skipped: ${(p.error ?? '').split('\n')[0]}`,
  ]);
  const lines = [`Sweep: ${kind}`, formatTable([X_LABEL[kind], 'GB/s', 'GFLOP/s', 'check'], rows)];
  if (kind === 'intensity') {
    const plateau = Math.max(0, ...points.map((p) => p.entry?.gflops ?? 0));
    if (ceilings) {
      lines.push(`Ridge at K = ${kAtIntensity(ridgeIntensity(ceilings)).toPrecision(3)} (${ridgeIntensity(ceilings).toPrecision(3)} FLOP/byte); plateau ${num(plateau)} GFLOP/s = ${(plateau / ceilings.gflops).toFixed(2)} of the compute ceiling.`);
      if (fmaPeak) lines.push(`Plateau / compute/fma's best: ${(plateau / fmaPeak).toFixed(2)} (goal: within 20%, 0.80–1.20).`);
    } else {
      lines.push(`Plateau ${num(plateau)} GFLOP/s; add --calibrate to compare it with the compute ceiling and mark the ridge.`);
    }
  }
  return lines.join('\n');
}

/** The ladder as a table of GFLOP/s, variants by size, with each variant's best share of the compute ceiling. */
function ladderReport(points: readonly SweepPointReply[], ceilings: Ceilings | undefined): string {
  const { sizes, rungs } = matmulLadder(points.map((p) => ({ ...p, ...(p.entry ? { result: p.entry } : {}) })));
  const cell = (r: (typeof rungs)[number], n: number): string => {
    const e = r.at.get(n);
    if (!e) return r.unsupported ? 'n/a' : '—';
    return `${num(e.gflops)}${e.correct ? '' : ' (INCORRECT)'}`;
  };
  const rows = rungs.map((r) => [r.kernel, ...sizes.map((n) => cell(r, n)), ceilings && r.best > 0 ? `${((r.best / ceilings.gflops) * 100).toFixed(0)}%` : '—']);
  const lines = ['Sweep: matmul-ladder (GFLOP/s)', formatTable(['variant', ...sizes.map((n) => `${n}³`), '% of compute ceiling'], rows)];
  const top = rungs.filter((r) => r.best > 0).sort((x, y) => y.best - x.best)[0];
  const naive = rungs.find((r) => r.kernel === 'matmul/naive')?.best ?? 0;
  if (top && naive > 0) lines.push(`Best: ${top.kernel}, ${(top.best / naive).toFixed(2)}× the naive kernel's best.`);
  return lines.join('\n');
}
