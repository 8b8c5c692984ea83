/**
 * A sweep's points as values, and the matmul ladder read from them. A point
 * says what ran there (the kernel, its parameters, the swept x) and, when it
 * has no result, why (the message and its kind), so that the page's chart and
 * the runner's report never recover a variant from a label or a reason from
 * the words of a message.
 */
import type { ErrorKind } from '../../gpu/errors';
import type { Params } from '../../kernels/spec';
import type { SuiteRun } from './suite';
import type { SweepJob } from './sweeps';

export interface SweepPoint {
  /** The swept quantity: working-set bytes, K, stride, or the ladder's M = N = K. */
  readonly x: number;
  /** The kernel run at this point (for the ladder, the rung). */
  readonly kernel: string;
  readonly params: Params;
  /** Bytes the kernel's plan allocates here (attention's sweep), also at a refused point: what it would have needed. */
  readonly memory?: number;
  /** What the point is, for people ("copy-vec4, 64 MiB working set"). */
  readonly label: string;
  /** Why the point has no result: the message, for people… */
  readonly error?: string;
  /** …and its kind, for programs: 'unsupported' where the device lacks a feature, 'limit', 'out-of-memory'. */
  readonly errorKind?: ErrorKind;
}

/** A point's facts from its job and what came of it; the caller adds the result it keeps (a record, an entry). */
export function sweepPoint(run: SuiteRun<SweepJob>): SweepPoint {
  const { job } = run;
  return {
    x: job.x,
    kernel: job.spec.id,
    params: job.params,
    ...(job.memory === undefined ? {} : { memory: job.memory }),
    label: job.label,
    ...(run.error === undefined ? {} : { error: run.error }),
    ...(run.errorKind === undefined ? {} : { errorKind: run.errorKind }),
  };
}

/** What the ladder reads of a point's result: a page's RunRecord and a runner's ResultEntry both have it. */
export interface LadderResult {
  readonly kernel: string;
  readonly correct: boolean;
  readonly gflops: number | null;
}

/**
 * A point as the ladder receives it. `kernel` and `errorKind` are missing in
 * points saved (or reported) before they were kept; see pointFacts.
 */
export interface LadderPoint<R extends LadderResult> {
  readonly x: number;
  readonly label: string;
  readonly kernel?: string;
  readonly error?: string;
  readonly errorKind?: string;
  readonly result?: R;
}

export interface LadderRung<R extends LadderResult> {
  readonly kernel: string;
  /** The result at each size that has one. */
  readonly at: ReadonlyMap<number, R>;
  /** The best GFLOP/s of its correct results; 0 when it has none. */
  readonly best: number;
  /** The device lacks a feature this rung needs: it was skipped, not failed. */
  readonly unsupported: boolean;
}

export interface Ladder<R extends LadderResult> {
  /** The square sizes, in the order run. */
  readonly sizes: readonly number[];
  /** The variants, in the order run. */
  readonly rungs: readonly LadderRung<R>[];
}

/**
 * The kernel and the error kind of a point. Points saved by the page before
 * these were kept (a sweep stays in IndexedDB until re-run) have neither: for
 * those alone, the kernel is the label's first word (the ladder's labels were
 * "<kernel> <n>³") and a message saying the kernel "needs" a feature was the
 * only sign of an unsupported one.
 */
function pointFacts(p: LadderPoint<LadderResult>): { kernel: string; errorKind: string | undefined } {
  const kernel = p.kernel ?? p.result?.kernel ?? p.label.split(' ')[0] ?? p.label;
  const legacyUnsupported = p.kernel === undefined && p.errorKind === undefined && p.error !== undefined && / needs /.test(p.error);
  return { kernel, errorKind: p.errorKind ?? (legacyUnsupported ? 'unsupported' : undefined) };
}

/** The matmul ladder's points as rungs by size: what the chart, its table and the runner's report show. */
export function matmulLadder<R extends LadderResult>(points: readonly LadderPoint<R>[]): Ladder<R> {
  const sizes = [...new Set(points.map((p) => p.x))];
  const rungs = new Map<string, { at: Map<number, R>; best: number; unsupported: boolean }>();
  for (const p of points) {
    const { kernel, errorKind } = pointFacts(p);
    const rung = rungs.get(kernel) ?? { at: new Map<number, R>(), best: 0, unsupported: false };
    rungs.set(kernel, rung);
    if (p.result) {
      rung.at.set(p.x, p.result);
      if (p.result.correct) rung.best = Math.max(rung.best, p.result.gflops ?? 0);
    }
    if (errorKind === 'unsupported') rung.unsupported = true;
  }
  return { sizes, rungs: [...rungs].map(([kernel, r]) => ({ kernel, ...r })) };
}
