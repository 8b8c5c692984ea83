/**
 * Getting a device: the adapter's real limits (not WebGPU's defaults), the
 * optional features Kernel Lab can use, and a plain description for the UI
 * and for result records.
 */
import { KernelLabError } from './errors';

/** Optional features that change what Kernel Lab can do or how it measures. */
export const USEFUL_FEATURES = ['timestamp-query', 'subgroups', 'shader-f16'] as const satisfies readonly GPUFeatureName[];

/** The limits shown in the device panel, in the order a kernel author cares about. */
export const KEY_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxUniformBufferBindingSize',
] as const;

/** WebGPU's defaults, to show how far the adapter's real limits go beyond them. */
export const DEFAULT_LIMITS: Readonly<Record<(typeof KEY_LIMITS)[number], number>> = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
  maxUniformBufferBindingSize: 65536,
};

/** Every numeric limit an adapter may report; requested at the adapter's value. */
const ALL_LIMITS = [
  ...KEY_LIMITS,
  'maxTextureDimension1D', 'maxTextureDimension2D', 'maxTextureDimension3D', 'maxTextureArrayLayers',
  'maxBindGroups', 'maxBindGroupsPlusVertexBuffers', 'maxBindingsPerBindGroup',
  'maxDynamicUniformBuffersPerPipelineLayout', 'maxDynamicStorageBuffersPerPipelineLayout',
  'maxSampledTexturesPerShaderStage', 'maxSamplersPerShaderStage', 'maxStorageTexturesPerShaderStage',
  'maxUniformBuffersPerShaderStage', 'minUniformBufferOffsetAlignment', 'minStorageBufferOffsetAlignment',
  'maxVertexBuffers', 'maxVertexAttributes', 'maxVertexBufferArrayStride', 'maxInterStageShaderVariables',
  'maxColorAttachments', 'maxColorAttachmentBytesPerSample',
] as const;

export interface DeviceInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
}

export interface GpuContext {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  readonly info: DeviceInfo;
}

export const NO_WEBGPU_ADVICE =
  'Use a browser with WebGPU: Chrome or Edge 113+ on Windows, macOS or ChromeOS; Chrome on Linux with ' +
  'chrome://flags/#enable-unsafe-webgpu (and Vulkan) enabled; Safari 26+; or Firefox 141+ on Windows. ' +
  'The page must come from https:// or http://localhost. If WebGPU is there but no adapter is offered, ' +
  'check that hardware acceleration is on and the GPU is not blocklisted (chrome://gpu).';

export async function acquireGpu(gpu: GPU | undefined, powerPreference: GPUPowerPreference = 'high-performance'): Promise<GpuContext> {
  if (!gpu) {
    throw new KernelLabError('no-webgpu', 'This browser does not offer WebGPU (navigator.gpu is missing), so kernels cannot run here.');
  }
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (!adapter) {
    throw new KernelLabError('no-webgpu', 'WebGPU is present but offered no adapter: the GPU may be blocklisted, disabled, or busy.');
  }
  const requiredLimits: Record<string, number> = {};
  const adapterLimits = adapter.limits as unknown as Readonly<Record<string, number | undefined>>;
  for (const name of ALL_LIMITS) {
    const v = adapterLimits[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  const requiredFeatures = USEFUL_FEATURES.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ label: 'kernel-lab', requiredLimits, requiredFeatures });
  return { adapter, device, info: describeDevice(adapter, device) };
}

export function describeDevice(adapter: GPUAdapter, device: GPUDevice): DeviceInfo {
  const a = adapter.info;
  const limits: Record<string, number> = {};
  const deviceLimits = device.limits as unknown as Readonly<Record<string, number | undefined>>;
  for (const name of ALL_LIMITS) {
    const v = deviceLimits[name];
    if (typeof v === 'number') limits[name] = v;
  }
  return {
    vendor: a.vendor,
    architecture: a.architecture,
    device: a.device,
    description: a.description,
    // `isFallbackAdapter` moved from the adapter to its info; read both.
    isFallbackAdapter: Boolean((a as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter),
    features: [...device.features].sort(),
    limits,
  };
}

/** Identifies an adapter across sessions: measured ceilings are kept per adapter. */
export function adapterKey(info: Pick<DeviceInfo, 'vendor' | 'architecture' | 'device' | 'description'>): string {
  return [info.vendor, info.architecture, info.device, info.description].join('|');
}

/** "google swiftshader", "nvidia hopper", or the description when the rest is withheld. */
export function adapterName(info: DeviceInfo): string {
  const name = [info.vendor, info.architecture].filter(Boolean).join(' ');
  return name || info.description || info.device || 'unnamed adapter';
}
