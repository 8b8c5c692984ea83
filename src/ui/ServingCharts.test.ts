/**
 * The memory chart's words: whole-percent ticks (the stacked shares can add
 * up to a hair over 100), and each part's time-averaged share for the legend.
 */
import { describe, expect, it } from 'vitest';
import { meanShares, MEMORY_PARTS, PERCENT_TICKS, percentTick } from './ServingCharts';

describe('the memory chart', () => {
  it('labels its axis in whole percents', () => {
    expect(PERCENT_TICKS.map(percentTick)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(percentTick(100.00000000000006)).toBe('100%');
    expect(new Set(MEMORY_PARTS.map((m) => m.pattern)).size).toBe(MEMORY_PARTS.length);
  });
  it('averages each part over time, each point holding until the next', () => {
    const point = (t: number, holding: number, free: number) => ({ t, holding, free, internalFragmentation: 0, reservedUnused: 0, concurrent: 0, waiting: 0 });
    // A budget of 100 tokens; the last point lasts the mean spacing, (3 − 0) / 2 = 1.5 s.
    const s = meanShares({ budgetTokens: 100, series: [point(0, 80, 20), point(1, 20, 80), point(3, 20, 80)] });
    // Weights 1, 2 and 1.5 s: holding (80 + 40 + 30) / 4.5 = 33.3 tokens.
    expect(s.holding).toBeCloseTo(150 / 4.5 / 100, 10);
    expect(s.holding + s.free).toBeCloseTo(1, 10);
    expect(meanShares({ budgetTokens: 100, series: [] })).toEqual({ holding: 0, internalFragmentation: 0, reservedUnused: 0, free: 0 });
  });
});
