/**
 * The bandwidth probes beside the plain copy: wider accesses, read-only,
 * write-only, strided, and the driver's own copy as the yardstick.
 */
import copyVec4Source from '../../../shaders/bandwidth/copy-vec4.wgsl?raw';
import fillSource from '../../../shaders/bandwidth/fill.wgsl?raw';
import nativeCopySource from '../../../shaders/bandwidth/native-copy.wgsl?raw';
import reduceSource from '../../../shaders/bandwidth/reduce.wgsl?raw';
import stridedSource from '../../../shaders/bandwidth/strided.wgsl?raw';
import { grid1d, WG_1D } from '../grid';
import type { KernelSpec, ParamSpec } from '../spec';

const N_PARAM: ParamSpec = { name: 'N', label: 'N (elements)', default: 1 << 22, min: 1, max: 1 << 28 };
const PRESETS = { small: { N: 1 << 18 }, medium: { N: 1 << 24 }, large: { N: 1 << 26 } };
const WG = { name: 'WG', default: 256, allowed: WG_1D, help: 'invocations per workgroup' } as const;

export const copyVec4: KernelSpec = {
  id: 'bandwidth/copy-vec4',
  family: 'bandwidth',
  title: 'Copy (vec4)',
  summary: 'dst = src, sixteen bytes per invocation: usually the fastest copy a shader can write.',
  source: copyVec4Source,
  params: [N_PARAM],
  constants: [WG],
  buffers: [
    { name: 'src', binding: 0, role: 'input', type: 'f32', length: '4 * ceil(N / 4)' },
    { name: 'dst', binding: 1, role: 'output', type: 'f32', length: '4 * ceil(N / 4)' },
  ],
  uniforms: { binding: 2, fields: [{ name: 'n4', type: 'u32', value: 'ceil(N / 4)' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('ceil(N / 4)', 'WG') }],
  cost: { flops: 0, bytes: '32 * ceil(N / 4)' },
  reference: ({ src }) => ({ dst: Float64Array.from(src!) }),
  tolerance: 0,
  rotate: true,
  presets: PRESETS,
};

export const reduce: KernelSpec = {
  id: 'bandwidth/reduce',
  family: 'bandwidth',
  title: 'Reduce (read-only)',
  summary: 'Partial sums of chunks of WG·ITEMS floats: nearly every byte is a read.',
  source: reduceSource,
  params: [N_PARAM],
  constants: [
    { name: 'WG', default: 256, allowed: [64, 128, 256, 512, 1024], help: 'invocations per workgroup (a power of two)' },
    { name: 'ITEMS', default: 16, allowed: [1, 2, 4, 8, 16, 32, 64], help: 'elements each invocation reads' },
  ],
  buffers: [
    { name: 'src', binding: 0, role: 'input', type: 'f32', length: 'N' },
    { name: 'partial', binding: 1, role: 'output', type: 'f32', length: 'ceil(N / (WG * ITEMS))' },
  ],
  uniforms: { binding: 2, fields: [{ name: 'n', type: 'u32', value: 'N' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('N', 'WG * ITEMS') }],
  cost: { flops: 'N', bytes: '4 * N + 4 * ceil(N / (WG * ITEMS))' },
  reference: ({ src }, { N = 0 }, { WG: wg = 256, ITEMS: items = 16 }) => {
    const chunk = wg * items;
    const values = new Float64Array(Math.ceil(N / chunk));
    const terms = new Float64Array(values.length);
    for (let i = 0; i < N; i++) {
      values[Math.floor(i / chunk)]! += src![i]!;
      terms[Math.floor(i / chunk)]! += Math.abs(src![i]!);
    }
    return { partial: { values, terms } };
  },
  // A partial sum can nearly cancel: its f32 error scales with Σ|x| (the terms), not with the sum.
  tolerance: 1e-5,
  rotate: true,
  presets: PRESETS,
};

export const fill: KernelSpec = {
  id: 'bandwidth/fill',
  family: 'bandwidth',
  title: 'Fill (write-only)',
  summary: 'dst = value: nothing is read, every byte moved is a write.',
  source: fillSource,
  params: [N_PARAM, { name: 'value', default: 1.5, min: -1e30, max: 1e30, integer: false }],
  constants: [WG],
  buffers: [{ name: 'dst', binding: 0, role: 'output', type: 'f32', length: 'N' }],
  uniforms: { binding: 1, fields: [{ name: 'n', type: 'u32', value: 'N' }, { name: 'value', type: 'f32', value: 'value' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('N', 'WG') }],
  cost: { flops: 0, bytes: '4 * N' },
  reference: (_, { N = 0, value = 0 }) => ({ dst: new Float64Array(N).fill(Math.fround(value)) }),
  tolerance: 0,
  rotate: true,
  presets: { small: { N: 1 << 18, value: 1.5 }, medium: { N: 1 << 24, value: 1.5 }, large: { N: 1 << 26, value: 1.5 } },
};

export const strided: KernelSpec = {
  id: 'bandwidth/strided',
  family: 'bandwidth',
  title: 'Strided read',
  summary: 'dst[i] = src[i·S]. Raise S and watch coalescing fall apart: only the useful bytes count.',
  source: stridedSource,
  params: [
    { name: 'N', label: 'N (elements read)', default: 1 << 20, min: 1, max: 1 << 26 },
    { name: 'S', label: 'S (stride, elements)', default: 1, min: 1, max: 1024 },
  ],
  constants: [WG],
  buffers: [
    { name: 'src', binding: 0, role: 'input', type: 'f32', length: 'N * S' },
    { name: 'dst', binding: 1, role: 'output', type: 'f32', length: 'N' },
  ],
  uniforms: { binding: 2, fields: [{ name: 'n', type: 'u32', value: 'N' }, { name: 'stride', type: 'u32', value: 'S' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('N', 'WG') }],
  cost: { flops: 0, bytes: '8 * N' },
  reference: ({ src }, { N = 0, S = 1 }) => {
    const dst = new Float64Array(N);
    for (let i = 0; i < N; i++) dst[i] = src![i * S]!;
    return { dst };
  },
  tolerance: 0,
  rotate: true,
  presets: { small: { N: 1 << 16, S: 1 }, medium: { N: 1 << 22, S: 1 }, large: { N: 1 << 24, S: 1 } },
};

export const nativeCopy: KernelSpec = {
  id: 'bandwidth/native-copy',
  family: 'bandwidth',
  title: 'copyBufferToBuffer (driver)',
  summary: "The driver's own buffer copy, timed like a kernel: the yardstick for every copy kernel. No shader.",
  source: nativeCopySource,
  params: [N_PARAM],
  constants: [],
  buffers: [
    { name: 'src', role: 'input', type: 'f32', length: 'N' },
    { name: 'dst', role: 'output', type: 'f32', length: 'N' },
  ],
  passes: [],
  copy: { from: 'src', to: 'dst' },
  cost: { flops: 0, bytes: '8 * N' },
  reference: ({ src }) => ({ dst: Float64Array.from(src!) }),
  tolerance: 0,
  rotate: true,
  presets: PRESETS,
};
