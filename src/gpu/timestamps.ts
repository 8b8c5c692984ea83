/**
 * One timing sample = `reps` repetitions of a kernel's work in one submission.
 * Two ways to time it:
 *
 * - `timestamp-query`: GPU timestamps at compute-pass boundaries. The work
 *   places them itself (`stamps`): on its one compute pass, or on empty passes
 *   around work that is not a compute pass (the driver's buffer copy). Chrome
 *   rounds timestamps (100 µs unless developer features are on), so the
 *   measuring loop raises `reps` until a sample lasts milliseconds.
 * - `wall-clock`: performance.now() around submit and onSubmittedWorkDone(), used
 *   where the adapter has no timestamps. It includes submission and wake-up
 *   latency, so it reads slower; results say which method produced them.
 */

export type TimingMethod = 'timestamp-query' | 'wall-clock';

/** Where to write the start (index 0) and end (index 1) timestamps, when timing on the GPU. */
export interface Stamps {
  readonly querySet: GPUQuerySet;
}

export type EncodeWork = (encoder: GPUCommandEncoder, reps: number, stamps: Stamps | undefined) => void;

/** A compute pass descriptor with timestamp writes at both ends, or only the start or the end. */
export function timedPass(label: string, stamps: Stamps | undefined, which: 'both' | 'begin' | 'end'): GPUComputePassDescriptor {
  if (!stamps) return { label };
  return {
    label,
    timestampWrites: {
      querySet: stamps.querySet,
      ...(which !== 'end' ? { beginningOfPassWriteIndex: 0 } : {}),
      ...(which !== 'begin' ? { endOfPassWriteIndex: 1 } : {}),
    },
  };
}

export interface GpuSampler {
  readonly method: TimingMethod;
  /** Milliseconds for one sample of `reps` repetitions. */
  sample(reps: number): Promise<number>;
  destroy(): void;
}

export class TimestampUnreliableError extends Error {
  override name = 'TimestampUnreliableError';
}

export function createSampler(device: GPUDevice, encode: EncodeWork, prefer: TimingMethod = 'timestamp-query'): GpuSampler {
  return prefer === 'timestamp-query' && device.features.has('timestamp-query')
    ? timestampSampler(device, encode)
    : wallClockSampler(device, encode);
}

function timestampSampler(device: GPUDevice, encode: EncodeWork): GpuSampler {
  const querySet = device.createQuerySet({ label: 'timing queries', type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({ label: 'timing resolve', size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ label: 'timing read', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  return {
    method: 'timestamp-query',
    async sample(reps) {
      const encoder = device.createCommandEncoder({ label: 'timed sample' });
      encode(encoder, reps, { querySet });
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, read, 0, 16);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const [t0, t1] = new BigInt64Array(read.getMappedRange().slice(0));
      read.unmap();
      const ns = Number((t1 ?? 0n) - (t0 ?? 0n));
      if (ns < 0) throw new TimestampUnreliableError(`GPU timestamps ran backwards (${ns} ns)`);
      return ns / 1e6;
    },
    destroy() {
      querySet.destroy();
      resolve.destroy();
      read.destroy();
    },
  };
}

function wallClockSampler(device: GPUDevice, encode: EncodeWork): GpuSampler {
  return {
    method: 'wall-clock',
    async sample(reps) {
      const encoder = device.createCommandEncoder({ label: 'timed sample' });
      encode(encoder, reps, undefined);
      const start = performance.now();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      return performance.now() - start;
    },
    destroy() {},
  };
}
