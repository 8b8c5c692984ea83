/**
 * Paged against contiguous decode, printed by the runner when both ran at the
 * same lengths (the same S, H, Hkv, L and d: the same batch of sequences):
 * how much longer reading through block tables takes. The goal is paged at
 * most 1.15× contiguous's median time (vLLM's PagedAttention paper reports
 * 20–26% kernel overhead against FasterTransformer's contiguous kernel).
 */
import type { ResultEntry } from '../bench/results/schema';
import { formatTable } from './report';

export const PAGED = 'kv/paged-decode';
export const CONTIGUOUS = 'kv/contiguous-decode';
/** Paged decode's median time may be at most this many times contiguous's. */
export const PAGED_GOAL = 1.15;
const SAME = ['S', 'H', 'Hkv', 'L', 'd'] as const;

export interface PagedPair {
  readonly params: Readonly<Record<string, number>>;
  readonly pagedMs: number;
  readonly contiguousMs: number;
  /** pagedMs / contiguousMs. */
  readonly ratio: number;
  /** The larger of the two medians' coefficients of variation (null when unknown). */
  readonly cv: number | null;
}

/** Above this spread a median is not to be trusted (as the results table's NOISY flag). */
const NOISY_CV = 0.1;

/** Every pair of correct, timed paged and contiguous decode results at the same batch, in the order paged ones came. */
export function pagedPairs(results: readonly ResultEntry[]): PagedPair[] {
  const timed = (r: ResultEntry): r is ResultEntry & { medianMs: number } => r.correct && r.medianMs !== null && r.medianMs > 0;
  const key = (r: ResultEntry): string => SAME.map((n) => r.params[n]).join(',');
  return results.filter((r) => r.kernel === PAGED && timed(r)).flatMap((p) => {
    const c = results.find((r) => r.kernel === CONTIGUOUS && timed(r) && key(r) === key(p));
    const cv = p.cv === null || c?.cv === null || c?.cv === undefined ? null : Math.max(p.cv, c.cv);
    return c?.medianMs ? [{ params: p.params, pagedMs: p.medianMs!, contiguousMs: c.medianMs, ratio: p.medianMs! / c.medianMs, cv }] : [];
  });
}

/** The comparison as a table and a verdict per pair; empty when no pair ran. */
export function pagedReport(results: readonly ResultEntry[]): string {
  const pairs = pagedPairs(results);
  if (pairs.length === 0) return '';
  const t = (ms: number): string => Number(ms.toPrecision(3)).toString();
  const rows = pairs.map((p) => [
    SAME.map((n) => `${n}=${p.params[n]}`).join(' ') + (p.params.bs ? ` bs=${p.params.bs}` : ''),
    t(p.pagedMs),
    t(p.contiguousMs),
    `${p.ratio.toFixed(2)}×`,
    (p.ratio <= PAGED_GOAL ? 'within the goal' : 'OVER the goal') + (p.cv !== null && p.cv > NOISY_CV ? ` (NOISY: CV up to ${(p.cv * 100).toFixed(0)}%, run again)` : ''),
  ]);
  return [`Paged against contiguous decode, the same sequences (goal: paged ≤ ${PAGED_GOAL}× contiguous's median time)`, formatTable(['batch', 'paged ms', 'contiguous ms', 'paged / contiguous', `≤ ${PAGED_GOAL}×`], rows)].join('\n');
}
