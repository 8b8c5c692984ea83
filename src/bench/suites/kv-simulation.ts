/**
 * The serving simulation on this device, as the page and the runner's page
 * run it: both policies over one trace and one KV budget, their steps timed
 * by one measured StepTimer (so a bucket measured for one policy serves the
 * other bucket for bucket; the layouts' kernels differ, STEP_KERNELS), each measurement kept as a run of suite `simulation:kv`, and each
 * policy's figures as a SimulationEntry of the results file.
 */
import type { DeviceInfo } from '../../gpu/device';
import { POLICIES } from '../../kv/servers';
import { simulate, type PolicySummary, type SimulateOptions } from '../../kv/simulate';
import type { CachedStepTimer } from '../../kv/step-time';
import type { TraceRequest } from '../../kv/trace';
import { toEntry } from '../results/entries';
import type { ResultEntry, SimulationEntry } from '../results/schema';
import type { ReferenceCompute } from '../run/reference';
import { measuredStepTimer, STEP_KERNELS } from './kv-step-timer';

export const SIMULATION_SUITE = 'simulation:kv';

export interface ServingRun {
  /** reserved, then paged. */
  readonly summaries: readonly PolicySummary[];
  /** The step-time measurements, as results entries (suite simulation:kv). */
  readonly entries: readonly ResultEntry[];
  /** The policies' figures for the results file. */
  readonly simulation: readonly SimulationEntry[];
  /** The timer with its measurements, so that the page's block view replays without measuring again. */
  readonly timer: CachedStepTimer;
}

export interface ServingRunOptions extends Omit<SimulateOptions, 'onProgress' | 'onStep'> {
  /** The trace's file name and the budget in MiB, as the entries record them. */
  readonly traceName: string;
  readonly kvMib: number;
  readonly reference?: ReferenceCompute;
  readonly signal?: AbortSignal;
  /** Progress in words. */
  readonly onProgress?: (text: string) => void;
}

/** Both policies on `device`; throws what the simulation or a measurement throws (a cancel included). */
export async function runServingSimulation(device: GPUDevice, info: DeviceInfo, trace: readonly TraceRequest[], options: ServingRunOptions): Promise<ServingRun> {
  const entries: ResultEntry[] = [];
  const say = options.onProgress ?? (() => undefined);
  const timer = measuredStepTimer(device, info, {
    blockSize: options.blockSize,
    ...(options.reference ? { reference: options.reference } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onMeasured: (b, record) => {
      entries.push({ ...toEntry(record), suite: SIMULATION_SUITE });
      say(`measured a step of ${b.sequences} sequence${b.sequences === 1 ? '' : 's'} × ${b.length} tokens (${b.layout}, ${record.kernel} at S = ${record.params.S}, L = ${record.params.L}): ${record.medianMs.toPrecision(3)} ms`);
    },
  });
  const summaries: PolicySummary[] = [];
  for (const policy of POLICIES) {
    summaries.push(await simulate(policy, trace, {
      ...options,
      onProgress: async (p) => {
        if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('Cancelled.');
        say(`${p.policy}: ${p.done} of ${p.requests} requests served, ${p.nowS.toFixed(1)} s simulated`);
        // Let the page paint and take a click on Cancel.
        await new Promise((r) => setTimeout(r, 0));
      },
    }, timer.timer));
  }
  return { summaries, entries, timer, simulation: summaries.map((s) => simulationEntry(s, options)) };
}

/** One policy's figures as the results file keeps them. */
export function simulationEntry(s: PolicySummary, run: Pick<ServingRunOptions, 'traceName' | 'kvMib' | 'blockSize'>): SimulationEntry {
  return {
    policy: s.policy,
    tokensPerS: s.tokensPerS,
    kvUtilization: s.kvUtilization,
    maxConcurrent: s.maxConcurrent,
    meanConcurrent: s.meanConcurrent,
    ttftP50Ms: s.ttftP50Ms,
    ttftP90Ms: s.ttftP90Ms,
    tpotP50Ms: s.tpotP50Ms,
    tpotP90Ms: s.tpotP90Ms,
    simulatedS: s.simulatedS,
    memoryBoundS: s.memoryBoundS,
    requests: s.requests,
    outputTokens: s.outputTokens,
    preemptions: s.preemptions,
    trace: run.traceName,
    kvMib: run.kvMib,
    budgetTokens: s.budgetTokens,
    blockSize: run.blockSize,
    stepKernel: STEP_KERNELS[s.policy === 'paged' ? 'paged' : 'contiguous'].id,
  };
}

/** How many times the paged policy's sequences the reserved one ran, time-averaged under load; undefined without both. */
export function concurrencyRatio(simulation: readonly Pick<SimulationEntry, 'policy' | 'meanConcurrent'>[]): number | undefined {
  const r = simulation.find((s) => s.policy === 'reserved')?.meanConcurrent;
  const p = simulation.find((s) => s.policy === 'paged')?.meanConcurrent;
  return r !== undefined && p !== undefined && r > 0 ? p / r : undefined;
}

/** Over which steps the mean sequences were averaged, from what happened: while requests waited, or (for a policy under which none did) over the whole run. */
export function averagedOver(summaries: readonly Pick<SimulationEntry, 'policy' | 'memoryBoundS'>[]): string {
  const idle = summaries.filter((x) => x.memoryBoundS === 0).map((x) => x.policy);
  if (idle.length === 0) return 'time-averaged while requests waited';
  if (idle.length === summaries.length) return 'time-averaged over the whole run: no request ever waited';
  return `time-averaged while requests waited; for ${idle.join(' and ')}, under which none waited, over the whole run`;
}
