import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../gpu/errors';
import { measure, progressText, type SampleFn } from './measure';

/** A fake GPU: each repetition costs `perRep()` ms on a fake clock, rounded to `tick` like Chrome's timestamps. */
function fakeGpu(perRep: () => number, tick = 0) {
  let clock = 0;
  const calls: number[] = [];
  const sample: SampleFn = async (reps) => {
    calls.push(reps);
    let t = 0;
    for (let i = 0; i < reps; i++) t += perRep();
    clock += t + 0.05;
    return tick > 0 ? Math.floor(t / tick) * tick : t;
  };
  return { sample, calls, now: () => clock };
}

describe('the measuring loop', () => {
  it('warms up, raises repetitions until a sample lasts the target, then converges on a steady kernel', async () => {
    const gpu = fakeGpu(() => 0.01);
    const m = await measure(gpu.sample, { now: gpu.now, warmup: 2, targetSampleMs: 2, minSamples: 10 });
    expect(gpu.calls.slice(0, 2)).toEqual([1, 1]);
    expect(m.reps * 0.01).toBeGreaterThanOrEqual(2 - 1e-9);
    expect(m.stoppedBy).toBe('converged');
    expect(m.stats.count).toBe(10);
    expect(m.stats.medianMs).toBeCloseTo(0.01, 9);
  });

  it('sees through timer rounding by repeating inside a sample', async () => {
    // 3 µs kernels under a 100 µs timer: single dispatches would all read 0.
    const gpu = fakeGpu(() => 0.003, 0.1);
    const m = await measure(gpu.sample, { now: gpu.now, targetSampleMs: 2 });
    expect(m.reps).toBeGreaterThanOrEqual(512);
    expect(m.stats.medianMs).toBeGreaterThan(0.0025);
    expect(m.stats.medianMs).toBeLessThanOrEqual(0.003);
  });

  it('recovers when a slow first reading set the repetitions too low for the timer', async () => {
    let calls = 0;
    const gpu = fakeGpu(() => (++calls <= 2 ? 5 : 0.003), 0.1);
    const m = await measure(gpu.sample, { now: gpu.now, warmup: 0, targetSampleMs: 1 });
    expect(m.stats.medianMs).toBeGreaterThan(0.002);
    expect(m.perRepMs.every((x) => x > 0)).toBe(true);
    expect(m.reps).toBeGreaterThanOrEqual(16);
  });

  it('keeps sampling a noisy kernel until the time cap, and never stops at one sample', async () => {
    let i = 0;
    const gpu = fakeGpu(() => (i++ % 2 === 0 ? 1 : 3));
    const m = await measure(gpu.sample, { now: gpu.now, warmup: 0, targetSampleMs: 1, maxCv: 0.01, timeCapMs: 40, floorSamples: 3, maxReps: 1 });
    expect(m.stoppedBy).toBe('time-cap');
    // The rule it ran under travels with it, so the result can say "stopped by the 40 ms time cap".
    expect(m.rule).toMatchObject({ timeCapMs: 40, floorSamples: 3, maxCv: 0.01 });
    expect(m.stats.count).toBeGreaterThanOrEqual(3);
    expect(m.stats.cv).toBeGreaterThan(0.01);
  });

  it('stops at the sample limit', async () => {
    let i = 0;
    const gpu = fakeGpu(() => (i++ % 2 === 0 ? 1 : 3));
    const m = await measure(gpu.sample, { now: gpu.now, warmup: 0, maxCv: 0, maxSamples: 7, timeCapMs: 1e9, maxReps: 1 });
    expect(m.stoppedBy).toBe('max-samples');
    expect(m.stats.count).toBe(7);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const gpu = fakeGpu(() => 1);
    let n = 0;
    const sample: SampleFn = async (reps) => {
      if (++n === 5) controller.abort();
      return gpu.sample(reps);
    };
    await expect(measure(sample, { now: gpu.now, signal: controller.signal, maxCv: 0 })).rejects.toBeInstanceOf(CancelledError);
    expect(n).toBeLessThanOrEqual(6); // at most the sample in flight (calibration reads in pairs)
  });
});

describe('progress in words', () => {
  it('says what a run is doing in one sentence, never "sample 23 samples"', () => {
    expect(progressText({ phase: 'sample', samples: 23, reps: 4 })).toBe('Sampling: 23 samples so far, 4 repetitions each…');
    expect(progressText({ phase: 'sample', samples: 1, reps: 1 })).toBe('Sampling: 1 sample so far, 1 repetition each…');
    expect(progressText({ phase: 'calibrate', samples: 0, reps: 16 })).toBe('Calibrating: trying 16 repetitions per sample…');
    expect(progressText({ phase: 'reference', samples: 0, reps: 0 })).toContain('Computing the float64 reference');
  });
});
