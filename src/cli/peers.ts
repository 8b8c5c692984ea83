/** `--peers`: TF.js's WebGPU matMul at every matmul shape that ran, against our best variant there. */
import { relativeNoise, speedComparison } from '../bench/results/reliability';
import type { ResultEntry } from '../bench/results/schema';
import { paramsKey } from '../bench/results/compare';
import type { RunnerCall } from '../runner/protocol';
import type { Job } from './jobs';
import { paramText } from './report';
import { err, type StatusLine } from './status';

export interface PeersOutcome {
  readonly entries: readonly ResultEntry[];
  readonly failed: boolean;
}

/** Our best correct matmul at this shape among the results so far. */
function bestMatmul(earlier: readonly ResultEntry[], params: Readonly<Record<string, number>>): ResultEntry | undefined {
  const ours = earlier.filter((r) => r.kernel.startsWith('matmul/') && r.correct && r.gflops !== null && paramsKey(r.params) === paramsKey(params));
  return ours.sort((x, y) => (y.gflops ?? 0) - (x.gflops ?? 0))[0];
}

export async function runPeers(call: RunnerCall, jobs: readonly Job[], earlier: readonly ResultEntry[], status: StatusLine): Promise<PeersOutcome> {
  const shapes = new Map<string, Record<string, number>>();
  for (const j of jobs) if (j.spec.family === 'matmul') shapes.set(paramsKey(j.params), j.params);
  if (shapes.size === 0) err('--peers: no matmul kernel selected, so there is nothing to compare TF.js with.');
  const entries: ResultEntry[] = [];
  let failed = false;
  for (const params of shapes.values()) {
    const label = `peer/tfjs-matmul ${paramText(params)}`;
    status.begin(label);
    const reply = await call('peer', params);
    status.end();
    entries.push(reply.entry);
    if (!reply.ok) {
      failed = true;
      err(`${label}: failed: ${reply.message}`);
      continue;
    }
    const best = bestMatmul(earlier, params);
    const peer = reply.entry.gflops ?? 0;
    err(`${label}: ${reply.entry.correct ? 'correct' : 'INCORRECT'}, ${peer.toPrecision(3)} GFLOP/s (${reply.notes[0] ?? ''})`);
    if (best && peer > 0) err(`  our best, ${best.kernel}: ${(best.gflops ?? 0).toPrecision(3)} GFLOP/s = ×${((best.gflops ?? 0) / peer).toFixed(2)} TF.js (goal ≥ 1.00): ${speedComparison((best.gflops ?? 0) / peer, 'ours', 'TF.js', relativeNoise(best, reply.entry))}`);
  }
  return { entries, failed };
}
