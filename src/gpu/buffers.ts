/** Buffer helpers: every buffer labelled, every readback mapped exactly once. */

// GPUBufferUsage is read inside functions, never at import: a browser without
// WebGPU must still be able to load this module and say so.
export function createStorageBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  return device.createBuffer({ label, size: alignTo4(bytes), usage });
}

export function createUniformBuffer(device: GPUDevice, label: string, data: ArrayBuffer): GPUBuffer {
  const buffer = device.createBuffer({ label, size: data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

export function alignTo4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}

/**
 * Copy buffers back to the CPU in one submission. Each staging buffer is mapped
 * once and its range read once (Dawn refuses a second overlapping read).
 */
export async function readBuffers(device: GPUDevice, sources: readonly { readonly buffer: GPUBuffer; readonly bytes: number }[]): Promise<ArrayBuffer[]> {
  const encoder = device.createCommandEncoder({ label: 'readback' });
  const staging = sources.map((s) => {
    const size = alignTo4(s.bytes);
    const b = device.createBuffer({ label: `${s.buffer.label} readback`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    encoder.copyBufferToBuffer(s.buffer, 0, b, 0, size);
    return b;
  });
  device.queue.submit([encoder.finish()]);
  try {
    return await Promise.all(
      staging.map(async (b, i) => {
        await b.mapAsync(GPUMapMode.READ);
        const copy = b.getMappedRange().slice(0, sources[i]!.bytes);
        b.unmap();
        return copy;
      }),
    );
  } finally {
    for (const b of staging) b.destroy();
  }
}
