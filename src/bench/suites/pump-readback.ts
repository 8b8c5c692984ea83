/**
 * What the pump reads back after a run: every batch's sums, and the
 * timestamps written at the start and end of every batch's compute pass,
 * placed on the run's clock (performance.now() from its start).
 */
/** GPU begin/end times (ns, BigInt) to ms on the run's clock, placed so that no batch starts before it was submitted. */
export function placeStamps(stamps: BigInt64Array, submitted: readonly number[]): { start: number[]; end: number[] } | undefined {
  const base = stamps[0] ?? 0n;
  const start = submitted.map((_, i) => Number((stamps[2 * i] ?? 0n) - base) / 1e6);
  const end = submitted.map((_, i) => Number((stamps[2 * i + 1] ?? 0n) - base) / 1e6);
  // Timestamps that run backwards, or a pass that ends before it starts, are no clock to draw on.
  if (start.some((s, i) => end[i]! < s || (i > 0 && s < end[i - 1]! - 1e-3))) return undefined;
  const offset = Math.max(...submitted.map((s, i) => s - start[i]!));
  return { start: start.map((s) => s + offset), end: end.map((e) => e + offset) };
}

export async function readStamps(device: GPUDevice, querySet: GPUQuerySet, count: number): Promise<BigInt64Array> {
  const bytes = count * 8;
  const resolve = device.createBuffer({ label: 'pump timestamps', size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ label: 'pump timestamps read', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'pump timestamps' });
    encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const stamps = new BigInt64Array(read.getMappedRange().slice(0));
    read.unmap();
    return stamps;
  } finally {
    resolve.destroy();
    read.destroy();
  }
}

export async function readSums(device: GPUDevice, sums: GPUBuffer, bytes: number): Promise<Float32Array> {
  const read = device.createBuffer({ label: 'pump sums read', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'pump sums readback' });
    encoder.copyBufferToBuffer(sums, 0, read, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(read.getMappedRange().slice(0));
    read.unmap();
    return out;
  } finally {
    read.destroy();
  }
}
