/**
 * The runner's --simulate kv before any browser starts: the trace read and
 * cut to --requests, the budget checked against what is left.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { averagedOver } from '../bench/suites/kv-simulation';
import { planSimulation, simulationText } from './simulation';

const SAMPLE = 'public/data/sharegpt-trace.csv';

describe('planSimulation', () => {
  it('takes the trace\'s first --requests arrivals, as the page\'s "Requests" does', async () => {
    const all = await planSimulation({ trace: SAMPLE, kvMib: 8, blockSize: 16 });
    expect(all.trace).toHaveLength(1000);
    const some = await planSimulation({ trace: SAMPLE, kvMib: 8, blockSize: 16, requests: 25 });
    expect(some.trace).toEqual(all.trace.slice(0, 25));
    expect(some).toMatchObject({ traceName: 'sharegpt-trace.csv', kvMib: 8, budgetTokens: 16384, blockSize: 16 });
    // More than the trace holds is all of it.
    expect((await planSimulation({ trace: SAMPLE, kvMib: 8, blockSize: 16, requests: 5000 })).trace).toHaveLength(1000);
    await expect(planSimulation({ trace: SAMPLE, kvMib: 0.5, blockSize: 16, requests: 3 })).rejects.toThrow(UsageError);
  });
});

describe('the ratio\'s wording', () => {
  const entry = (policy: 'reserved' | 'paged', memoryBoundS: number, meanConcurrent: number) => ({
    policy, memoryBoundS, meanConcurrent, tokensPerS: 10, kvUtilization: 0.5, maxConcurrent: 4, ttftP50Ms: 1, ttftP90Ms: 2, tpotP50Ms: 1, tpotP90Ms: 2,
    simulatedS: 10, requests: 3, outputTokens: 30, preemptions: 0, trace: 't.csv', kvMib: 8, budgetTokens: 16384, blockSize: 16, stepKernel: 'kv/paged-decode',
  });
  const request = { traceName: 't.csv', kvMib: 8, budgetTokens: 16384, blockSize: 16, trace: [] };
  it('says over which steps the means were taken, from what happened', () => {
    expect(averagedOver([entry('reserved', 3, 1), entry('paged', 2, 4)])).toBe('time-averaged while requests waited');
    expect(averagedOver([entry('reserved', 0, 1), entry('paged', 0, 4)])).toBe('time-averaged over the whole run: no request ever waited');
    expect(averagedOver([entry('reserved', 3, 1), entry('paged', 0, 4)])).toBe('time-averaged while requests waited; for paged, under which none waited, over the whole run');
    const idle = simulationText(request, [entry('reserved', 0, 1), entry('paged', 0, 4)]);
    expect(idle).toContain('(4 against 1, time-averaged over the whole run: no request ever waited; at most 4 against 4)');
    expect(idle).not.toContain('under load;');
    expect(simulationText(request, [entry('reserved', 3, 1), entry('paged', 2, 4)])).toContain('step times measured on this device (reserved with kv/paged-decode, paged with kv/paged-decode)');
  });
});
