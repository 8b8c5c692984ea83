/**
 * Refuse a run that the device cannot hold before anything is allocated, and
 * name the limit that stands in the way. Pure: takes the device's limits.
 */
import { LimitError } from './errors';

export type LimitsLike = Readonly<Record<string, number | undefined>> | GPUSupportedLimits;

export interface ResourceRequest {
  readonly storageBuffers: readonly { readonly name: string; readonly bytes: number }[];
  readonly uniformBytes?: number;
  readonly dispatches: readonly { readonly label: string; readonly workgroups: readonly [number, number, number] }[];
  readonly workgroupSizes: readonly { readonly entryPoint: string; readonly size: readonly [number, number, number] }[];
  readonly workgroupStorageBytes?: number;
}

function limit(limits: LimitsLike, name: string): number {
  const v = (limits as Readonly<Record<string, number | undefined>>)[name];
  return typeof v === 'number' ? v : Number.POSITIVE_INFINITY;
}

/** Every limit the request breaks, most fundamental first; empty when it fits. */
export function checkLimits(limits: LimitsLike, req: ResourceRequest): LimitError[] {
  const out: LimitError[] = [];
  const over = (name: string, needed: number, what: string): void => {
    const allowed = limit(limits, name);
    if (needed > allowed) out.push(new LimitError(name, needed, allowed, what));
  };
  for (const b of req.storageBuffers) {
    over('maxBufferSize', b.bytes, `Buffer ${b.name}`);
    over('maxStorageBufferBindingSize', b.bytes, `Buffer ${b.name}`);
  }
  if (req.uniformBytes !== undefined) over('maxUniformBufferBindingSize', req.uniformBytes, 'The uniform block');
  over('maxStorageBuffersPerShaderStage', req.storageBuffers.length, 'The kernel');
  for (const d of req.dispatches) {
    d.workgroups.forEach((n, axis) => over('maxComputeWorkgroupsPerDimension', n, `Pass ${d.label} (workgroups along ${'xyz'[axis]})`));
  }
  if (req.workgroupStorageBytes) over('maxComputeWorkgroupStorageSize', req.workgroupStorageBytes, "The kernel's workgroup memory");
  for (const w of req.workgroupSizes) {
    const [x, y, z] = w.size;
    over('maxComputeWorkgroupSizeX', x, `Entry point ${w.entryPoint} (workgroup size x)`);
    over('maxComputeWorkgroupSizeY', y, `Entry point ${w.entryPoint} (workgroup size y)`);
    over('maxComputeWorkgroupSizeZ', z, `Entry point ${w.entryPoint} (workgroup size z)`);
    over('maxComputeInvocationsPerWorkgroup', x * y * z, `Entry point ${w.entryPoint} (${x}×${y}×${z} invocations)`);
  }
  return out;
}

/**
 * What a person changes to get under a limit: the workgroup's shape or
 * memory (the `override` constants, usually), the problem's sizes, or the
 * kernel's bindings. The page puts the message beside those fields.
 */
export function limitRemedy(name: string): 'workgroup' | 'sizes' | 'bindings' {
  if (/^maxComputeWorkgroupSize|^maxComputeInvocationsPerWorkgroup$|^maxComputeWorkgroupStorageSize$/.test(name)) return 'workgroup';
  if (name.endsWith('PerShaderStage')) return 'bindings';
  return 'sizes';
}
