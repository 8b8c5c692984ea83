import { useCallback, useEffect, useState } from 'react';
import { autotune, shapeClass, type ShapeClass, type TuneProgress, type TuneResult } from '../../bench/suites/autotune';
import { adapterKey } from '../../gpu/device';
import { KernelLabError, messageOf } from '../../gpu/errors';
import type { GpuSession } from '../../gpu/session';
import type { KernelSpec } from '../../kernels/spec';
import { getJson, putJson, type Store } from '../../store/store';
import type { KernelDraft } from '../../store/store';
import { pageReference } from '../reference';
import { formatPercent, formatThroughput } from '../format';
import type { Log } from './useConsoleLog';
import { useJob } from './useJob';

export interface Tuning {
  /** The kept winner for this device, kernel and shape class, if any. */
  readonly saved: TuneResult | undefined;
  readonly shapeClass: ShapeClass | undefined;
  readonly running: boolean;
  readonly progress: TuneProgress | undefined;
  start(): void;
  cancel(): void;
}

const constantsText = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([n, v]) => `${n}=${v}`).join(' ');

/** The console's line: the verdict, and both numbers measured in full. */
function tuneSummary(r: TuneResult): string {
  const rate = (v: number | undefined): string => (v === undefined ? '—' : formatThroughput(v, r.unit));
  const best = `${constantsText(r.best.constants)} at ${rate(r.best.throughput)}`;
  const d = r.defaults;
  if (r.verdict === 'faster' && d) return `${best}, faster than the defaults (${constantsText(d.constants)} at ${rate(d.throughput)}) beyond the noise of ±${formatPercent(r.noise ?? 0)}`;
  if (r.verdict === 'tie' && d) return `a tie with the defaults (${best} vs ${rate(d.throughput)}, within the noise of ±${formatPercent(r.noise ?? 0)}): keep the defaults`;
  return `${best}; the defaults could not be compared: ${r.defaultsProblem ?? 'unknown'}`;
}

const keyOf = (device: string, kernel: string, cls: ShapeClass): string => `tune:${device}:${kernel}:${cls}`;

/** Autotuning the kernel in the editor at its current shape; the winner is kept per device and shape class. */
export function useTuning(session: GpuSession, store: Store | undefined, spec: KernelSpec, draft: KernelDraft | undefined, log: Log): Tuning {
  const ctx = session.context;
  const cls = draft ? shapeClass(draft.params) : undefined;
  const key = ctx && cls ? keyOf(adapterKey(ctx.info), spec.id, cls) : undefined;
  const [saved, setSaved] = useState<{ key: string; result: TuneResult | undefined }>();
  const job = useJob<TuneProgress>();
  const startJob = job.start;

  useEffect(() => {
    if (!store || !key) return;
    let live = true;
    void getJson<TuneResult>(store, key).then((result) => live && setSaved({ key, result }));
    return () => {
      live = false;
    };
  }, [store, key]);

  const start = useCallback(() => {
    const c = session.context;
    if (!c || !draft || !store) return;
    startJob(async (signal, onProgress) => {
      try {
        const result = await autotune(c.device, c.info, spec, draft.params, { source: draft.source, baseline: draft.constants, signal, onProgress, reference: pageReference });
        const k = keyOf(adapterKey(c.info), spec.id, result.shapeClass);
        await putJson(store, k, result);
        setSaved({ key: k, result });
        log('info', `${spec.id}: autotuning for ${result.shapeClass} shapes (${result.candidates.length} candidates): ${tuneSummary(result)}.`);
      } catch (e) {
        log(e instanceof KernelLabError && e.kind === 'cancelled' ? 'info' : 'error', `${spec.id}: autotuning: ${messageOf(e)}`);
      }
    });
  }, [session, draft, store, spec, log, startJob]);

  return {
    saved: saved && saved.key === key ? saved.result : undefined,
    shapeClass: cls,
    running: job.running,
    progress: job.progress,
    start,
    cancel: job.cancel,
  };
}
