/**
 * A kernel's buffers on the GPU, and its work encoded for timing. Bandwidth
 * kernels get several copies of their buffers ("sets"), and successive
 * repetitions cycle through them, so that the working set outgrows every cache
 * and a copy is timed against device memory, not against L2.
 */
import type { CompiledKernel } from '../../gpu/compile';
import { createStorageBuffer, createUniformBuffer } from '../../gpu/buffers';
import { timedPass, type EncodeWork } from '../../gpu/timestamps';
import type { KernelPlan } from '../../kernels/plan';
import type { KernelSpec } from '../../kernels/spec';

/** Enough to spill the largest last-level caches shipping (a few hundred MiB). */
export const ROTATION_BYTES = 512 * 2 ** 20;
export const MAX_SETS = 8;

/** How many buffer sets a run cycles through while timing. */
export function rotationSets(spec: KernelSpec, plan: KernelPlan, rotate = spec.rotate ?? false): number {
  if (!rotate) return 1;
  const setBytes = plan.buffers.reduce((s, b) => s + b.bytes, 0);
  return Math.max(1, Math.min(MAX_SETS, Math.ceil(ROTATION_BYTES / setBytes)));
}

export interface BufferSet {
  readonly buffers: readonly GPUBuffer[];
  readonly bindGroup: GPUBindGroup | undefined;
}

/**
 * Allocate `count` sets; `fill(i)` gives each buffer's initial memory (the same
 * for every set). Every buffer made is pushed to `made` at once, so the caller
 * can free them even if a later allocation fails.
 */
export function allocateSets(
  device: GPUDevice,
  spec: KernelSpec,
  plan: KernelPlan,
  compiled: CompiledKernel | undefined,
  count: number,
  fill: (bufferIndex: number) => ArrayBuffer,
  made: GPUBuffer[],
): BufferSet[] {
  const contents = plan.buffers.map((_, i) => fill(i));
  const uniforms = plan.uniforms.map((u) => ({ binding: u.binding, buffer: createUniformBuffer(device, `${spec.id} uniforms @binding(${u.binding})`, u.data) }));
  for (const u of uniforms) made.push(u.buffer);
  return Array.from({ length: count }, (_, set) => {
    const buffers = plan.buffers.map((b, i) => {
      const gpu = createStorageBuffer(device, `${spec.id} ${b.spec.name}${set > 0 ? ` #${set}` : ''}`, b.bytes);
      made.push(gpu);
      device.queue.writeBuffer(gpu, 0, contents[i]!);
      return gpu;
    });
    if (!compiled) return { buffers, bindGroup: undefined };
    const entries: GPUBindGroupEntry[] = plan.buffers.flatMap((b, i) => (b.spec.binding === undefined ? [] : [{ binding: b.spec.binding, resource: { buffer: buffers[i]! } }]));
    for (const u of uniforms) entries.push({ binding: u.binding, resource: { buffer: u.buffer } });
    const bindGroup = device.createBindGroup({ label: `${spec.id} bind group${set > 0 ? ` #${set}` : ''}`, layout: compiled.layout, entries });
    return { buffers, bindGroup };
  });
}

/** The kernel's work, repetition r using set r mod sets.length, with timestamps where asked. */
export function encodeWork(spec: KernelSpec, plan: KernelPlan, compiled: CompiledKernel | undefined, sets: readonly BufferSet[]): EncodeWork {
  if (spec.copy) {
    const from = plan.buffers.findIndex((b) => b.spec.name === spec.copy!.from);
    const to = plan.buffers.findIndex((b) => b.spec.name === spec.copy!.to);
    const bytes = Math.min(plan.buffers[from]!.bytes, plan.buffers[to]!.bytes);
    return (encoder, reps, stamps) => {
      // Copies are not compute passes: empty passes around them carry the timestamps.
      if (stamps) encoder.beginComputePass(timedPass('timing start', stamps, 'begin')).end();
      for (let r = 0; r < reps; r++) {
        const set = sets[r % sets.length]!;
        encoder.copyBufferToBuffer(set.buffers[from]!, 0, set.buffers[to]!, 0, bytes);
      }
      if (stamps) encoder.beginComputePass(timedPass('timing end', stamps, 'end')).end();
    };
  }
  if (!compiled) throw new Error(`${spec.id} has dispatches but no compiled pipelines.`);
  const passes = plan.passes.map((p) => ({ pipeline: compiled.pipelines.get(p.entryPoint)!, workgroups: p.workgroups }));
  return (encoder, reps, stamps) => {
    const pass = encoder.beginComputePass(timedPass(`${spec.id} pass`, stamps, 'both'));
    for (let r = 0; r < reps; r++) {
      pass.setBindGroup(0, sets[r % sets.length]!.bindGroup!);
      for (const p of passes) {
        pass.setPipeline(p.pipeline);
        pass.dispatchWorkgroups(p.workgroups[0], p.workgroups[1], p.workgroups[2]);
      }
    }
    pass.end();
  };
}
