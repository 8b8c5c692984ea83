/**
 * `--sweep attention` as a table: for each N = L and variant, the median
 * time, the bytes its plan allocates, GB/s and GFLOP/s from the cost model,
 * and the check, or the device's refusal in place of a result. Then the two
 * figures the sweep is for: flash against unfused, in memory and in time.
 */
import { attentionSweep } from '../bench/suites/attention-sweep';
import { formatBytes } from '../gpu/format';
import type { SweepPointReply } from '../runner/protocol';
import { formatTable } from './report';

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : Number(v.toPrecision(3)).toString());
/** A share in words: "half", "1/4" (within 1% of a whole reciprocal), else a percentage ("37%"). */
export function shareWords(share: number): string {
  const inverse = 1 / share;
  const whole = Math.round(inverse);
  if (whole >= 2 && Math.abs(inverse - whole) <= 0.01 * inverse) return whole === 2 ? 'half' : `1/${whole}`;
  return `${Number((share * 100).toPrecision(2))}%`;
}
const UNFUSED = 'attention/unfused';
const FLASH = 'attention/flash';

export function attentionReport(points: readonly SweepPointReply[]): string {
  const sweep = attentionSweep(points.map((p) => ({ ...p, ...(p.entry ? { result: p.entry } : {}) })));
  const rows = sweep.lengths.flatMap((n) =>
    sweep.series.flatMap(({ kernel, at }) => {
      const c = at.get(n);
      if (!c) return [];
      const e = c.result;
      const check = e ? (e.correct ? 'correct' : 'INCORRECT') : `refused: ${(c.refused ?? '').split('\n')[0]}`;
      return [[String(n), kernel, num(e?.medianMs), c.memory === undefined ? '—' : formatBytes(c.memory), num(e?.gbps), num(e?.gflops), check]];
    }),
  );
  const lines = ['Sweep: attention (d = 64, one head, B = 1)', formatTable(['N = L', 'variant', 'median ms', 'memory', 'GB/s', 'GFLOP/s', 'check'], rows)];
  // The longest length both ran at: flash's memory as a share of unfused's, and its speed.
  const both = sweep.lengths.filter((n) => [UNFUSED, FLASH].every((k) => sweep.series.find((s) => s.kernel === k)?.at.get(n)?.result?.correct)).at(-1);
  if (both !== undefined) {
    const cell = (k: string) => sweep.series.find((s) => s.kernel === k)!.at.get(both)!;
    const [u, f] = [cell(UNFUSED), cell(FLASH)];
    const memory = u.memory && f.memory ? `flash allocates ${shareWords(f.memory / u.memory)} of unfused's memory` : undefined;
    const speed = u.result!.medianMs && f.result!.medianMs ? `runs at ${(u.result!.medianMs / f.result!.medianMs).toFixed(2)}× unfused's speed` : undefined;
    lines.push(`At N = L = ${both}: ${[memory, speed].filter(Boolean).join(' and ')}.`);
  }
  const flashRan = new Set([...(sweep.series.find((s) => s.kernel === FLASH)?.at ?? [])].filter(([, c]) => c.result).map(([n]) => n));
  const past = sweep.refused.filter((r) => r.kernel === UNFUSED && flashRan.has(r.x)).map((r) => r.x);
  if (past.length > 0) lines.push(`Unfused was refused at N = L = ${past.join(', ')} (its score matrix passes a device limit); flash ran there.`);
  return lines.join('\n');
}
