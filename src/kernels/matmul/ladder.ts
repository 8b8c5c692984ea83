/**
 * The matmul ladder above the naive kernel: workgroup tiles, register blocks,
 * vec4 traffic, and, where the adapter has them, subgroup shuffles and f16
 * tiles. Same shapes, same buffers, same float64 reference.
 */
import f16Source from '../../../shaders/matmul/f16.wgsl?raw';
import registerBlockedSource from '../../../shaders/matmul/register-blocked.wgsl?raw';
import subgroupsSource from '../../../shaders/matmul/subgroups.wgsl?raw';
import tiledSource from '../../../shaders/matmul/tiled.wgsl?raw';
import vec4Source from '../../../shaders/matmul/vec4.wgsl?raw';
import { splitExpected, type BufferSpec, type KernelSpec, type Reference } from '../spec';
import { MATMUL_COMMON, matmulReference } from './common';

const BLOCK = [16, 32, 64, 128] as const;
const DEPTH = [4, 8, 16, 32] as const;
const BLOCK_CONSTANTS = [
  { name: 'BM', default: 64, allowed: BLOCK, help: 'rows of C per workgroup' },
  { name: 'BN', default: 64, allowed: BLOCK, help: 'columns of C per workgroup' },
  { name: 'BK', default: 16, allowed: DEPTH, help: 'depth of each staged step along K' },
] as const;

export const matmulTiled: KernelSpec = {
  ...MATMUL_COMMON,
  id: 'matmul/tiled',
  title: 'Matmul, workgroup-tiled',
  summary: 'TILE×TILE tiles of A and B staged in workgroup memory: each element loaded from device memory is used TILE times.',
  source: tiledSource,
  constants: [{ name: 'TILE', default: 16, allowed: [4, 8, 16], help: 'tile edge; the workgroup is TILE×TILE' }],
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / TILE)', 'ceil(M / TILE)', 1] }],
  workgroupStorage: '8 * TILE * TILE',
};

export const matmulRegisterBlocked: KernelSpec = {
  ...MATMUL_COMMON,
  id: 'matmul/register-blocked',
  title: 'Matmul, register-blocked',
  summary: 'Each invocation computes a 4×4 block of C in registers from BM×BK and BK×BN tiles: 16 multiply-adds per 8 values read.',
  source: registerBlockedSource,
  constants: BLOCK_CONSTANTS,
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / BN)', 'ceil(M / BM)', 1] }],
  workgroupStorage: '4 * (BM * BK + BK * BN)',
};

/** A and B get one spare vec4 (reads of four floats may straddle two); C is whole vec4s, padding zeroed. */
const VEC4_BUFFERS: readonly BufferSpec[] = [
  { name: 'A', binding: 0, role: 'input', type: 'f32', length: '4 * ceil(M * K / 4) + 4', dims: ['M', 'K'] },
  { name: 'B', binding: 1, role: 'input', type: 'f32', length: '4 * ceil(K * N / 4) + 4', dims: ['K', 'N'] },
  { name: 'C', binding: 2, role: 'output', type: 'f32', length: '4 * ceil(M * N / 4)', dims: ['M', 'N'] },
];

const paddedReference: Reference = (inputs, params, constants) => {
  const { expected, terms } = splitExpected(matmulReference(inputs, params, constants).C!);
  const pad = (a: Float64Array): Float64Array => {
    const out = new Float64Array(4 * Math.ceil(a.length / 4));
    out.set(a);
    return out;
  };
  return { C: terms ? { values: pad(expected), terms: pad(terms) } : pad(expected) };
};

export const matmulVec4: KernelSpec = {
  ...MATMUL_COMMON,
  id: 'matmul/vec4',
  title: 'Matmul, register-blocked vec4',
  summary: 'Register blocks with every device-memory load and aligned store a 16-byte vec4, and vec4 FMAs; any shape.',
  source: vec4Source,
  buffers: VEC4_BUFFERS,
  constants: BLOCK_CONSTANTS,
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / BN)', 'ceil(M / BM)', 1] }],
  workgroupStorage: '4 * (BM * BK + BK * BN)',
  reference: paddedReference,
};

export const matmulSubgroups: KernelSpec = {
  ...MATMUL_COMMON,
  id: 'matmul/subgroups',
  title: 'Matmul, subgroup shuffles',
  summary: 'One invocation per output, with each row of A read once per subgroup and passed between lanes by subgroupShuffle.',
  source: subgroupsSource,
  constants: [{ name: 'WG', default: 64, allowed: [64, 128, 256], help: 'invocations per workgroup (one row of C)' }],
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / WG)', 'M', 1] }],
  requiredFeatures: ['subgroups'],
};

export const matmulF16: KernelSpec = {
  ...MATMUL_COMMON,
  id: 'matmul/f16',
  title: 'Matmul, f16 tiles',
  summary: 'The tiled kernel with tiles and products in half precision and sums in f32.',
  source: f16Source,
  constants: [{ name: 'TILE', default: 16, allowed: [4, 8, 16], help: 'tile edge; the workgroup is TILE×TILE' }],
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / TILE)', 'ceil(M / TILE)', 1] }],
  workgroupStorage: '4 * TILE * TILE',
  // Inputs rounded to f16 (2⁻¹¹ relative) before multiplying.
  tolerance: 3e-3,
  requiredFeatures: ['shader-f16'],
};

