/**
 * Run one kernel the honest way: refuse what the device cannot hold, compile,
 * fill inputs from a fresh seed, poison outputs, run once and check every
 * element against the float64 reference, then time it (see measure.ts).
 * Used unchanged by the page, the tests and the headless runner.
 */
import { createStorageBuffer, createUniformBuffer, readBuffers } from '../gpu/buffers';
import type { DeviceInfo } from '../gpu/device';
import { CancelledError, KernelLabError, withErrorScopes } from '../gpu/errors';
import { checkLimits } from '../gpu/limits';
import { createSampler, TimestampUnreliableError, type EncodeWork, type GpuSampler, type TimingMethod } from '../gpu/timestamps';
import { sourceHash } from '../kernels/hash';
import { planKernel, type KernelPlan } from '../kernels/plan';
import { allocate, freshSeed, makeInput, poisoned } from '../kernels/random';
import type { HostArray, KernelSpec, Params } from '../kernels/spec';
import { checkOutputs, checkWritten, type CheckResult } from './check';
import { measure, type MeasureOptions, type MeasureProgress } from './measure';
import { inspectKernel, prepareKernel, workgroupSizes, type InspectedKernel } from './prepare';
import { throughput, type RunRecord } from './record';

export type RunPhase = 'compile' | 'check' | MeasureProgress['phase'];

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
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
}

export interface RunOutcome {
  readonly record: RunRecord;
  readonly check: CheckResult;
  readonly notes: readonly string[];
}

/** Plan a run and check it against the device's limits; throws LimitError before any allocation. */
export function planWithinLimits(device: GPUDevice, spec: KernelSpec, inspected: Pick<InspectedKernel, 'reflection' | 'constants'>, params: Params): KernelPlan {
  const plan = planKernel(spec, params, inspected.constants.values);
  const problems = checkLimits(device.limits, {
    storageBuffers: plan.buffers.map((b) => ({ name: b.spec.name, bytes: b.bytes })),
    ...(plan.uniform ? { uniformBytes: plan.uniform.data.byteLength } : {}),
    dispatches: plan.passes.map((p) => ({ label: p.label, workgroups: p.workgroups })),
    workgroupSizes: workgroupSizes(spec, inspected.reflection, inspected.constants.values),
  });
  if (problems[0]) throw problems[0];
  return plan;
}

export async function runKernel(device: GPUDevice, deviceInfo: DeviceInfo, spec: KernelSpec, options: RunOptions): Promise<RunOutcome> {
  const source = options.source ?? spec.source;
  const progress = (phase: RunPhase, samples = 0, reps = 0): void => options.onProgress?.({ phase, samples, reps });
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new CancelledError();
  };

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
    const buffers = await withErrorScopes(device, `allocating the buffers of ${spec.id}`, () =>
      plan.buffers.map((b, i) => {
        const gpu = createStorageBuffer(device, `${spec.id} ${b.spec.name}`, b.bytes);
        made.push(gpu);
        const host = b.spec.role === 'input'
          ? makeInput(b.spec.type, b.length, b.spec.init ?? { kind: 'random', min: -1, max: 1 }, seed, i)
          : b.spec.role === 'output' ? poisoned(b.spec.type, b.length) : allocate(b.spec.type, b.length);
        if (b.spec.role === 'input') inputs[b.spec.name] = host;
        device.queue.writeBuffer(gpu, 0, host);
        return gpu;
      }),
    );
    const entries: GPUBindGroupEntry[] = plan.buffers.map((b, i) => ({ binding: b.spec.binding, resource: { buffer: buffers[i]! } }));
    if (plan.uniform) {
      const u = createUniformBuffer(device, `${spec.id} uniforms`, plan.uniform.data);
      made.push(u);
      entries.push({ binding: plan.uniform.binding, resource: { buffer: u } });
    }
    const { compiled } = prepared;
    const bindGroup = await withErrorScopes(device, `binding the buffers of ${spec.id}`, () =>
      device.createBindGroup({ label: `${spec.id} bind group`, layout: compiled.layout, entries }),
    );
    const passes = plan.passes.map((p) => ({ pipeline: compiled.pipelines.get(p.entryPoint)!, workgroups: p.workgroups }));
    const encode: EncodeWork = (pass, reps) => {
      pass.setBindGroup(0, bindGroup);
      for (let r = 0; r < reps; r++) {
        for (const p of passes) {
          pass.setPipeline(p.pipeline);
          pass.dispatchWorkgroups(p.workgroups[0], p.workgroups[1], p.workgroups[2]);
        }
      }
    };

    // Correctness first, on the poisoned outputs.
    progress('check');
    await withErrorScopes(device, `running ${spec.id}`, () => {
      const encoder = device.createCommandEncoder({ label: `${spec.id} check run` });
      const pass = encoder.beginComputePass({ label: `${spec.id} check pass` });
      encode(pass, 1);
      pass.end();
      device.queue.submit([encoder.finish()]);
    });
    const outputs = plan.buffers.map((b, i) => ({ b, i })).filter(({ b }) => b.spec.role === 'output');
    const raw = await readBuffers(device, outputs.map(({ b, i }) => ({ buffer: buffers[i]!, bytes: b.bytes })));
    const got = outputs.map(({ b }, k) => ({ name: b.spec.name, got: typedView(b.spec.type, raw[k]!) }));
    let check: CheckResult;
    if (spec.reference) {
      const expected = spec.reference(inputs, plan.params);
      check = checkOutputs(
        got.map((o) => {
          const ref = expected[o.name];
          if (!ref) throw new KernelLabError('spec', `The reference of ${spec.id} gives no values for output ${o.name}.`);
          return { ...o, expected: ref };
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
    const t = throughput(plan.flops, plan.bytes, m.stats.medianMs);
    if (!(m.stats.medianMs > 0)) notes.push(`Too fast for the timer even at ${m.reps} repetitions per sample: throughput not measured.`);
    const record: RunRecord = {
      kernel: spec.id,
      title: spec.title,
      sourceHash: sourceHash(source),
      librarySource: source === spec.source,
      params: { ...plan.params },
      constants: { ...prepared.constants.values },
      device: deviceInfo,
      timing: sampler.method,
      timingNote: timingNote(sampler.method, m.reps, plan.passes.length),
      repsPerSample: m.reps,
      samples: m.stats.count,
      medianMs: m.stats.medianMs,
      minMs: m.stats.minMs,
      p90Ms: m.stats.p90Ms,
      cv: m.stats.cv,
      stoppedBy: m.stoppedBy,
      flops: plan.flops,
      bytes: plan.bytes,
      ...t,
      correct: check.correct,
      compared: check.compared,
      relError: check.relError,
      maxAbsError: check.maxAbsError,
      tolerance: check.tolerance,
      nonFinite: check.nonFinite,
      ...(check.worst ? { worst: check.worst } : {}),
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

function timingNote(method: TimingMethod, reps: number, passes: number): string {
  const per = `${reps} repetition${reps === 1 ? '' : 's'}${passes > 1 ? ` of ${passes} dispatches` : ''} per sample`;
  return method === 'timestamp-query'
    ? `GPU timestamps at compute-pass boundaries, ${per}; time per repetition`
    : `wall clock around submit and onSubmittedWorkDone (no timestamp-query), ${per}; includes submission latency`;
}
