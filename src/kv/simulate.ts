/**
 * The serving simulation: a trace through one policy (servers.ts), each
 * step's time from a StepTimer, and what a serving system is judged by:
 * throughput, time to first token (TTFT), time per output token (TPOT), how
 * many sequences run at once and how KV memory is spent over time.
 *
 * kvUtilization follows the vLLM paper's figure (Kwon et al., SOSP 2023,
 * Fig. 2: the share of KV cache memory holding token states, 20.4–38.2% for
 * reserving systems, 96.3% for vLLM), measured while the server is under
 * load: time-averaged over the steps that began with a request waiting. Only
 * then is memory the limit; while the queue is empty, free memory is no
 * waste. A run in which no request ever waits is averaged over all its steps,
 * and says so (memoryBoundS = 0).
 */
import { checkFits, makeServer, type MemorySplit, type Policy, type RequestOutcome, type Server, type ServingOptions } from './servers';
import type { StepTimer } from './step-time';
import { TimeSeries } from './time-series';
import type { TraceRequest } from './trace';

const SERIES_KEYS = ['concurrent', 'waiting', 'holding', 'reservedUnused', 'internalFragmentation', 'free'] as const;
type SeriesKey = (typeof SERIES_KEYS)[number];
/** A chart point: time-weighted means over [t, next t), t in seconds; memory in token slots. */
export type SeriesPoint = { readonly t: number } & Readonly<Record<SeriesKey, number>>;

export interface PolicySummary {
  readonly policy: Policy;
  readonly requests: number;
  /** Tokens sampled, every sample's. */
  readonly outputTokens: number;
  /** First arrival to last finish, seconds. */
  readonly simulatedS: number;
  readonly tokensPerS: number;
  /** Share of the budget holding tokens, time-averaged over the memory-bound steps (see the module's note). */
  readonly kvUtilization: number;
  /** Simulated seconds in steps that began with a request waiting. */
  readonly memoryBoundS: number;
  /** Sequences running, time-averaged as kvUtilization is, and at most. */
  readonly meanConcurrent: number;
  readonly maxConcurrent: number;
  readonly ttftP50Ms: number;
  readonly ttftP90Ms: number;
  /** (finish − first token) / (output − 1), over requests with more than one output token. */
  readonly tpotP50Ms: number;
  readonly tpotP90Ms: number;
  readonly steps: number;
  readonly preemptions: number;
  readonly recomputedTokens: number;
  /** The budget, in token slots. */
  readonly budgetTokens: number;
  readonly series: readonly SeriesPoint[];
}

export interface SimulateOptions extends ServingOptions {
  /** Called every `progressEvery` steps (default 2000) with the simulated time; may return a promise (yield to the page) or throw (cancel). */
  readonly onProgress?: (p: { readonly policy: Policy; readonly steps: number; readonly nowS: number; readonly done: number; readonly requests: number }) => void | Promise<void>;
  readonly progressEvery?: number;
  /** Called after every step with the server (tests check invariants with it). */
  readonly onStep?: (server: Server, memory: MemorySplit) => void;
}

/** The q-quantile (0 … 1) of values, linearly interpolated between order statistics (Hyndman and Fan's type 7); NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

/**
 * Serve `trace` (sorted by arrival: traceFromTable's order) with `policy`.
 * @throws RangeError (checkFits) when a request cannot fit the budget; whatever `timer` or `onProgress` throws
 */
export async function simulate(policy: Policy, trace: readonly TraceRequest[], options: SimulateOptions, timer: StepTimer): Promise<PolicySummary> {
  checkFits(trace, policy, options);
  const server = makeServer(policy, trace, options);
  const series = new TimeSeries<SeriesKey>(SERIES_KEYS, 0.05);
  const every = options.progressEvery ?? 2000;
  let steps = 0;
  let boundMs = 0;
  let boundHolding = 0;
  let boundConcurrent = 0;
  let allMs = 0;
  let allHolding = 0;
  let allConcurrent = 0;
  let maxConcurrent = 0;
  const startMs = (trace[0]?.arrivalS ?? 0) * 1000;
  while (!server.done()) {
    const shape = server.plan();
    if (!shape || shape.lengths.length === 0) continue;
    const memory = server.memory();
    const concurrent = server.concurrent();
    const waiting = server.waiting();
    const t = timer(shape);
    const ms = typeof t === 'number' ? t : await t;
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`The step timer gave ${ms} ms for ${shape.lengths.length} sequences; a step takes a finite time ≥ 0.`);
    const at = server.nowMs;
    server.finish(ms);
    steps++;
    series.add(at / 1000, ms / 1000, { concurrent, waiting, ...memory });
    allMs += ms;
    allHolding += memory.holding * ms;
    allConcurrent += concurrent * ms;
    if (waiting > 0) {
      boundMs += ms;
      boundHolding += memory.holding * ms;
      boundConcurrent += concurrent * ms;
    }
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    options.onStep?.(server, memory);
    if (options.onProgress && steps % every === 0) await options.onProgress({ policy, steps, nowS: server.nowMs / 1000, done: server.outcomes().length, requests: trace.length });
  }
  const outcomes = server.outcomes();
  const endMs = Math.max(startMs, ...outcomes.map((o) => o.finishMs));
  const simulatedS = (endMs - startMs) / 1000;
  const [heldMs, held, conc] = boundMs > 0 ? [boundMs, boundHolding, boundConcurrent] : [allMs, allHolding, allConcurrent];
  return {
    policy,
    requests: outcomes.length,
    outputTokens: server.generatedTokens,
    simulatedS,
    tokensPerS: simulatedS > 0 ? server.generatedTokens / simulatedS : 0,
    kvUtilization: heldMs > 0 ? held / heldMs / options.budgetTokens : 0,
    memoryBoundS: boundMs / 1000,
    meanConcurrent: heldMs > 0 ? conc / heldMs : 0,
    maxConcurrent,
    ...latencies(outcomes),
    steps,
    preemptions: outcomes.reduce((s, o) => s + o.preemptions, 0),
    recomputedTokens: server.recomputedTokens,
    budgetTokens: options.budgetTokens,
    series: series.points(),
  };
}

function latencies(outcomes: readonly RequestOutcome[]): Pick<PolicySummary, 'ttftP50Ms' | 'ttftP90Ms' | 'tpotP50Ms' | 'tpotP90Ms'> {
  const ttft = outcomes.map((o) => o.firstTokenMs - o.request.arrivalS * 1000);
  const tpot = outcomes.filter((o) => o.request.outputTokens > 1).map((o) => (o.finishMs - o.firstTokenMs) / (o.request.outputTokens - 1));
  return { ttftP50Ms: quantile(ttft, 0.5), ttftP90Ms: quantile(ttft, 0.9), tpotP50Ms: quantile(tpot, 0.5), tpotP90Ms: quantile(tpot, 0.9) };
}
