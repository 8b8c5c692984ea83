/** `--sweep`: each sweep's points as results, and its report on stdout as it finishes. */
import type { ResultEntry } from '../bench/results/schema';
import type { Ceilings } from '../bench/results/roofline';
import type { SweepKind } from '../bench/suites/sweeps';
import type { SizePreset } from '../kernels/spec';
import type { RunnerCall } from '../runner/protocol';
import { attentionReport } from './attention-report';
import { sweepReport } from './report';
import { err, type StatusLine } from './status';

export interface SweepsOutcome {
  readonly entries: readonly ResultEntry[];
  readonly failed: boolean;
}

/** compute/fma's best GFLOP/s in the calibration, which the intensity sweep's plateau is held against. */
function fmaPeak(earlier: readonly ResultEntry[]): number | undefined {
  const fma = earlier.filter((r) => r.suite === 'calibration' && r.kernel === 'compute/fma' && r.gflops !== null);
  return fma.length > 0 ? Math.max(...fma.map((r) => r.gflops!)) : undefined;
}

export async function runSweeps(call: RunnerCall, kinds: readonly SweepKind[], size: SizePreset, ceilings: Ceilings | undefined, earlier: readonly ResultEntry[], status: StatusLine): Promise<SweepsOutcome> {
  const entries: ResultEntry[] = [];
  let failed = false;
  for (const kind of kinds) {
    status.begin(`Sweep ${kind}`, `Sweep ${kind} (${size})…`);
    const sweep = await call('sweep', kind, size);
    status.end();
    if (!sweep.ok) {
      failed = true;
      err(`Sweep ${kind} failed: ${sweep.message}`);
      continue;
    }
    entries.push(...sweep.points.flatMap((p) => (p.entry ? [p.entry] : [])));
    const report = kind === 'attention' ? attentionReport(sweep.points) : sweepReport(kind, sweep.points, ceilings, fmaPeak(earlier));
    process.stdout.write(`\n${report}\n`);
  }
  return { entries, failed };
}
