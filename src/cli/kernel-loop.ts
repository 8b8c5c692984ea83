/**
 * The selected kernels, one run each. A run is bounded by `--timeout`: a
 * kernel that never ends wedges the GPU process and no WebGPU call brings it
 * back, so it is recorded as failed and the browser (or the Dawn process) is
 * replaced.
 */
import type { ResultEntry } from '../bench/results/schema';
import { failedEntry } from '../bench/results/entries';
import { sourceHash } from '../kernels/hash';
import type { RunnerReply, RunnerRequest } from '../runner/protocol';
import type { Job } from './jobs';
import { paramText } from './report';
import { TIMED_OUT, within } from './deadline';
import type { BenchSession } from './backend';
import { err, type StatusLine } from './status';

export interface KernelLoopOutcome {
  readonly entries: readonly ResultEntry[];
  /** After a timeout the new browser (or Dawn process) had no adapter: the run ends here, with exit status 1. */
  readonly browserLost: boolean;
}

function printFailure(job: Job, reply: Extract<RunnerReply, { ok: false }>): void {
  err(`  ${job.spec.id}: ${reply.message}`);
  for (const m of reply.messages.filter((x) => x.type === 'error').slice(1)) {
    err(`    ${m.line > 0 ? `line ${m.line}, column ${m.column}: ` : ''}${m.message}`);
  }
}

const jobLabel = (job: Job, i: number, total: number): string =>
  `[${i + 1}/${total}] ${job.spec.id} ${paramText(job.params)}${Object.keys(job.constants).length > 0 ? ` with ${paramText(job.constants)}` : ''}`;

export async function runKernels(session: BenchSession, jobs: readonly Job[], timeoutS: number, status: StatusLine): Promise<KernelLoopOutcome> {
  const entries: ResultEntry[] = [];
  for (const [i, job] of jobs.entries()) {
    const label = jobLabel(job, i, jobs.length);
    status.begin(label);
    const data = job.data?.map(({ values, ...where }) => ({ ...where, url: session.serve(values) }));
    const request: RunnerRequest = { kernel: job.spec.id, params: job.params, constants: job.constants, ...(job.custom ? { custom: job.custom } : {}), ...(data ? { data } : {}) };
    // A backend that dies under a kernel (a crash in the driver) is that kernel's failure, like a timeout.
    const reply = await within(session.call('run', request), timeoutS).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    status.end();
    const backend = session.environment.backend === 'dawn' ? 'Dawn process' : 'browser';
    if (reply === TIMED_OUT || reply instanceof Error) {
      const failure = reply === TIMED_OUT ? { kind: 'timeout', message: `did not finish within ${timeoutS} s` } : { kind: 'crash', message: reply.message };
      err(reply === TIMED_OUT ? `${label}: did not finish within ${timeoutS} s (an endless loop?); restarting the ${backend}` : `${label}: the ${backend} failed under it (${reply.message}); restarting it`);
      entries.push(failedEntry(job.spec.id, job.params, job.constants, sourceHash(job.spec.source), failure, { wgsl: job.spec.source }));
      if (!(await session.restart())) return { entries, browserLost: true };
      continue;
    }
    entries.push(reply.entry);
    if (reply.ok) {
      const e = reply.entry;
      err(`${label}: ${e.correct ? (e.compared ? 'correct' : 'written and finite (no reference)') : 'INCORRECT'}, median ${e.medianMs?.toPrecision(3)} ms, ${e.samples} samples`);
      for (const n of reply.notes) err(`  note: ${n}`);
    } else if (reply.kind === 'unsupported') {
      err(`${label}: skipped: ${reply.message}`);
    } else {
      err(`${label}: failed`);
      printFailure(job, reply);
    }
  }
  return { entries, browserLost: false };
}
