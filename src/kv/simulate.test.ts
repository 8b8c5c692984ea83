/**
 * The serving simulation: invariants on random traces (every request
 * finishes, tokens are conserved, memory never exceeds the budget, the block
 * manager's own invariants hold at every step and nothing leaks), and the
 * vLLM paper's gap on the sample trace. Step times come from a formula here
 * (a fixed cost and a cost per key read, about a GPU's shape); the page and
 * the runner measure them.
 */
import { describe, expect, it } from 'vitest';
import { PagedServer, POLICIES, type ServingOptions } from './servers';
import { quantile, simulate } from './simulate';
import { DEFAULT_KV_MIB, tokensInBudget, type BatchShape } from './step-time';
import { DEFAULT_MAX_LENGTH, type TraceRequest } from './trace';
import { generateTrace, SAMPLE_TRACE } from './trace-sample';

/** 2 ms a step and 1 µs per key read (a contiguous batch reads its padding). */
const linearTimer = (s: BatchShape): number => 2 + 0.001 * (s.layout === 'contiguous' ? s.lengths.length * Math.max(...s.lengths) : s.lengths.reduce((a, b) => a + b, 0));

function randomTrace(seed: number, n: number): TraceRequest[] {
  let s = seed;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  let t = 0;
  return Array.from({ length: n }, (_, i) => {
    t += next() * 0.05;
    return { row: i + 1, arrivalS: t, promptTokens: 1 + Math.floor(next() * 90), outputTokens: 1 + Math.floor(next() * 60) };
  });
}

describe('the serving simulation', () => {
  for (const samples of [1, 3]) {
    for (const policy of POLICIES) {
      it(`${policy}, ${samples} sample${samples > 1 ? 's' : ''} per request: every request finishes, tokens are conserved, memory stays within the budget`, async () => {
        const trace = randomTrace(7 + samples, 60);
        const options: ServingOptions = { budgetTokens: 1000, blockSize: 8, maxLength: 160, samples };
        let steps = 0;
        const result = await simulate(policy, trace, {
          ...options,
          onStep: (server, m) => {
            steps++;
            for (const v of [m.holding, m.reservedUnused, m.internalFragmentation, m.free]) expect(v).toBeGreaterThanOrEqual(0);
            expect(m.holding + m.reservedUnused + m.internalFragmentation + m.free).toBe(options.budgetTokens);
            if (server instanceof PagedServer) server.blocks.checkInvariants();
          },
        }, linearTimer);
        expect(result.steps).toBe(steps);
        expect(result.requests).toBe(trace.length);
        expect(result.outputTokens).toBe(samples * trace.reduce((a, r) => a + r.outputTokens, 0));
        expect(result.maxConcurrent).toBeGreaterThan(samples);
        expect(result.ttftP50Ms).toBeGreaterThan(0);
        expect(result.ttftP90Ms).toBeGreaterThanOrEqual(result.ttftP50Ms);
        expect(result.tpotP90Ms).toBeGreaterThanOrEqual(result.tpotP50Ms);
        expect(result.kvUtilization).toBeGreaterThan(0);
        expect(result.kvUtilization).toBeLessThanOrEqual(1);
        // The chart's memory adds up to the budget too, averaged over its buckets.
        for (const p of result.series) expect(p.holding + p.reservedUnused + p.internalFragmentation + p.free).toBeCloseTo(options.budgetTokens, 6);
      });
    }
  }

  it('shares a request\'s prompt among its samples (paged) and leaves nothing allocated at the end', async () => {
    const trace: TraceRequest[] = [{ row: 1, arrivalS: 0, promptTokens: 40, outputTokens: 5 }];
    const server = new PagedServer(trace, { budgetTokens: 400, blockSize: 16, maxLength: 100, samples: 4 });
    server.plan();
    // 40 prompt tokens: 3 blocks, shared by the 4 samples.
    expect(server.blocks.stats()).toMatchObject({ usedBlocks: 3, sharedBlocks: 3, sequences: 4 });
    server.finish(1);
    server.plan();
    // Each sample's first write lands in the shared, partly written third block: four copies... but the last writer keeps the original.
    expect(server.blocks.stats()).toMatchObject({ usedBlocks: 2 + 4, sharedBlocks: 2 });
    while (!server.done()) {
      if (server.plan()) server.finish(1);
    }
    expect(server.blocks.stats()).toMatchObject({ usedBlocks: 0, sequences: 0 });
    server.blocks.checkInvariants();
  });

  it('preempts and recomputes when the pool runs out, and still finishes everything', async () => {
    const trace = Array.from({ length: 12 }, (_, i): TraceRequest => ({ row: i + 1, arrivalS: 0, promptTokens: 30, outputTokens: 90 }));
    const result = await simulate('paged', trace, { budgetTokens: 640, blockSize: 16, maxLength: 128, onStep: (s) => (s as PagedServer).blocks.checkInvariants() }, linearTimer);
    expect(result.preemptions).toBeGreaterThan(0);
    expect(result.recomputedTokens).toBeGreaterThan(0);
    expect(result.requests).toBe(12);
    expect(result.outputTokens).toBe(12 * 90);
  });

  it('refuses a budget in which a request can never run', async () => {
    const trace: TraceRequest[] = [{ row: 3, arrivalS: 0, promptTokens: 100, outputTokens: 100 }];
    await expect(simulate('reserved', trace, { budgetTokens: 1000, blockSize: 16, maxLength: 2048 }, linearTimer)).rejects.toThrow('The KV budget holds 1000 tokens, less than one request\'s reservation (2048 tokens)');
    await expect(simulate('paged', trace, { budgetTokens: 150, blockSize: 16, maxLength: 2048 }, linearTimer)).rejects.toThrow('The KV budget holds 9 blocks of 16 tokens, and a request of the trace needs up to 13 alone.');
  });

  it('quantile interpolates between order statistics', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([0, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('the vLLM paper\'s gap, on the sample trace', () => {
  it('at the default budget (8 MiB) paged holds tokens in ≥ 96% of KV memory, reserved in ≤ 40%, and paged runs several times the sequences', async () => {
    const trace = generateTrace();
    expect(DEFAULT_KV_MIB).toBe(8);
    const options = { budgetTokens: tokensInBudget(DEFAULT_KV_MIB), blockSize: 16, maxLength: DEFAULT_MAX_LENGTH };
    const [reserved, paged] = await Promise.all(POLICIES.map((p) => simulate(p, trace, options, linearTimer)));
    expect(options.budgetTokens).toBe(16384);
    // Both under load (requests waiting) for most of the run: the regime the figure is about.
    expect(paged!.memoryBoundS).toBeGreaterThan(0.8 * paged!.simulatedS);
    expect(reserved!.memoryBoundS).toBeGreaterThan(0.8 * reserved!.simulatedS);
    expect(paged!.kvUtilization).toBeGreaterThanOrEqual(0.96);
    expect(reserved!.kvUtilization).toBeLessThanOrEqual(0.4);
    expect(paged!.meanConcurrent / reserved!.meanConcurrent).toBeGreaterThan(4);
    expect(paged!.maxConcurrent).toBeGreaterThan(4 * reserved!.maxConcurrent);
    expect(paged!.tokensPerS).toBeGreaterThan(reserved!.tokensPerS);
    expect(paged!.requests).toBe(SAMPLE_TRACE.requests);
  });

  it('on 1 MiB paged preempts more and holds less: the figure is the default budget\'s', async () => {
    const trace = generateTrace();
    const run = (mib: number) => simulate('paged', trace, { budgetTokens: tokensInBudget(mib), blockSize: 16, maxLength: DEFAULT_MAX_LENGTH }, linearTimer);
    const [small, usual] = await Promise.all([run(1), run(DEFAULT_KV_MIB)]);
    expect(small.kvUtilization).toBeLessThan(0.9);
    expect(small.preemptions).toBeGreaterThan(usual.preemptions);
  });
});
