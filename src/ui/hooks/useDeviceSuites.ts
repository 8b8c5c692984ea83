import { useCallback, useEffect, useState } from 'react';
import { calibrate, type MeasuredCeilings } from '../../bench/suites/calibrate';
import type { RunRecord } from '../../bench/run/record';
import type { SuiteProgress } from '../../bench/suites/suite';
import { runSuite } from '../../bench/suites/suite';
import { SWEEPS, sweepJobs, type SweepKind } from '../../bench/suites/sweeps';
import { adapterKey } from '../../gpu/device';
import { KernelLabError, messageOf } from '../../gpu/errors';
import type { GpuSession } from '../../gpu/session';
import type { SizePreset } from '../../kernels/spec';
import { getJson, putJson, type Store } from '../../store/store';
import { pageReference } from '../reference';
import { sweepPoint, type SweepPoint } from '../../bench/suites/sweep-points';
import type { Log } from './useConsoleLog';
import { useJob } from './useJob';

export interface SweepResult {
  readonly kind: SweepKind;
  readonly size: SizePreset;
  readonly at: string;
  /** What ran at each point, as values (sweep-points.ts), and its record. Sweeps saved before may lack kernel and errorKind. */
  readonly points: readonly (Omit<SweepPoint, 'kernel' | 'params'> & { readonly kernel?: string; readonly params?: SweepPoint['params']; readonly record?: RunRecord })[];
}

export interface DeviceSuites {
  readonly ceilings: MeasuredCeilings | undefined;
  /** Our best copy kernel over the driver's copy, from the last calibration of this adapter. */
  readonly copyVsDriver: number | undefined;
  readonly sweeps: Partial<Record<SweepKind, SweepResult>>;
  /** Every stored run on this device (the roofline's points). */
  readonly runs: readonly RunRecord[];
  readonly busy: 'calibration' | SweepKind | undefined;
  readonly progress: SuiteProgress | undefined;
  measure(size: SizePreset): void;
  sweep(kind: SweepKind, size: SizePreset): void;
  cancel(): void;
  /** Call after a run was stored elsewhere, so the roofline picks it up. */
  refreshRuns(): void;
}

/**
 * Calibration and sweeps for the current device: results are kept per adapter
 * (ceilings until re-measured, the last sweep of each kind), and every run they
 * make is stored like any other, so the roofline shows it.
 */
export function useDeviceSuites(session: GpuSession, store: Store | undefined, log: Log): DeviceSuites {
  const ctx = session.context;
  const key = ctx ? adapterKey(ctx.info) : undefined;
  const [saved, setSaved] = useState<{ key: string; ceilings?: MeasuredCeilings; copyVsDriver?: number; sweeps: Partial<Record<SweepKind, SweepResult>> }>();
  const [runs, setRuns] = useState<{ key: string; runs: readonly RunRecord[] }>();
  const [busy, setBusy] = useState<DeviceSuites['busy']>();
  const job = useJob<SuiteProgress>();
  const startJob = job.start;

  useEffect(() => {
    if (!store || !key) return;
    let live = true;
    void Promise.all([
      getJson<MeasuredCeilings>(store, `ceilings:${key}`),
      getJson<number>(store, `copyVsDriver:${key}`),
      ...SWEEPS.map((k) => getJson<SweepResult>(store, `sweep:${key}:${k}`)),
    ]).then(([ceilings, copyVsDriver, ...sweeps]) => {
      if (!live) return;
      const bySweep = Object.fromEntries(sweeps.filter((s): s is SweepResult => s !== undefined).map((s) => [s.kind, s]));
      setSaved({
        key,
        ...(ceilings ? { ceilings: ceilings as MeasuredCeilings } : {}),
        ...(typeof copyVsDriver === 'number' ? { copyVsDriver } : {}),
        sweeps: bySweep,
      });
    });
    return () => {
      live = false;
    };
  }, [store, key]);

  const loadRuns = useCallback(() => {
    if (!store || !key) return;
    void store.listAllRuns().then((all) => setRuns({ key, runs: all.filter((r) => adapterKey(r.device) === key) }));
  }, [store, key]);
  useEffect(() => loadRuns(), [loadRuns]);

  const start = useCallback(
    (what: NonNullable<DeviceSuites['busy']>, work: (device: GPUDevice, signal: AbortSignal, onProgress: (p: SuiteProgress) => void) => Promise<readonly RunRecord[]>) => {
      const c = session.context;
      if (!c || !store) return;
      const started = startJob(async (signal, onProgress) => {
        try {
          const made = await work(c.device, signal, onProgress);
          for (const r of made) await store.addRun(r);
          loadRuns();
        } catch (e) {
          const cancelled = e instanceof KernelLabError && e.kind === 'cancelled';
          log(cancelled ? 'info' : 'error', `${what === 'calibration' ? 'Measuring the device' : `The ${what} sweep`}: ${messageOf(e)}`);
        } finally {
          setBusy(undefined);
        }
      });
      if (started) setBusy(what);
    },
    [session, store, log, loadRuns, startJob],
  );

  const measure = useCallback(
    (size: SizePreset) =>
      start('calibration', async (device, signal, onProgress) => {
        const c = session.context!;
        const cal = await calibrate(device, c.info, size, { signal, onProgress });
        const k = adapterKey(c.info);
        await putJson(store!, `ceilings:${k}`, cal.ceilings);
        if (cal.copyVsDriver !== undefined) await putJson(store!, `copyVsDriver:${k}`, cal.copyVsDriver);
        setSaved((s) => ({ key: k, sweeps: s?.key === k ? s.sweeps : {}, ceilings: cal.ceilings, ...(cal.copyVsDriver !== undefined ? { copyVsDriver: cal.copyVsDriver } : {}) }));
        log('info', `Device measured: ${cal.ceilings.gbps.toPrecision(3)} GB/s (${cal.ceilings.bandwidthFrom}), ${cal.ceilings.gflops.toPrecision(3)} GFLOP/s (${cal.ceilings.computeFrom}).`);
        return cal.runs.flatMap((r) => (r.record ? [r.record] : []));
      }),
    [start, session, store, log],
  );

  const sweep = useCallback(
    (kind: SweepKind, size: SizePreset) =>
      start(kind, async (device, signal, onProgress) => {
        const c = session.context!;
        const jobs = sweepJobs(kind, size, c.info.limits);
        const done = await runSuite(device, c.info, jobs, { suite: `sweep:${kind}`, signal, onProgress, reference: pageReference });
        const result: SweepResult = {
          kind,
          size,
          at: new Date().toISOString(),
          points: done.map((r) => ({ ...sweepPoint(r), ...(r.record ? { record: r.record } : {}) })),
        };
        const k = adapterKey(c.info);
        await putJson(store!, `sweep:${k}:${kind}`, result);
        setSaved((s) => ({ ...(s?.key === k ? s : {}), key: k, sweeps: { ...(s?.key === k ? s.sweeps : {}), [kind]: result } }));
        return done.flatMap((r) => (r.record ? [r.record] : []));
      }),
    [start, session, store],
  );

  const mine = saved?.key === key ? saved : undefined;
  return {
    ceilings: mine?.ceilings,
    copyVsDriver: mine?.copyVsDriver,
    sweeps: mine?.sweeps ?? {},
    runs: runs && runs.key === key ? runs.runs : [],
    busy,
    progress: job.progress,
    measure,
    sweep,
    cancel: job.cancel,
    refreshRuns: loadRuns,
  };
}
