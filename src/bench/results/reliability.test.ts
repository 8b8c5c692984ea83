import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASURE } from '../run/measure';
import { judgeReliability, overPct, relativeNoise, speedComparison, stopText } from './reliability';

const steady = { cv: 0.021, samples: 12, stoppedBy: 'converged' as const, sampling: DEFAULT_MEASURE, medianMs: 0.5, repsPerSample: 8 };

describe('judging a measurement', () => {
  it('trusts a converged run and says why it stopped', () => {
    const r = judgeReliability(steady);
    expect(r).toMatchObject({ reliable: true, problems: [], advice: undefined });
    expect(r.stopped).toBe('converged: the CV fell under 3% after 12 samples');
  });

  it('flags three samples cut off by the time cap, says so, and says what to do', () => {
    const r = judgeReliability({ ...steady, cv: 0.02, samples: 3, stoppedBy: 'time-cap', medianMs: 700, repsPerSample: 1 });
    expect(r.reliable).toBe(false);
    expect(r.problems).toEqual(['only 3 samples (fewer than 10): too few for the median or the CV to mean much']);
    expect(r.stopped).toBe('stopped by the 2 s time cap after 3 samples with CV 2% (before the 10 samples it needs to call the spread settled)');
    expect(r.advice).toMatch(/^Each sample took about 700 ms, so only a few fit in the time: give it more time .* a smaller size/);
  });

  it('flags a wide spread over 10% with the advice of a larger size', () => {
    const r = judgeReliability({ ...steady, cv: 0.36, samples: 200, stoppedBy: 'max-samples' });
    expect(r.reliable).toBe(false);
    expect(r.problems).toEqual(['CV 36% is over 10%: the samples spread too widely for their median to be trusted']);
    // A CV just over the limit gets the digit that shows it is over: never "CV 10% is over 10%".
    expect(overPct(0.1004, 0.1)).toBe('10.04%');
    expect(overPct(0.104, 0.1)).toBe('10.4%');
    expect(overPct(0.36, 0.1)).toBe('36%');
    expect(r.stopped).toBe('stopped at the 200-sample limit with CV 36% (the CV never fell under 3%)');
    expect(r.advice).toMatch(/larger size/);
    expect(judgeReliability({ ...steady, cv: 0.1 }).reliable).toBe(true);
    expect(judgeReliability({ ...steady, cv: 0.101 }).reliable).toBe(false);
  });

  it('names both problems at once, and reads the stop rule the run used', () => {
    const r = judgeReliability({ cv: 1.5, samples: 3, stoppedBy: 'time-cap', sampling: { ...DEFAULT_MEASURE, timeCapMs: 400 } });
    expect(r.problems).toHaveLength(2);
    expect(r.stopped).toMatch(/^stopped by the 400 ms time cap after 3 samples with CV 150%/);
    // One piece of advice, not a smaller size and a larger one at once.
    expect(r.advice).toMatch(/keep the size/);
    expect(r.advice).not.toMatch(/smaller size|larger size/);
  });

  it('reads older records and results files, which keep less', () => {
    expect(stopText({ cv: 0.3, samples: 4, stoppedBy: 'time-cap' })).toMatch(/^stopped by the 2 s time cap after 4 samples/);
    const entry = judgeReliability({ cv: 0.3, samples: 4 });
    expect(entry.stopped).toBeUndefined();
    expect(entry.reliable).toBe(false);
    expect(judgeReliability({ cv: null, samples: 0 }).reliable).toBe(true);
  });
});

describe('telling two speeds apart', () => {
  it('takes twice the two medians\' standard error, from CV and sample count, never under 5%', () => {
    expect(relativeNoise({ cv: 0.03, samples: 10 }, { cv: 0.02, samples: 12 })).toBe(0.05);
    // Three samples at CV 36% each: ±74%, so not even 1.7× tells them apart.
    expect(relativeNoise({ cv: 0.36, samples: 3 }, { cv: 0.36, samples: 3 })).toBeCloseTo(2 * Math.SQRT2 * 1.2533 * 0.36 / Math.sqrt(3), 12);
    expect(relativeNoise({ cv: 0.36, samples: 3 }, { cv: 0.36, samples: 3 })).toBeGreaterThan(0.7);
    // Many samples narrow it even when each spreads widely: 86 at CV 130% still see a 3× gap.
    expect(relativeNoise({ cv: 1.3, samples: 86 }, { cv: 1.3, samples: 86 })).toBeLessThan(0.5);
    // Without a count (an older record), the CV itself: the cautious side.
    expect(relativeNoise({ cv: 0.2 }, { cv: 0.16, samples: null })).toBeCloseTo(2 * Math.hypot(0.2, 0.16), 12);
    expect(relativeNoise({}, { cv: null })).toBe(0.05);
  });

  it('says which side is faster, in words', () => {
    expect(speedComparison(2.1, 'here', 'there')).toBe('here is 2.10× faster than there');
    expect(speedComparison(0.54, 'ours', 'TF.js')).toBe('TF.js is 1.85× faster than ours');
    expect(speedComparison(1.03, 'ours', 'TF.js', 0.05)).toBe('ours is 1.03× faster than TF.js (within the noise of ±5%)');
    expect(speedComparison(1.001, 'a', 'b')).toBe('a and b are the same speed');
    expect(speedComparison(4.32e7, 'here', 'there')).toBe('here is 43,200,000× faster than there');
    expect(speedComparison(1 / 999.7, 'a', 'b')).toBe('b is 1,000× faster than a');
    expect(speedComparison(Number.NaN, 'a', 'b')).toBe('—');
  });
});
