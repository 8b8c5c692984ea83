/** Results entries from run records: JSON-safe numbers, the share of the roof, failed runs, the file around them. */
import type { DeviceInfo } from '../../gpu/device';
import type { Failure } from '../../gpu/errors';
import type { RunRecord } from '../run/record';
import { roofFraction, type Ceilings } from './roofline';
import { RESULTS_SCHEMA, type ResultEntry, type ResultsFile, type RunEnvironment, type SimulationEntry } from './schema';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function toEntry(r: RunRecord): ResultEntry {
  return {
    kernel: r.kernel,
    params: r.params,
    constants: r.constants,
    timing: r.timing,
    timingNote: r.timingNote,
    samples: r.samples,
    repsPerSample: r.repsPerSample,
    ...(r.dispatchesPerRep === undefined ? {} : { dispatchesPerRep: r.dispatchesPerRep }),
    ...(r.bufferSets === undefined ? {} : { bufferSets: r.bufferSets }),
    medianMs: finite(r.medianMs),
    minMs: finite(r.minMs),
    p90Ms: finite(r.p90Ms),
    cv: finite(r.cv),
    stoppedBy: r.stoppedBy,
    flops: r.flops,
    bytes: r.bytes,
    gflops: finite(r.gflops),
    gbps: finite(r.gbps),
    intensity: finite(r.intensity),
    correct: r.correct,
    compared: r.compared ?? true,
    relError: finite(r.relError),
    scaledError: r.scaledError === undefined ? null : finite(r.scaledError),
    maxAbsError: finite(r.maxAbsError),
    tolerance: finite(r.tolerance),
    sourceHash: r.sourceHash,
    ...(r.wgsl === undefined ? {} : { wgsl: r.wgsl }),
    ...(r.sidecar === undefined ? {} : { sidecar: r.sidecar }),
    ...(r.referenceModule === undefined ? {} : { referenceModule: r.referenceModule }),
    ...(r.data === undefined ? {} : { data: r.data }),
    ...(r.figures === undefined ? {} : { figures: r.figures.map((f) => ({ ...f, value: finite(f.value) })) }),
    seed: r.seed,
    time: r.time,
    ...(r.suite ? { suite: r.suite } : {}),
  };
}

/** The entry with its fraction of the roof, once ceilings are known. */
export function withRoof(e: ResultEntry, c: Ceilings): ResultEntry {
  if (e.gflops === null || e.gbps === null || e.intensity === null || e.flops === null) return e;
  return { ...e, roofFraction: finite(roofFraction({ flops: e.flops, gflops: e.gflops, gbps: e.gbps, intensity: e.intensity }, c)) };
}

/** The code a run used, as results keep it (see ResultEntry.wgsl). */
export type RunFiles = Pick<ResultEntry, 'wgsl' | 'sidecar' | 'referenceModule'>;

/**
 * An entry for a run that produced no measurement; `failureOf(e)` (gpu/errors)
 * makes `error` from what was thrown. `files` keeps the code that failed, so it can be reopened.
 */
export function failedEntry(kernel: string, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>, sourceHash: string, error: Failure, files: RunFiles = {}): ResultEntry {
  return {
    kernel, params, constants, sourceHash, error, ...files,
    timing: null, timingNote: null, samples: 0, repsPerSample: null,
    medianMs: null, minMs: null, p90Ms: null, cv: null,
    flops: null, bytes: null, gflops: null, gbps: null, intensity: null,
    correct: false, compared: false, relError: null, scaledError: null, maxAbsError: null, tolerance: null,
    seed: null, time: new Date().toISOString(),
  };
}

export function resultsFile(generatedBy: string, device: DeviceInfo, results: readonly ResultEntry[], ceilings?: Ceilings, environment?: RunEnvironment, simulation?: readonly SimulationEntry[]): ResultsFile {
  return { schema: RESULTS_SCHEMA, generatedBy, generatedAt: new Date().toISOString(), device, ...(environment ? { environment } : {}), ...(ceilings ? { ceilings } : {}), results, ...(simulation && simulation.length > 0 ? { simulation } : {}) };
}
