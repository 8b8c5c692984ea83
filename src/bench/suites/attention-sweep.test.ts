/**
 * The attention sweep without a GPU: its jobs and the memory each plan
 * allocates, the limit check that refuses unfused's score matrix on a small
 * fake device while flash goes on, and the refused point kept as data.
 */
import { describe, expect, it } from 'vitest';
import { inspectKernel } from '../run/prepare';
import { planWithinLimits } from '../run/run';
import { DEFAULT_LIMITS } from '../../gpu/device';
import { LimitError } from '../../gpu/errors';
import { attentionSweep, memoryRatio, type AttentionResult } from './attention-sweep';
import { sweepPoint } from './sweep-points';
import { sweepJobs, type SweepJob } from './sweeps';
import type { SuiteRun } from './suite';

const VARIANTS = ['attention/unfused', 'attention/fused', 'attention/flash'];
/** Q, K, V and O at one head, d = 64, in bytes. */
const qkvo = (n: number) => 4 * 4 * n * 64;

/** What runSuite does before allocating: the plan checked against the limits; a refusal becomes the point's error. */
function refuseOrRun(job: SweepJob, limits: Readonly<Record<string, number>>): SuiteRun<SweepJob> {
  try {
    planWithinLimits(limits, job.spec, inspectKernel(job.spec, job.spec.source, {}), job.params);
    return { job };
  } catch (e) {
    if (!(e instanceof LimitError)) throw e;
    return { job, error: e.message, errorKind: e.kind };
  }
}

const ran = (ms: number): AttentionResult => ({ correct: true, medianMs: ms, gbps: 1, gflops: 2 });

describe('the attention sweep', () => {
  it('runs every variant at every length, d = 64, one head, with the bytes each plan allocates', () => {
    const jobs = sweepJobs('attention', 'small', {});
    expect(jobs.map((j) => [j.spec.id, j.x])).toEqual([64, 128, 256].flatMap((n) => VARIANTS.map((v) => [v, n])));
    for (const j of jobs) {
      expect(j.params).toEqual({ B: 1, H: 1, Hkv: 1, N: j.x, L: j.x, d: 64, causal: 0 });
      // Beyond Q, K, V, O (and unfused's 4·N·L bytes of S), only the uniform block: a few dozen bytes.
      const scores = j.spec.id === 'attention/unfused' ? 4 * j.x * j.x : 0;
      const uniform = j.memory! - qkvo(j.x) - scores;
      expect(uniform).toBeGreaterThan(0);
      expect(uniform).toBeLessThan(64);
    }
    const large = sweepJobs('attention', 'large', {});
    expect(Math.max(...large.map((j) => j.x))).toBeGreaterThanOrEqual(8192);
  });

  it('keeps unfused refused past a small device\'s binding limit, with the limit\'s message, while flash goes on', () => {
    const limits = { ...DEFAULT_LIMITS, maxStorageBufferBindingSize: 64 * 2 ** 20, maxBufferSize: 2 ** 30 };
    const runs = sweepJobs('attention', 'large', limits).map((j) => refuseOrRun(j, limits));
    const points = runs.map((r) => ({ ...sweepPoint(r), ...(r.error ? {} : { result: ran(r.job.x / 1000) }) }));
    const refusedAt = points.filter((p) => p.error).map((p) => [p.kernel, p.x, p.errorKind]);
    // S is 4·N² bytes: 64 MiB at 4096 fits exactly; 8192 and beyond do not.
    expect(refusedAt).toEqual([['attention/unfused', 8192, 'limit'], ['attention/unfused', 16384, 'limit']]);
    const refusedPoint = points.find((p) => p.error)!;
    expect(refusedPoint.error).toBe("Buffer S needs 256 MiB, but this device's maxStorageBufferBindingSize is 64 MiB.");
    // The refused point still says what it would have needed.
    expect(refusedPoint.memory).toBeGreaterThan(256 * 2 ** 20);

    const sweep = attentionSweep(points);
    expect(sweep.lengths).toEqual([1024, 2048, 4096, 8192, 16384]);
    expect(sweep.series.map((s) => s.kernel)).toEqual(VARIANTS);
    expect(sweep.refused).toEqual([
      { kernel: 'attention/unfused', x: 8192, message: "Buffer S needs 256 MiB, but this device's maxStorageBufferBindingSize is 64 MiB." },
      { kernel: 'attention/unfused', x: 16384, message: "Buffer S needs 1 GiB, but this device's maxStorageBufferBindingSize is 64 MiB." },
    ]);
    const flash = sweep.series.find((s) => s.kernel === 'attention/flash')!;
    expect(flash.at.get(16384)).toMatchObject({ result: { medianMs: 16.384 }, refused: undefined });
    const unfused = sweep.series.find((s) => s.kernel === 'attention/unfused')!;
    expect(unfused.at.get(8192)).toMatchObject({ result: undefined, refused: refusedPoint.error });
    // At 1024 unfused's 4 MiB of S beside 1 MiB of Q, K, V and O: five times flash's memory.
    expect(memoryRatio(sweep, 'attention/unfused', 'attention/flash', 1024)).toBeCloseTo(5, 3);
  });
});
