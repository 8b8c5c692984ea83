/**
 * The pump ("the GPU should never wait"): a table's record batches are
 * decoded, uploaded and consumed by a kernel one after another, with up to
 * `depth` batches decoded and uploaded ahead of the one the GPU is on.
 *
 * The ring: depth + 1 slots, each a storage buffer for one batch (and, in
 * `mapped` mode, a MAP_WRITE staging buffer beside it). Batch i uses slot
 * i mod (depth + 1), and its decoding starts only once batch i − depth − 1,
 * the slot's last user, has finished on the GPU. So depth 0 is synchronous
 * (decode, upload, compute, wait, next), and depth d lets the CPU run d
 * batches ahead while the GPU works.
 *
 * Uploads, two ways (both measured by the suite):
 * - `mapped`: the batch is copied into the slot's staging buffer while it is
 *   mapped, unmapped, and copied to the storage buffer by the GPU
 *   (copyBufferToBuffer) in the same submission as the kernel; the staging
 *   buffer is mapped again (mapAsync) as soon as that is submitted, so it is
 *   ready by the time the slot comes round. The memory is ours, allocated
 *   once, and mapAsync is the ring's own back-pressure.
 * - `write-buffer`: queue.writeBuffer into the slot's storage buffer; the
 *   browser stages the bytes itself (Chrome: a copy into shared memory at
 *   the call, and a GPU-side copy in queue order).
 * Either way the decoded values are copied once on the CPU: parquet-wasm
 * decodes into its own memory, so nobody can decode straight into a
 * mapped range.
 *
 * GPU idle: from timestamp queries at the start and end of every batch's
 * compute pass where the device has `timestamp-query`: over the span from
 * the first batch's compute start to the last's end, the time not inside a
 * batch's pass. Decoding the first batch, which nothing can overlap, is not
 * counted. Without timestamps (`wall-clock`), a batch's compute ends when
 * onSubmittedWorkDone resolves after its submission, and starts at the later
 * of its submission and the previous batch's end: an estimate that counts
 * submission latency as work, labelled as such.
 *
 * No Node APIs here: it runs in the page, the runner's page and Node tests.
 */
import { alignTo4 } from '../../gpu/buffers';
import { withErrorScopes } from '../../gpu/scopes';
import type { TimingMethod } from '../../gpu/timestamps';
import { quantile } from '../run/stats';
import { placeStamps, readStamps, readSums } from './pump-readback';
import { checkPumpSums, compilePumpKernel, gridFor, groupsFor, pumpUniform, sumsFor, type PumpCheck } from './pump-kernel';

export type UploadMode = 'mapped' | 'write-buffer';
export const UPLOAD_MODES: readonly UploadMode[] = ['mapped', 'write-buffer'];

/** Where the batches come from: a Parquet column's row groups (data/parquet-batches.ts), or anything alike. */
export interface BatchSource {
  readonly batches: number;
  rowsOf(i: number): number;
  /** Batch i's values; a fresh array (or a view of one) the pump may keep. */
  decode(i: number): Promise<Float32Array>;
}

/** One batch on the run's clock: milliseconds from the run's start. */
export interface PumpBatchTimes {
  readonly batch: number;
  readonly rows: number;
  readonly decodeStart: number;
  readonly decodeEnd: number;
  readonly uploadStart: number;
  readonly uploadEnd: number;
  readonly submitted: number;
  readonly computeStart: number;
  readonly computeEnd: number;
}

export interface PumpOptions {
  readonly depth: number;
  readonly upload: UploadMode;
  /** FMAs per value: the kernel's work knob. */
  readonly k: number;
  /** 'wall-clock' to ignore timestamp queries; by default they are used where the device has them. */
  readonly prefer?: TimingMethod;
  /** Only the first `batches` batches of the source. */
  readonly batches?: number;
}

export interface PumpRun {
  readonly depth: number;
  readonly upload: UploadMode;
  readonly k: number;
  readonly batches: number;
  readonly rows: number;
  /** From the first decode's start to the last batch's end, ms. */
  readonly wallMs: number;
  readonly rowsPerS: number;
  /** Time inside the batches' compute passes, and the span from the first's start to the last's end, ms. */
  readonly gpuBusyMs: number;
  readonly gpuSpanMs: number;
  /** 1 − busy / span. */
  readonly gpuIdleShare: number;
  /** How compute start and end were found (see the file's header). */
  readonly idleFrom: TimingMethod;
  /** Per-phase medians over the batches, ms. */
  readonly decodeMs: number;
  readonly uploadMs: number;
  readonly computeMs: number;
  readonly timeline: readonly PumpBatchTimes[];
  /** Every batch's sums against the float64 reference. */
  readonly check: PumpCheck;
}

const median = (xs: readonly number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);

/**
 * Streams `source`'s batches through the kernel with prefetch depth `options.depth` (see the file's header).
 * @returns the run's throughput, GPU idle share, per-batch timeline and the check of every batch's sums
 * @throws KernelLabError (validation, out-of-memory) from the GPU; whatever `source.decode` throws (DataError)
 */
export async function runPump(device: GPUDevice, source: BatchSource, options: PumpOptions): Promise<PumpRun> {
  const { depth, upload, k } = options;
  if (!Number.isInteger(depth) || depth < 0) throw new RangeError(`The prefetch depth must be a whole number ≥ 0, not ${depth}.`);
  const batches = Math.min(options.batches ?? source.batches, source.batches);
  if (batches < 1) throw new RangeError('The pump needs at least one batch.');
  const kernel = await compilePumpKernel(device);
  const pipeline = kernel.pipelines.get('main')!;
  const slots = depth + 1;
  const maxRows = Math.max(...Array.from({ length: batches }, (_, i) => source.rowsOf(i)));
  const batchBytes = alignTo4(maxRows * 4);
  const perBatch = sumsFor(maxRows);
  const sumsBytes = batches * perBatch * 4;
  const timestamps = options.prefer !== 'wall-clock' && device.features.has('timestamp-query');

  const made: GPUBuffer[] = [];
  const buffer = (d: GPUBufferDescriptor): GPUBuffer => {
    const b = device.createBuffer(d);
    made.push(b);
    return b;
  };
  let querySet: GPUQuerySet | undefined;
  const mapping: (Promise<void> | undefined)[] = [];
  // One error scope over the whole run (its sections must not nest, so the kernel is compiled first).
  const run = async (): Promise<PumpRun> => {
    const ring = (() => {
      querySet = timestamps ? device.createQuerySet({ label: 'pump passes', type: 'timestamp', count: 2 * batches }) : undefined;
      const sums = buffer({ label: 'pump sums', size: sumsBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      return {
        sums,
        slots: Array.from({ length: slots }, (_, s) => {
          const x = buffer({ label: `pump slot ${s}`, size: batchBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
          const uniform = buffer({ label: `pump slot ${s} params`, size: 32, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
          const staging = upload === 'mapped' ? buffer({ label: `pump slot ${s} staging`, size: batchBytes, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true }) : undefined;
          const bindGroup = device.createBindGroup({ label: `pump slot ${s}`, layout: kernel.layout, entries: [{ binding: 0, resource: { buffer: x } }, { binding: 1, resource: { buffer: sums } }, { binding: 2, resource: { buffer: uniform } }] });
          return { x, uniform, staging, bindGroup };
        }),
      };
    })();

    const inputs: Float32Array[] = [];
    const times: Omit<PumpBatchTimes, 'computeStart' | 'computeEnd'>[] = [];
    const done: Promise<number>[] = [];
    const t0 = performance.now();
    const at = (): number => performance.now() - t0;
    for (let i = 0; i < batches; i++) {
      const s = i % slots;
      const slot = ring.slots[s]!;
      // The slot's last batch must be done before its buffers are filled again.
      if (i >= slots) await done[i - slots];
      if (mapping[s]) await mapping[s];
      const decodeStart = at();
      const values = await source.decode(i);
      const decodeEnd = at();
      if (values.length !== source.rowsOf(i)) throw new RangeError(`Batch ${i} decoded to ${values.length} values, but it has ${source.rowsOf(i)} rows.`);
      inputs.push(values);
      const uploadStart = at();
      if (slot.staging) {
        new Float32Array(slot.staging.getMappedRange(0, alignTo4(values.byteLength)), 0, values.length).set(values);
        slot.staging.unmap();
      } else {
        device.queue.writeBuffer(slot.x, 0, values);
      }
      device.queue.writeBuffer(slot.uniform, 0, pumpUniform(values.length, k, i, perBatch));
      const uploadEnd = at();
      const encoder = device.createCommandEncoder({ label: `pump batch ${i}` });
      if (slot.staging) encoder.copyBufferToBuffer(slot.staging, 0, slot.x, 0, alignTo4(values.byteLength));
      const pass = encoder.beginComputePass({
        label: `pump batch ${i}`,
        ...(querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } } : {}),
      });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, slot.bindGroup);
      pass.dispatchWorkgroups(...gridFor(groupsFor(values.length)));
      pass.end();
      device.queue.submit([encoder.finish()]);
      const submitted = at();
      done.push(device.queue.onSubmittedWorkDone().then(at));
      if (slot.staging) mapping[s] = slot.staging.mapAsync(GPUMapMode.WRITE);
      times.push({ batch: i, rows: values.length, decodeStart, decodeEnd, uploadStart, uploadEnd, submitted });
    }
    const finished = await Promise.all(done);
    await Promise.all(mapping);
    const wallMs = Math.max(...finished);

    const got = await readSums(device, ring.sums, sumsBytes);
    const stamps = querySet ? placeStamps(await readStamps(device, querySet, 2 * batches), times.map((t) => t.submitted)) : undefined;
    const idleFrom: TimingMethod = stamps ? 'timestamp-query' : 'wall-clock';
    const start: number[] = [];
    const end: number[] = [];
    times.forEach((t, i) => {
      if (stamps) {
        start.push(stamps.start[i]!);
        end.push(stamps.end[i]!);
      } else {
        end.push(finished[i]!);
        start.push(Math.max(t.submitted, i > 0 ? end[i - 1]! : 0));
      }
    });
    const gpuBusyMs = start.reduce((sum, s, i) => sum + (end[i]! - s), 0);
    const gpuSpanMs = end[batches - 1]! - start[0]!;
    const rows = times.reduce((sum, t) => sum + t.rows, 0);
    return {
      depth, upload, k, batches, rows, wallMs,
      rowsPerS: rows / (wallMs / 1e3),
      gpuBusyMs, gpuSpanMs,
      gpuIdleShare: gpuSpanMs > 0 ? Math.min(1, Math.max(0, 1 - gpuBusyMs / gpuSpanMs)) : 0,
      idleFrom,
      decodeMs: median(times.map((t) => t.decodeEnd - t.decodeStart)),
      uploadMs: median(times.map((t) => t.uploadEnd - t.uploadStart)),
      computeMs: median(start.map((s, i) => end[i]! - s)),
      timeline: times.map((t, i) => ({ ...t, computeStart: start[i]!, computeEnd: end[i]! })),
      check: checkPumpSums(got, inputs, k, perBatch),
    };
  };
  try {
    return await withErrorScopes(device, `running the pump (depth ${depth}, ${upload})`, run);
  } finally {
    await Promise.allSettled(mapping);
    for (const b of made) b.destroy();
    querySet?.destroy();
  }
}
