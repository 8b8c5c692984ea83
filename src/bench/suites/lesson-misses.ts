/**
 * What the data lessons are meant to show, checked against a result: reading
 * one column of twenty from Parquet is faster than reading all twenty; our
 * Parquet → f32 column is at least as fast as hyparquet's; from prefetch depth
 * 2 the GPU is idle at most 10% of the time and rows/s is above depth 0's.
 * When a result misses, the page and the runner say so beside it in plain
 * words with the likely reason, instead of printing a number that contradicts
 * the lesson with no comment. Also the wording of a speed factor.
 */
import type { FormatsReport } from './formats';
import type { ParquetColumnReading } from './parquet-column';
import type { PumpReport } from './pump-suite';

/** The pump's goal: GPU idle at most this share of the time from prefetch depth 2 on. */
export const PUMP_IDLE_GOAL = 0.1;

/** Why small results miss, in words: the same reason for each lesson. */
const SMALL = 'at a small size fixed costs (opening the file, reading the footer, starting a pass, a round trip to the Worker) outweigh the work measured, and a CPU adapter computes on the same cores that decode; measure at medium (or larger) to see the effect';

/**
 * A time ratio (the slower's time over the faster's, `before / after`) in words: "×2.60 faster", "×1.67 slower";
 * a factor under 1 is written as its inverse and "slower", never "×0.60 faster". "—" for a ratio that is not positive.
 */
export function factorWords(x: number): string {
  if (!(x > 0) || !Number.isFinite(x)) return '—';
  return x >= 1 ? `×${x.toFixed(x < 10 ? 2 : 1)} faster` : `×${(1 / x).toFixed(2)} slower`;
}

const CODEC = { uncompressed: 'uncompressed', snappy: 'Snappy', zstd: 'Zstd' } as const;
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** Sentences for the formats results that miss the lesson (empty when none do). */
export function formatsMisses(report: FormatsReport, column: readonly ParquetColumnReading[]): string[] {
  const out: string[] = [];
  const notFaster = Object.entries(report.oneColumnSpeedup).filter(([, x]) => x !== undefined && x <= 1);
  if (notFaster.length > 0) {
    out.push(`Reading one column of twenty was not faster than reading all twenty here (${notFaster.map(([c, x]) => `${CODEC[c as keyof typeof CODEC]} ${factorWords(x!)}`).join(', ')}): ${SMALL}.`);
  }
  const behind = column.filter((c) => c.ratio < 1);
  if (behind.length > 0) {
    out.push(`Our Parquet → f32 column was slower than hyparquet's here (${behind.map((c) => `${CODEC[c.codec]} from ${c.source} ${factorWords(c.ratio)}`).join(', ')}): ${SMALL}.`);
  }
  return out;
}

/** Sentences for the pump results that miss the lesson (empty when none do). */
export function pumpMisses(report: PumpReport): string[] {
  const out: string[] = [];
  for (const upload of new Set(report.runs.map((r) => r.upload))) {
    const sync = report.runs.find((r) => r.upload === upload && r.depth === 0);
    const deep = report.runs.filter((r) => r.upload === upload && r.depth >= 2);
    const idle = deep.filter((r) => r.gpuIdleShare > PUMP_IDLE_GOAL);
    const slower = sync ? deep.filter((r) => r.rowsPerS < sync.rowsPerS) : [];
    if (idle.length === 0 && slower.length === 0) continue;
    const parts = [
      ...(idle.length > 0 ? [`the GPU was idle more than the ${pct(PUMP_IDLE_GOAL)} goal at ${idle.map((r) => `depth ${r.depth} (${pct(r.gpuIdleShare)})`).join(', ')}`] : []),
      ...(slower.length > 0 ? [`rows/s was lower than without prefetching at ${slower.map((r) => `depth ${r.depth}`).join(', ')}`] : []),
    ];
    out.push(`${upload}: ${parts.join(', and ')}: prefetching did not pay off here; ${SMALL}.`);
  }
  return out;
}
