import { useEffect, useState } from 'react';
import type { Table } from 'apache-arrow';
import { runServingSimulation } from '../../bench/suites/kv-simulation';
import type { ResultEntry, SimulationEntry } from '../../bench/results/schema';
import { CancelledError, KernelLabError, messageOf } from '../../gpu/errors';
import type { GpuSession } from '../../gpu/session';
import { checkFits, POLICIES, type ServingOptions } from '../../kv/servers';
import type { PolicySummary } from '../../kv/simulate';
import { cachedStepTimer, tokensInBudget, type CachedStepTimer, type ShapeBucket } from '../../kv/step-time';
import { DEFAULT_MAX_LENGTH, traceFromTable, type TraceRequest } from '../../kv/trace';
import { getJson, putJson, type Store } from '../../store/store';
import { pageReference } from '../reference';
import type { Log } from './useConsoleLog';
import { useJob } from './useJob';

const KEY = 'serving-sim:last';

/** What the page asks for. */
export interface ServingRequest {
  readonly table: Table;
  readonly traceName: string;
  readonly kvMib: number;
  readonly blockSize: number;
  readonly samples: number;
  /** Only the first this many requests (all when undefined). */
  readonly requests?: number;
}

/** A finished run, as kept in the store (the timer's measurements as a list). */
export interface ServingResult {
  readonly traceName: string;
  readonly kvMib: number;
  /** The form's "Requests" (undefined: all), so that a reload restores the form with the result. */
  readonly requests?: number;
  readonly trace: readonly TraceRequest[];
  readonly options: ServingOptions;
  readonly summaries: readonly PolicySummary[];
  readonly simulation: readonly SimulationEntry[];
  readonly entries: readonly ResultEntry[];
  readonly measured: readonly { readonly bucket: ShapeBucket; readonly ms: number }[];
  readonly device: string;
}

/** A timer answering from a result's measurements only, for replaying it (the block view). */
export const replayTimer = (r: ServingResult): CachedStepTimer =>
  cachedStepTimer(() => Promise.reject(new KernelLabError('internal', 'This step was not measured in the run being replayed.')), undefined, r.measured);

/**
 * The serving simulation in the page ("Serving: paged KV cache"): a loaded
 * table read as a trace (a bad value named by row and column, in the panel),
 * both policies run with step times measured on this device, progress and
 * Cancel; the last result is kept in the store, so a reload shows it again
 * (`restored`: the panel puts its settings back in the form).
 */
export function useServingSim(session: GpuSession | undefined, store: Store | undefined, log: Log) {
  const job = useJob<string>();
  const [result, setResult] = useState<ServingResult>();
  const [problem, setProblem] = useState<string>();
  /** The result read back from the store after a reload (the panel restores its form from it). */
  const [restored, setRestored] = useState<ServingResult>();

  useEffect(() => {
    if (!store) return;
    void getJson<ServingResult>(store, KEY).then((saved) => {
      if (!saved) return;
      setResult((now) => now ?? saved);
      setRestored(saved);
    });
  }, [store]);

  const run = (req: ServingRequest): void => {
    const ctx = session?.context;
    if (!ctx) {
      setProblem('The simulation measures its steps on the GPU device, which is not ready.');
      return;
    }
    let trace: TraceRequest[];
    const options: ServingOptions = { budgetTokens: tokensInBudget(req.kvMib), blockSize: req.blockSize, maxLength: DEFAULT_MAX_LENGTH, samples: req.samples };
    try {
      trace = traceFromTable(req.table, { file: req.traceName, maxLength: DEFAULT_MAX_LENGTH });
      if (req.requests !== undefined) trace = trace.slice(0, req.requests);
      for (const p of POLICIES) checkFits(trace, p, options);
    } catch (e) {
      setProblem(messageOf(e));
      return;
    }
    job.start(async (signal, setProgress) => {
      setProblem(undefined);
      try {
        const done = await runServingSimulation(ctx.device, ctx.info, trace, { ...options, traceName: req.traceName, kvMib: req.kvMib, reference: pageReference, signal, onProgress: (t) => setProgress(t) });
        const kept: ServingResult = {
          traceName: req.traceName, kvMib: req.kvMib, ...(req.requests === undefined ? {} : { requests: req.requests }), trace, options, summaries: done.summaries, simulation: done.simulation, entries: done.entries,
          measured: done.timer.measured(), device: `${ctx.info.vendor} ${ctx.info.architecture}`.trim(),
        };
        setResult(kept);
        if (store) void putJson(store, KEY, kept).catch((e: unknown) => log('warn', `This simulation will not survive a reload (${messageOf(e)}).`));
        log('info', `Serving simulation: ${trace.length} requests of ${req.traceName} on ${req.kvMib} MiB, ${done.entries.length} step shapes measured.`);
      } catch (e) {
        setProblem(signal.aborted || e instanceof CancelledError ? 'Cancelled; the last result stays.' : messageOf(e));
      }
    });
  };

  return { running: job.running, progress: job.progress, cancel: job.cancel, result, restored, problem, run };
}

export type ServingSim = ReturnType<typeof useServingSim>;
