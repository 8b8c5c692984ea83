/**
 * The arithmetic ceiling (FMA chains) and the intensity sweep (K FMAs per
 * element read). Both iterate a ← a·b + c with b = c = ½ from a uniform, whose
 * closed form a_k = ½ᵏ(a₀ − 1) + 1 makes the float64 reference cheap at any K.
 */
import fmaF16Source from '../../../shaders/compute/fma-f16.wgsl?raw';
import fmaSource from '../../../shaders/compute/fma.wgsl?raw';
import intensitySource from '../../../shaders/bandwidth/intensity.wgsl?raw';
import { evaluate } from '../expr';
import { grid1d, WG_1D } from '../grid';
import type { KernelSpec, Reference } from '../spec';

const B = 0.5;
const C = 0.5;
/** a after k steps of a ← a·b + c, from a0 (b = c = ½: the fixed point is 1). */
export const chain = (a0: number, k: number): number => B ** k * (a0 - C / (1 - B)) + C / (1 - B);

const fmaReference: Reference = ({ x }, { T = 0, ITERS = 0 }, { ILP: ilp = 8 }) => {
  const y = new Float64Array(4 * T);
  for (let i = 0; i < y.length; i++) {
    let sum = 0;
    for (let j = 0; j < ilp; j++) sum += chain(x![i]! + j, ITERS);
    y[i] = sum;
  }
  return { y };
};

const fmaSpec = (f16: boolean): KernelSpec => ({
  id: f16 ? 'compute/fma-f16' : 'compute/fma',
  family: 'compute',
  title: f16 ? 'FMA chains (f16)' : 'FMA chains (f32)',
  summary: `ILP independent chains of vec4 FMAs per invocation${f16 ? ' in half precision' : ''}: the arithmetic peak, with almost no memory traffic.`,
  source: f16 ? fmaF16Source : fmaSource,
  params: [
    { name: 'T', label: 'T (invocations)', default: 1 << 16, min: 1, max: 1 << 24 },
    { name: 'ITERS', label: 'ITERS (steps per chain)', default: 1024, min: 1, max: 1 << 16 },
  ],
  constants: [
    { name: 'WG', default: 256, allowed: WG_1D, help: 'invocations per workgroup' },
    { name: 'ILP', default: 8, allowed: [1, 2, 4, 8], help: 'independent chains per invocation' },
  ],
  buffers: [
    { name: 'x', binding: 0, role: 'input', type: 'f32', length: '4 * T' },
    { name: 'y', binding: 1, role: 'output', type: 'f32', length: '4 * T' },
  ],
  uniforms: {
    binding: 2,
    fields: [
      { name: 'threads', type: 'u32', value: 'T' },
      { name: 'iters', type: 'u32', value: 'ITERS' },
      { name: 'b', type: 'f32', value: B },
      { name: 'c', type: 'f32', value: C },
    ],
  },
  passes: [{ entryPoint: 'main', workgroups: grid1d('T', 'WG') }],
  cost: { flops: '8 * ILP * ITERS * T', bytes: '32 * T' },
  reference: fmaReference,
  // Chains contract towards 1, so rounding does not grow; f16 starts from rounded inputs.
  tolerance: f16 ? 5e-3 : 1e-5,
  presets: {
    small: { T: 1 << 12, ITERS: 256 },
    medium: { T: 1 << 18, ITERS: 1024 },
    large: { T: 1 << 20, ITERS: 4096 },
  },
  ...(f16 ? { requiredFeatures: ['shader-f16'] as const } : {}),
});

export const fma = fmaSpec(false);
export const fmaF16 = fmaSpec(true);

export const intensity: KernelSpec = {
  id: 'bandwidth/intensity',
  family: 'bandwidth',
  title: 'Intensity sweep',
  summary: 'Read a float, do K FMAs on it, write it: K/4 FLOP per byte. Sweep K from memory-bound to compute-bound.',
  source: intensitySource,
  params: [
    { name: 'N', label: 'N (elements)', default: 1 << 22, min: 1, max: 1 << 28 },
    { name: 'K', label: 'K (FMAs per element)', default: 64, min: 0, max: 1 << 16 },
  ],
  constants: [{ name: 'WG', default: 256, allowed: WG_1D, help: 'invocations per workgroup' }],
  buffers: [
    { name: 'x', binding: 0, role: 'input', type: 'f32', length: '4 * ceil(N / 4)' },
    { name: 'y', binding: 1, role: 'output', type: 'f32', length: '4 * ceil(N / 4)' },
  ],
  uniforms: {
    binding: 2,
    fields: [
      { name: 'n4', type: 'u32', value: 'ceil(N / 4)' },
      { name: 'k', type: 'u32', value: 'K' },
      { name: 'b', type: 'f32', value: B },
      { name: 'c', type: 'f32', value: C },
    ],
  },
  passes: [{ entryPoint: 'main', workgroups: grid1d('ceil(N / 4)', 'WG') }],
  cost: { flops: '8 * K * ceil(N / 4)', bytes: '32 * ceil(N / 4)' },
  reference: ({ x }, { K = 0 }) => ({ y: Float64Array.from(x!, (v) => chain(v, K)) }),
  tolerance: 1e-6,
  rotate: true,
  presets: { small: { N: 1 << 16, K: 64 }, medium: { N: 1 << 22, K: 64 }, large: { N: 1 << 24, K: 64 } },
};

/** FLOP per byte per FMA of the intensity kernel, from its cost model (8K FLOPs per 32 bytes: K/4). */
const FLOP_PER_BYTE_PER_K = evaluate(intensity.cost.flops, { K: 1, N: 4 }) / evaluate(intensity.cost.bytes, { K: 1, N: 4 });

/** The intensity kernel's arithmetic intensity at K FMAs per element. */
export const intensityAtK = (K: number): number => K * FLOP_PER_BYTE_PER_K;

/** The K at which the intensity kernel reaches `flopPerByte` (the ridge's K, on the intensity sweep). */
export const kAtIntensity = (flopPerByte: number): number => flopPerByte / FLOP_PER_BYTE_PER_K;
