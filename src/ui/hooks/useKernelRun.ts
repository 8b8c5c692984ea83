import { useCallback, useEffect, useState } from 'react';
import type { RunRecord } from '../../bench/run/record';
import { sourceHash } from '../../kernels/hash';
import { runKernel, type DataInput, type RunContents, type RunOutcome, type RunProgress } from '../../bench/run/run';
import { KernelLabError } from '../../gpu/errors';
import type { GpuSession } from '../../gpu/session';
import type { KernelSpec } from '../../kernels/spec';
import { getJson, putJson, type KernelDraft, type Store } from '../../store/store';
import { formatBandwidth, formatFlops, formatTime } from '../format';
import { pageReference } from '../reference';
import type { Log } from './useConsoleLog';
import { useJob } from './useJob';

export interface RunFailure {
  readonly error: Error;
  /** The source the failed run used: compile markers only apply while it is unchanged. */
  readonly source: string;
}

export interface LastGood {
  readonly source: string;
  readonly constants: Readonly<Record<string, number>>;
}

const lastGoodKey = (kernel: string): string => `lastGood:${kernel}`;

/** Progress with the time its phase began (ms since the epoch), for "still running after 12 s". */
export type TimedProgress = RunProgress & { readonly since: number };

export interface KernelRun {
  readonly running: boolean;
  readonly progress: TimedProgress | undefined;
  readonly outcome: Omit<RunOutcome, 'contents'> | undefined;
  /** The buffers of this kernel's latest run, while they are the latest kept (BufferView). */
  readonly contents: RunContents | undefined;
  readonly failure: RunFailure | undefined;
  readonly history: readonly RunRecord[];
  readonly lastGood: LastGood | undefined;
  run(version?: LastGood): void;
  cancel(): void;
  /** Deletes the current kernel's own runs from the store; resolves to them, for undo. */
  clearHistory(): Promise<readonly RunRecord[]>;
  /** Puts cleared runs back (offered only while the history is still empty). */
  restoreHistory(runs: readonly RunRecord[]): Promise<void>;
}

/**
 * Runs the current kernel with the current draft, keeps the outcome or the
 * failure per kernel, appends every record to the stored history, and
 * remembers the last source that ran, so a broken edit never strands the user.
 */
export function useKernelRun(session: GpuSession | undefined, store: Store | undefined, spec: KernelSpec, draft: KernelDraft | undefined, log: Log, data: readonly DataInput[] = []): KernelRun {
  const job = useJob<TimedProgress>();
  const startJob = job.start;
  const [outcomes, setOutcomes] = useState<Record<string, Omit<RunOutcome, 'contents'>>>({});
  // One run's buffers at a time: a 1024² matmul's are some 28 MB, and only the latest is looked inside.
  const [contents, setContents] = useState<{ kernel: string; contents: RunContents }>();
  const [failures, setFailures] = useState<Record<string, RunFailure | undefined>>({});
  const [lastGood, setLastGood] = useState<Record<string, LastGood>>({});
  // Keyed by kernel: a run that ends after a switch cannot land in another kernel's history.
  const [history, setHistory] = useState<{ kernel: string; runs: readonly RunRecord[] }>();

  useEffect(() => {
    if (!store) return;
    let live = true;
    // The history is the user's own runs; calibration and sweeps show on the roofline.
    const id = spec.id;
    void store.listRuns(id).then((runs) => live && setHistory({ kernel: id, runs: runs.filter((r) => r.suite === undefined) }));
    // The last version that ran survives a reload, so a broken edit never strands the user.
    void getJson<LastGood>(store, lastGoodKey(id)).then((good) => {
      if (live && good && typeof good.source === 'string') setLastGood((g) => (g[id] ? g : { ...g, [id]: good }));
    });
    return () => {
      live = false;
    };
  }, [store, spec.id]);

  const run = useCallback(
    (version?: LastGood) => {
      if (!draft) return;
      const source = version?.source ?? draft.source;
      const constants = version?.constants ?? draft.constants;
      const id = spec.id;
      const fail = (error: Error): void => {
        setFailures((f) => ({ ...f, [id]: { error, source } }));
        log(error instanceof KernelLabError && error.kind === 'cancelled' ? 'info' : 'error', `${id}: ${error.message}`);
      };
      const ctx = session?.context;
      if (!ctx) {
        fail(new KernelLabError('no-webgpu', session?.state.status === 'unavailable' ? session.state.message : 'The GPU device is not ready yet.'));
        return;
      }
      const started = startJob(async (signal, setProgress) => {
        // Each phase keeps the time it began, for "still running after 12 s".
        const onProgress = (p: RunProgress): void => setProgress((old) => ({ ...p, since: old?.phase === p.phase ? old.since : Date.now() }));
        try {
          const filesHash = spec.custom ? sourceHash([source, draft.sidecar ?? '', draft.reference ?? ''].join('\u0000')) : undefined;
          const outcome = await runKernel(ctx.device, ctx.info, spec, { source, params: draft.params, constants, signal, onProgress, reference: pageReference, ...(data.length > 0 ? { data } : {}), ...(filesHash ? { filesHash, files: { sidecar: draft.sidecar ?? '', referenceModule: draft.reference ?? '' } } : {}) });
          const r = outcome.record;
          // The same figures, units and precision as the result panel.
          const rates = [...(r.flops > 0 ? [formatFlops(r.gflops)] : []), formatBandwidth(r.gbps)].join(', ');
          log(r.correct ? 'info' : 'warn', `${id}: ${r.correct ? 'correct' : 'INCORRECT'}, median ${formatTime(r.medianMs)} over ${r.samples} samples, ${rates}.`);
          for (const n of outcome.notes) log('warn', `${id}: ${n}`);
          if (store) await store.addRun(r);
          const { contents: buffers, ...kept } = outcome;
          setOutcomes((o) => ({ ...o, [id]: kept }));
          setContents({ kernel: id, contents: buffers });
          setLastGood((g) => ({ ...g, [id]: { source, constants } }));
          if (store) await putJson(store, lastGoodKey(id), { source, constants });
          setHistory((h) => (h?.kernel === id ? { kernel: id, runs: [...h.runs, r] } : h));
        } catch (e) {
          const lost = session?.context?.device !== ctx.device;
          fail(
            lost
              ? new KernelLabError('device-lost', 'The GPU device was lost during the run. A new one is being acquired; run again when the device panel says it is ready.')
              : e instanceof Error ? e : new Error(String(e)),
          );
        }
      });
      if (started) setFailures((f) => ({ ...f, [id]: undefined }));
    },
    [draft, spec, session, store, log, startJob, data],
  );

  const clearHistory = useCallback(async (): Promise<readonly RunRecord[]> => {
    const id = spec.id;
    const gone = store ? await store.clearRuns(id) : history?.kernel === id ? history.runs : [];
    setHistory((h) => (h?.kernel === id ? { kernel: id, runs: [] } : h));
    log('info', `${id}: cleared ${gone.length} run${gone.length === 1 ? '' : 's'} from the history.`);
    return gone;
  }, [spec.id, store, history, log]);

  const restoreHistory = useCallback(async (runs: readonly RunRecord[]): Promise<void> => {
    const id = spec.id;
    if (store) for (const r of runs) await store.addRun(r);
    setHistory((h) => (h?.kernel === id ? { kernel: id, runs: [...runs, ...h.runs] } : h));
    log('info', `${id}: put ${runs.length} run${runs.length === 1 ? '' : 's'} back in the history.`);
  }, [spec.id, store, log]);

  return {
    running: job.running,
    progress: job.progress,
    outcome: outcomes[spec.id],
    contents: contents?.kernel === spec.id ? contents.contents : undefined,
    failure: failures[spec.id],
    history: history?.kernel === spec.id ? history.runs : [],
    lastGood: lastGood[spec.id],
    run,
    cancel: job.cancel,
    clearHistory,
    restoreHistory,
  };
}
