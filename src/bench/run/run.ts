/**
 * Run one kernel the honest way: refuse what the device cannot hold, compile,
 * fill inputs from a fresh seed, poison outputs, run once and check every
 * element against the float64 reference, then time it (see measure.ts).
 * Used unchanged by the page, the tests and the headless runner.
 */
import { readBuffers } from '../../gpu/buffers';
import type { DeviceInfo } from '../../gpu/device';
import { CancelledError, KernelLabError, UnsupportedError } from '../../gpu/errors';
import { withErrorScopes } from '../../gpu/scopes';
import { checkLimits, type LimitsLike } from '../../gpu/limits';
import { createSampler, TimestampUnreliableError, type GpuSampler, type TimingMethod } from '../../gpu/timestamps';
import { sourceHash } from '../../kernels/hash';
import { planKernel, type KernelPlan, type PlannedBuffer } from '../../kernels/plan';
import { bitsOf, decode, encode as encodeValues, poisonMemory, type HostArray } from '../../kernels/memory';
import { DEFAULT_INIT, freshSeed, makeBuffer } from '../../kernels/random';
import { missingFeatures, splitExpected, type KernelSpec, type Params } from '../../kernels/spec';
import { runContents, type RunContents } from './contents';
import { checkOutputs, checkWritten, findUnwritten, paddingHint, unwrittenMessage, type CheckResult } from './check';
import { measure, type MeasureOptions, type MeasureProgress } from './measure';
import { inspectKernel, prepareKernel, requireReadable, workgroupSizes, type InspectedKernel } from './prepare';
import { checkFields, measurementFields, timingNote, type RunRecord, type TimingFacts } from './record';
import { referenceHere, type ReferenceCompute, type ReferenceOutputs } from './reference';
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
  readonly reference?: ReferenceCompute;
  /** Your own kernels: a fingerprint of all their files, kept in the record (see RunRecord.filesHash). */
  readonly filesHash?: string;
  /**
   * Input buffers fed from loaded data instead of random values (see
   * DataInput); the record keeps where each came from. The check after timing
   * reuses them (only the other inputs are fresh).
   */
  readonly data?: readonly DataInput[];
  /** Your own kernels: the sidecar's and the reference's text, kept in the record beside the WGSL so the run can be reopened. */
  readonly files?: { readonly sidecar?: string; readonly referenceModule?: string };
}

export type { BufferContents, RunContents } from './contents';

/**
 * A column of loaded data as one input buffer: its host values in the
 * buffer's layout (what the reference receives: one number per value,
 * padding included), and where they came from. A Float32Array for a plain
 * f32 buffer goes to the GPU as it is, without a per-element loop.
 */
export interface DataInput {
  /** The input (or inout) buffer it feeds. */
  readonly buffer: string;
  readonly values: Float32Array | Int32Array | Uint32Array;
  readonly file: string;
  readonly column: string;
  /** Rows of the column that fed it. */
  readonly rows: number;
  /** What the column's nulls became, when it had any (kept in the record, so the run can be repeated). */
  readonly nulls?: { readonly fill: number };
}

/** Where a run's data came from: kept in its record and results (`data`). */
export type DataSource = Omit<DataInput, 'values'>;

export interface RunOutcome {
  readonly record: RunRecord;
  readonly check: CheckResult;
  readonly notes: readonly string[];
  /** What the checked run's buffers held, for the buffer view; kept in memory only. */
  readonly contents: RunContents;
}

/**
 * Plan a run and check it against a device's limits (`device.limits`, or a
 * DeviceInfo's); throws LimitError before any allocation. Only limits, so the
 * page can say "too big for this device" as soon as a size is typed, and
 * autotuning can sift candidates without a device.
 */
export function planWithinLimits(limits: LimitsLike, spec: KernelSpec, inspected: Pick<InspectedKernel, 'reflection' | 'constants'>, params: Params): KernelPlan {
  const plan = planKernel(spec, params, inspected.constants.values, inspected.reflection);
  const problems = checkLimits(limits, {
    storageBuffers: plan.buffers.map((b) => ({ name: b.spec.name, bytes: b.bytes })),
    ...(plan.uniforms.length > 0 ? { uniformBytes: Math.max(...plan.uniforms.map((u) => u.data.byteLength)) } : {}),
    dispatches: plan.passes.map((p) => ({ label: p.label, workgroups: p.workgroups })),
    workgroupSizes: workgroupSizes(spec, inspected.reflection, inspected.constants.values),
    workgroupStorageBytes: plan.workgroupStorage,
  });
  if (problems[0]) throw problems[0];
  return plan;
}

/** How the run was timed, as values and in words. */
const timingFields = (t: TimingFacts) => ({ ...t, timingNote: timingNote(t) });

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

/** The seed of the check after timing: derived, so every autotuning candidate gets the same second inputs. */
export const recheckSeed = (seed: number): number => (Math.imul(seed ^ 0x85ebca6b, 0xc2b2ae35) >>> 0);

/** What one correctness run starts from: every buffer's memory, and what the reference receives of the inputs. */
interface StartingMemory {
  readonly seed: number;
  readonly contents: readonly ArrayBuffer[];
  readonly inputs: Readonly<Record<string, HostArray>>;
}

/**
 * Inputs and inout buffers from their init (random by default) and `seed`;
 * outputs from their init, or zero when they hold atomics, or else poison
 * pattern `poison`; scratch from its init or zero. The reference receives
 * every buffer that starts from made data (an output with an init too).
 */
function startingMemory(spec: KernelSpec, plan: KernelPlan, scope: Readonly<Record<string, number>>, seed: number, poison: 0 | 1, data: readonly DataInput[] = []): StartingMemory {
  const inputs: Record<string, HostArray> = {};
  const generated = spec.generate?.(plan.params, seed, plan.constants) ?? {};
  const contents = plan.buffers.map((b, i) => {
    const { role, init, name } = b.spec;
    const fed = data.find((d) => d.buffer === name);
    if (fed) {
      const memory = dataMemory(b, fed);
      inputs[name] = decode(b.shape, memory, b.length);
      return memory;
    }
    const given = generated[name];
    if (given) {
      if (given.length !== b.length) throw new KernelLabError('spec', `${spec.id} generates ${given.length} values for ${name}, which holds ${b.length}.`);
      const memory = encodeValues(b.shape, given);
      inputs[name] = decode(b.shape, memory, b.length);
      return memory;
    }
    if (role === 'input' || role === 'inout' || init) {
      const made = makeBuffer(b.shape, b.bytes, init ?? DEFAULT_INIT, seed, i, scope, `Buffer ${name}`);
      inputs[name] = made.view;
      return made.bytes;
    }
    if (role === 'output' && !b.shape.atomic) return poisonMemory(b.shape, b.bytes, poison);
    return new ArrayBuffer(Math.ceil(b.bytes / 4) * 4);
  });
  return { seed, contents, inputs };
}

/**
 * The memory of a buffer fed by `fed`: its values as they are when the
 * layout matches (an unpadded f32, i32 or u32 array of the same kind), else
 * encoded value by value. Throws (kind 'params') when the column's length
 * is not the buffer's, or the buffer is not an input.
 */
function dataMemory(b: PlannedBuffer, fed: DataInput): ArrayBuffer {
  const { name, role } = b.spec;
  const from = `${fed.file}, column ${fed.column}`;
  if (role !== 'input' && role !== 'inout') throw new KernelLabError('params', `${from} cannot feed ${name}: data feeds input buffers only, and ${name} is an ${role}.`);
  if (fed.values.length !== b.length) {
    throw new KernelLabError('params', `${from} has ${fed.values.length.toLocaleString('en')} values, but ${name} holds ${b.length.toLocaleString('en')} with these parameters: set the size to the column's rows.`);
  }
  const kind = fed.values instanceof Float32Array ? 'f32' : fed.values instanceof Int32Array ? 'i32' : 'u32';
  if (!b.shape.padded && b.shape.unit === 4 && b.shape.scalar === kind && b.shape.prefix === 0 && fed.values.byteLength === b.bytes) {
    // The layout matches: one copy of the bytes (the GPU write copies again), no per-element loop.
    const v = fed.values;
    return v.byteOffset === 0 && v.buffer.byteLength === v.byteLength && v.buffer instanceof ArrayBuffer ? v.buffer : v.slice().buffer as ArrayBuffer;
  }
  return encodeValues(b.shape, fed.values);
}

/** The buffers a check reads back: outputs and inout buffers. */
const checkedBuffers = (plan: KernelPlan) => plan.buffers.map((b, i) => ({ b, i })).filter(({ b }) => b.spec.role === 'output' || b.spec.role === 'inout');

export async function runKernel(device: GPUDevice, deviceInfo: DeviceInfo, spec: KernelSpec, options: RunOptions): Promise<RunOutcome> {
  const source = options.source ?? spec.source;
  const progress = (phase: RunPhase, samples = 0, reps = 0): void => options.onProgress?.({ phase, samples, reps });
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new CancelledError();
  };

  const inspected = inspectKernel(spec, source, options.constants ?? {});
  // WGSL that does not parse: the compiler says where, before anything reads the interface.
  if (spec.passes.length > 0) await requireReadable(device, inspected.reflection, source);
  const missing = missingFeatures(spec, device.features, inspected.reflection.enables);
  if (missing.length > 0) throw new UnsupportedError(spec.id, missing);
  // Limits first: a pipeline with an oversized workgroup would fail less clearly.
  const plan = planWithinLimits(device.limits, spec, inspected, options.params);
  progress('compile');
  const prepared = await prepareKernel(device, spec, inspected);
  cancelled();

  const seed = options.seed ?? freshSeed();
  const scope = { ...inspected.reflection.consts, ...prepared.constants.values, ...plan.params };
  const computeReference = options.reference ?? referenceHere;
  const made: GPUBuffer[] = [];
  try {
    const { compiled } = prepared;
    const setCount = rotationSets(spec, plan, options.rotate);
    const first = startingMemory(spec, plan, scope, seed, 0, options.data);
    const sets = await withErrorScopes(device, `allocating the buffers of ${spec.id}`, () =>
      allocateSets(device, spec, plan, compiled, setCount, (i) => first.contents[i]!, made),
    );
    const buffers = sets[0]!.buffers;
    const encode = encodeWork(spec, plan, compiled, sets);
    const checked = checkedBuffers(plan);

    /**
     * One dispatch from `memory` (set 0), and what the checked buffers hold
     * after it. Scratch keeps what earlier runs left, as it does while timing:
     * a kernel that relies on it being reset is caught by the check after timing.
     */
    const checkRun = async (memory: StartingMemory, label: string): Promise<ArrayBuffer[]> => {
      await withErrorScopes(device, `running ${spec.id}`, () => {
        plan.buffers.forEach((b, i) => {
          if (b.spec.role !== 'scratch') device.queue.writeBuffer(buffers[i]!, 0, memory.contents[i]!);
        });
        const encoder = device.createCommandEncoder({ label: `${spec.id} ${label}` });
        encode(encoder, 1, undefined);
        device.queue.submit([encoder.finish()]);
      });
      // A kernel that never ends never lets this resolve: Cancel must still hand control back.
      return unlessCancelled(readBuffers(device, checked.map(({ b, i }) => ({ buffer: buffers[i]!, bytes: b.bytes }))), options.signal);
    };

    const gotOf = (raw: readonly ArrayBuffer[]) => checked.map(({ b }, k) => ({ name: b.spec.name, shape: b.shape, got: decode(b.shape, raw[k]!, b.length) }));
    const referenceOf = (memory: StartingMemory, inputsKey: string): Promise<ReferenceOutputs> => {
      progress('reference');
      return computeReference(spec, memory.inputs, plan.params, prepared.constants.values, options.signal, inputsKey);
    };

    /** The check of one run's results against the reference (or, without one, that they were written and are finite). */
    const judge = async (raw: readonly ArrayBuffer[], memory: StartingMemory, inputsKey: string): Promise<{ check: CheckResult; contents: RunContents }> => {
      const got = gotOf(raw);
      if (!spec.reference) return { check: checkWritten(got), contents: contentsOf(memory, got, undefined) };
      const expected = await referenceOf(memory, inputsKey);
      const check = checkOutputs(
        got.map((o) => {
          const ref = expected[o.name];
          if (!ref) throw new KernelLabError('spec', `The reference of ${spec.id} gives no values for ${o.name}.`);
          return { ...o, ...splitExpected(ref) };
        }),
        spec.tolerance,
      );
      return { check, contents: contentsOf(memory, got, expected) };
    };

    /** The buffers of one run for the buffer view: what each started from, held after, and should hold. */
    const contentsOf = (memory: StartingMemory, got: readonly { readonly name: string; readonly got: HostArray }[], expected: ReferenceOutputs | undefined): RunContents =>
      runContents(plan, { which: memory === first ? 'before timing' : 'after timing', seed: memory.seed, tolerance: spec.tolerance }, memory.inputs, got, expected);

    // Correctness first: once from each poison, so a value never written (or read
    // before it was written) shows for every type, then against the reference.
    progress('check');
    const raw = await checkRun(first, 'check run');
    let check: CheckResult;
    let contents: RunContents;
    const poisoned = checked.filter(({ b }) => b.spec.role === 'output' && !b.spec.init && !b.shape.atomic);
    const second = poisoned.length > 0 ? await checkRun(startingMemory(spec, plan, scope, seed, 1, options.data), 'second check run') : [];
    const firstOf = (b: PlannedBuffer): ArrayBuffer => raw[checked.findIndex((c) => c.b === b)]!;
    let unwritten = findUnwritten(poisoned.map(({ b }, k) => ({ name: b.spec.name, shape: b.shape, first: firstOf(b), second: second[k]! })));
    if (unwritten?.cause === 'depends-on-start') {
      // Followed the poison, or a race? A third run from the first start tells: a race differs from the same start too.
      const again = await checkRun(first, 'third check run');
      const b = poisoned.find((p) => p.b.spec.name === unwritten!.buffer)!.b;
      const k = checked.findIndex((c) => c.b === b);
      if (bitsOf(b.shape, again[k]!)[unwritten.index] !== bitsOf(b.shape, firstOf(b))[unwritten.index]) unwritten = { ...unwritten, cause: 'nondeterministic' };
    }
    if (unwritten) {
      const planned = plan.buffers.find((b) => b.spec.name === unwritten!.buffer)!;
      const readWrite = inspected.reflection.bindings.some((d) => d.group === 0 && d.binding === planned.spec.binding && d.access === 'read_write');
      const padding = unwritten.cause === 'never-written' ? undefined : paddingHint(planned.spec.name, planned.shape);
      check = {
        ...checkWritten([]),
        correct: false,
        compared: spec.reference !== undefined,
        tolerance: spec.reference ? spec.tolerance : Number.NaN,
        unwritten,
        hint: [unwrittenMessage(unwritten, readWrite), padding].filter(Boolean).join(' '),
      };
      // The verdict stands without the reference; the buffer view still shows what was expected where it can be had.
      let expected: ReferenceOutputs | undefined;
      if (spec.reference) {
        try {
          expected = await referenceOf(first, String(seed));
        } catch (e) {
          if (e instanceof CancelledError) throw e;
        }
      }
      contents = contentsOf(first, gotOf(raw), expected);
    } else {
      ({ check, contents } = await judge(raw, first, String(seed)));
    }
    // A failed check on a kernel with padded buffers (array<vec3f>): say how its memory is laid out.
    if (!check.correct && !check.hint) {
      const padded = plan.buffers.find((b) => b.spec.role !== 'scratch' && b.shape.padded);
      const hint = padded && paddingHint(padded.spec.name, padded.shape);
      if (hint) check = { ...check, hint };
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
    if (check.hint) notes.push(check.hint);

    // What was timed must be what was checked: one more run on fresh inputs and
    // re-poisoned outputs. A kernel that keeps state between runs fails here.
    let recheck: RunRecord['recheck'];
    if (check.correct) {
      progress('check');
      const seed2 = recheckSeed(seed);
      const again = startingMemory(spec, plan, scope, seed2, 0, options.data);
      const judged = await judge(await checkRun(again, 'check run after timing'), again, String(seed2));
      const after = judged.check;
      cancelled();
      if (!after.correct) {
        contents = judged.contents;
        recheck = { correct: false, seed: seed2, scaledError: after.scaledError, nonFinite: after.nonFinite, ...(after.worst ? { worst: after.worst } : {}) };
        // The figures shown are the failing run's, beside the note that the first run passed.
        check = { ...after, correct: false, hint: `The check run before timing was correct, but a run after timing, on fresh inputs (seed ${seed2}), was not${after.worst ? ` (worst: ${after.worst.buffer}[${after.worst.index}] = ${after.worst.got}, expected ${after.worst.expected})` : ''}: the kernel keeps state from one run to the next (a counter, a flag, a buffer it does not reset), so only its first run is right.` };
        notes.push(check.hint!);
      }
    }

    // The kernel's own figures (quantization's error, tokens/s), from the checked run's inputs and outputs.
    const figures = check.correct && spec.figures
      ? spec.figures({
        params: plan.params,
        constants: prepared.constants.values,
        seed,
        inputs: first.inputs,
        outputs: Object.fromEntries(gotOf(raw).map((o) => [o.name, o.got])),
        medianMs: m.stats.medianMs > 0 ? m.stats.medianMs : 0,
      })
      : [];

    const record: RunRecord = {
      kernel: spec.id,
      title: spec.title,
      sourceHash: sourceHash(source),
      librarySource: !spec.custom && source === spec.source,
      ...(options.filesHash ? { filesHash: options.filesHash } : {}),
      wgsl: source,
      ...(options.data && options.data.length > 0 ? {
        data: options.data.map(({ buffer, file, column, rows, nulls }) => ({ buffer, file, column, rows, ...(nulls ? { nulls: { fill: nulls.fill } } : {}) })),
        randomInputs: plan.buffers.filter((b) => (b.spec.role === 'input' || b.spec.role === 'inout') && !options.data!.some((d) => d.buffer === b.spec.name)).map((b) => b.spec.name),
      } : {}),
      ...(options.files?.sidecar !== undefined ? { sidecar: options.files.sidecar } : {}),
      ...(options.files?.referenceModule !== undefined ? { referenceModule: options.files.referenceModule } : {}),
      params: { ...plan.params },
      constants: { ...prepared.constants.values },
      device: deviceInfo,
      ...timingFields({ timing: sampler.method, repsPerSample: m.reps, dispatchesPerRep: plan.passes.length, bufferSets: setCount }),
      ...measurementFields(m, plan.flops, plan.bytes),
      ...checkFields(check),
      ...(recheck ? { recheck } : {}),
      ...(figures.length > 0 ? { figures } : {}),
      seed,
      time: new Date().toISOString(),
    };
    return { record, check, notes, contents };
  } finally {
    for (const b of made) b.destroy();
  }
}
