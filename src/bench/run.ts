/**
 * Run one kernel the honest way: refuse what the device cannot hold, compile,
 * fill inputs from a fresh seed, poison outputs, run once and check every
 * element against the float64 reference, then time it (see measure.ts).
 * Used unchanged by the page, the tests and the headless runner.
 */
import { readBuffers } from '../gpu/buffers';
import type { DeviceInfo } from '../gpu/device';
import { CancelledError, KernelLabError, withErrorScopes } from '../gpu/errors';
import { checkLimits } from '../gpu/limits';
import { createSampler, TimestampUnreliableError, type GpuSampler, type TimingMethod } from '../gpu/timestamps';
import { sourceHash } from '../kernels/hash';
import { planKernel, type KernelPlan } from '../kernels/plan';
import { allocate, freshSeed, makeInput, poisoned } from '../kernels/random';
import { missingFeatures, splitExpected, type HostArray, type KernelSpec, type Params } from '../kernels/spec';
import { checkOutputs, checkWritten, type CheckResult } from './check';
import { measure, type MeasureOptions, type MeasureProgress } from './measure';
import { inspectKernel, prepareKernel, workgroupSizes, type InspectedKernel } from './prepare';
import { checkFields, measurementFields, type RunRecord } from './record';
import { referenceHere, type ReferenceRunner } from './reference-runner';
import { allocateSets, encodeWork, rotationSets } from './work';

export type RunPhase = 'compile' | 'check' | 'reference' | MeasureProgress['phase'];

export interface RunProgress {
  readonly phase: RunPhase;
  readonly samples: number;
  readonly reps: number;
}

export interface RunOptions {
  readonly params: Params;
  readonly constants?: Readonly<Record<string, number>>;
  /** Defaults to the library source. */
  readonly source?: string;
  readonly seed?: number;
  readonly timing?: Partial<Omit<MeasureOptions, 'signal' | 'onProgress'>>;
  readonly preferTiming?: TimingMethod;
  /** Cycle through buffer copies while timing; defaults to the spec's `rotate`. */
  readonly rotate?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
  /** Where the float64 reference is computed; this thread by default (the page uses a Worker). */
  readonly reference?: ReferenceRunner;
  /** Your own kernels: a fingerprint of all their files, kept in the record (see RunRecord.filesHash). */
  readonly filesHash?: string;
}

export interface RunOutcome {
  readonly record: RunRecord;
  readonly check: CheckResult;
  readonly notes: readonly string[];
}

/**
 * Plan a run and check it against the device's limits; throws LimitError
 * before any allocation. Only the limits are read, so the page can say "too
 * big for this device" as soon as a size is typed.
 */
export function planWithinLimits(device: Pick<GPUDevice, 'limits'>, spec: KernelSpec, inspected: Pick<InspectedKernel, 'reflection' | 'constants'>, params: Params): KernelPlan {
  const plan = planKernel(spec, params, inspected.constants.values);
  const problems = checkLimits(device.limits, {
    storageBuffers: plan.buffers.map((b) => ({ name: b.spec.name, bytes: b.bytes })),
    ...(plan.uniform ? { uniformBytes: plan.uniform.data.byteLength } : {}),
    dispatches: plan.passes.map((p) => ({ label: p.label, workgroups: p.workgroups })),
    workgroupSizes: workgroupSizes(spec, inspected.reflection, inspected.constants.values),
    workgroupStorageBytes: plan.workgroupStorage,
  });
  if (problems[0]) throw problems[0];
  return plan;
}

/** The GPU had not finished when the user cancelled: it may be running a kernel that never ends. */
export class AbandonedError extends CancelledError {
  constructor() {
    super();
    this.message =
      'Cancelled while the GPU was still running the kernel. If it never ends (an endless loop), the GPU stays busy: ' +
      'a GPU driver usually resets it after a few seconds (the device panel then says the device was lost); ' +
      'a software adapter does not, and only reloading the page (sometimes restarting the browser) frees it.';
  }
}

function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbandonedError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function runKernel(device: GPUDevice, deviceInfo: DeviceInfo, spec: KernelSpec, options: RunOptions): Promise<RunOutcome> {
  const source = options.source ?? spec.source;
  const progress = (phase: RunPhase, samples = 0, reps = 0): void => options.onProgress?.({ phase, samples, reps });
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new CancelledError();
  };

  const missing = missingFeatures(spec, device.features);
  if (missing.length > 0) throw new KernelLabError('unsupported', `${spec.id} needs ${missing.join(' and ')}, which this device does not offer.`);
  // Limits first: a pipeline with an oversized workgroup would fail less clearly.
  const inspected = inspectKernel(spec, source, options.constants ?? {});
  const plan = planWithinLimits(device, spec, inspected, options.params);
  progress('compile');
  const prepared = await prepareKernel(device, spec, inspected);
  cancelled();

  const seed = options.seed ?? freshSeed();
  const inputs: Record<string, HostArray> = {};
  const made: GPUBuffer[] = [];
  try {
    const { compiled } = prepared;
    const setCount = rotationSets(spec, plan, options.rotate);
    const sets = await withErrorScopes(device, `allocating the buffers of ${spec.id}`, () =>
      allocateSets(device, spec, plan, compiled, setCount, (i) => {
        const b = plan.buffers[i]!;
        if (b.spec.role === 'output') return poisoned(b.spec.type, b.length);
        if (b.spec.role === 'scratch') return allocate(b.spec.type, b.length);
        const host = makeInput(b.spec.type, b.length, b.spec.init ?? { kind: 'random', min: -1, max: 1 }, seed, i);
        inputs[b.spec.name] = host;
        return host;
      }, made),
    );
    const buffers = sets[0]!.buffers;
    const encode = encodeWork(spec, plan, compiled, sets);

    // Correctness first, on the poisoned outputs.
    progress('check');
    await withErrorScopes(device, `running ${spec.id}`, () => {
      const encoder = device.createCommandEncoder({ label: `${spec.id} check run` });
      encode(encoder, 1, undefined);
      device.queue.submit([encoder.finish()]);
    });
    const outputs = plan.buffers.map((b, i) => ({ b, i })).filter(({ b }) => b.spec.role === 'output');
    // A kernel that never ends never lets this resolve: Cancel must still hand control back.
    const raw = await unlessCancelled(readBuffers(device, outputs.map(({ b, i }) => ({ buffer: buffers[i]!, bytes: b.bytes }))), options.signal);
    const got = outputs.map(({ b }, k) => ({ name: b.spec.name, got: typedView(b.spec.type, raw[k]!) }));
    let check: CheckResult;
    if (spec.reference) {
      progress('reference');
      const expected = await (options.reference ?? referenceHere)(spec, inputs, plan.params, prepared.constants.values, options.signal);
      check = checkOutputs(
        got.map((o) => {
          const ref = expected[o.name];
          if (!ref) throw new KernelLabError('spec', `The reference of ${spec.id} gives no values for output ${o.name}.`);
          return { ...o, ...splitExpected(ref) };
        }),
        spec.tolerance,
      );
    } else {
      check = checkWritten(got);
    }
    cancelled();

    // Then speed.
    const notes = [...prepared.constants.notes];
    let sampler: GpuSampler = createSampler(device, encode, options.preferTiming);
    const run = () =>
      measure((reps) => sampler.sample(reps), {
        ...options.timing,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => progress(p.phase, p.samples, p.reps),
      });
    let m;
    try {
      m = await withErrorScopes(device, `timing ${spec.id}`, run);
    } catch (e) {
      if (!(e instanceof TimestampUnreliableError)) throw e;
      sampler.destroy();
      sampler = createSampler(device, encode, 'wall-clock');
      notes.push(`${e.message}; timed by wall clock instead.`);
      m = await withErrorScopes(device, `timing ${spec.id}`, run);
    } finally {
      sampler.destroy();
    }
    if (!(m.stats.medianMs > 0)) notes.push(`Too fast for the timer even at ${m.reps} repetitions per sample: throughput not measured.`);
    const record: RunRecord = {
      kernel: spec.id,
      title: spec.title,
      sourceHash: sourceHash(source),
      librarySource: !spec.custom && source === spec.source,
      ...(options.filesHash ? { filesHash: options.filesHash } : {}),
      params: { ...plan.params },
      constants: { ...prepared.constants.values },
      device: deviceInfo,
      timing: sampler.method,
      timingNote: timingNote(sampler.method, m.reps, plan.passes.length, setCount),
      ...measurementFields(m, plan.flops, plan.bytes),
      ...checkFields(check),
      seed,
      time: new Date().toISOString(),
    };
    return { record, check, notes };
  } finally {
    for (const b of made) b.destroy();
  }
}

function typedView(type: KernelSpec['buffers'][number]['type'], data: ArrayBuffer): HostArray {
  return type === 'f32' ? new Float32Array(data) : type === 'u32' ? new Uint32Array(data) : new Int32Array(data);
}

function timingNote(method: TimingMethod, reps: number, passes: number, sets: number): string {
  const rotation = sets > 1 ? `, cycling through ${sets} copies of the buffers so caches cannot answer` : '';
  const per = `${reps} repetition${reps === 1 ? '' : 's'}${passes > 1 ? ` of ${passes} dispatches` : ''} per sample${rotation}`;
  return method === 'timestamp-query'
    ? `GPU timestamps at compute-pass boundaries, ${per}; time per repetition`
    : `wall clock around submit and onSubmittedWorkDone (no timestamp-query), ${per}; includes submission latency`;
}
