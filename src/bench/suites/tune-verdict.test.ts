import { describe, expect, it } from 'vitest';
import { constantsToApply, judgeTuning, pickFinalists, type TunedCandidate } from './tune-verdict';

const DEFAULTS = { WG: 256 };
const c = (WG: number, throughput: number, cv = 0.01, correct = true, samples = 20): TunedCandidate => ({ constants: { WG }, throughput, cv, samples, correct });

describe('choosing the finalists', () => {
  it('re-measures the defaults even when their quick number ranked last', () => {
    const quick = [c(256, 0.05), c(32, 0.2), c(64, 0.3), c(128, 0.25), c(512, 0.1)];
    expect(pickFinalists(quick, DEFAULTS, 3).map((f) => f.constants.WG)).toEqual([64, 128, 32, 256]);
  });

  it('does not measure the defaults twice when they are among the fastest', () => {
    expect(pickFinalists([c(256, 0.3), c(32, 0.2), c(64, 0.1)], DEFAULTS, 2).map((f) => f.constants.WG)).toEqual([256, 32]);
  });

  it('leaves out incorrect candidates, the defaults too', () => {
    expect(pickFinalists([c(256, 0.9, 0, false), c(32, 0.2)], DEFAULTS, 3).map((f) => f.constants.WG)).toEqual([32]);
  });
});

describe('judging the winner against the defaults', () => {
  it('crowns no slower winner: the defaults re-measured fastest keep their place (the 0.07 vs 0.12 report)', () => {
    const j = judgeTuning([c(64, 0.07), c(256, 0.12)], DEFAULTS);
    expect(j.best.constants).toEqual(DEFAULTS);
    expect(j.verdict).toBe('tie');
    expect(constantsToApply({ ...j })).toBeUndefined();
  });

  it('calls a winner faster only beyond the noise floor of 5%', () => {
    expect(judgeTuning([c(64, 1.04), c(256, 1)], DEFAULTS)).toMatchObject({ verdict: 'tie', noise: 0.05, best: { constants: { WG: 64 } } });
    const j = judgeTuning([c(64, 1.2), c(256, 1)], DEFAULTS);
    expect(j.verdict).toBe('faster');
    expect(j.defaults?.throughput).toBe(1);
    expect(constantsToApply(j)).toEqual({ WG: 64 });
  });

  it('widens the noise with the spread and narrows it with the samples: a shaky 50% gain over 3 samples is a tie', () => {
    const shaky = judgeTuning([c(64, 1.5, 0.36, true, 3), c(256, 1, 0.36, true, 3)], DEFAULTS);
    expect(shaky.noise).toBeGreaterThan(0.5);
    expect(shaky.verdict).toBe('tie');
    // The same spread over 200 samples each: the median is known to ±6%, and 50% is a win.
    expect(judgeTuning([c(64, 1.5, 0.36, true, 200), c(256, 1, 0.36, true, 200)], DEFAULTS).verdict).toBe('faster');
    // A result saved without sample counts falls back to the CVs themselves.
    expect(judgeTuning([{ constants: { WG: 64 }, throughput: 1.5, cv: 0.36, correct: true }, { constants: DEFAULTS, throughput: 1, cv: 0.36, correct: true }], DEFAULTS).verdict).toBe('tie');
  });

  it('offers the winner, with the reason, when the defaults cannot be compared', () => {
    const incorrect = judgeTuning([c(64, 1), c(256, 2, 0, false)], DEFAULTS);
    expect(incorrect).toMatchObject({ verdict: 'no-defaults', defaultsProblem: 'they were incorrect', best: { constants: { WG: 64 } } });
    expect(constantsToApply(incorrect)).toEqual({ WG: 64 });
    expect(judgeTuning([c(64, 1)], DEFAULTS).defaultsProblem).toBe('they do not fit this device at this shape');
    expect(judgeTuning([c(64, 1)], DEFAULTS, [{ constants: DEFAULTS, error: 'out of memory' }]).defaultsProblem).toBe('out of memory');
  });

  it('refuses to name a winner when no finalist was correct in full', () => {
    expect(() => judgeTuning([c(64, 1, 0, false), { constants: DEFAULTS, error: 'lost' }], DEFAULTS)).toThrow(/No finalist ran correctly when re-measured: lost/);
  });

  it('offers nothing to apply for a result saved before the defaults were re-measured', () => {
    expect(constantsToApply({ best: c(64, 0.07) })).toBeUndefined();
  });
});
