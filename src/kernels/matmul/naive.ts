import source from '../../../shaders/matmul/naive.wgsl?raw';
import type { KernelSpec } from '../spec';
import { matmulReference, MATMUL_PARAMS } from './common';

const WG_2D = [1, 2, 4, 8, 16, 32, 64] as const;

export const matmulNaive: KernelSpec = {
  id: 'matmul/naive',
  family: 'matmul',
  title: 'Matmul, naive',
  summary: 'C = A·B with one invocation per output and every operand read from device memory. The baseline of the ladder.',
  source,
  params: MATMUL_PARAMS,
  constants: [
    { name: 'WG_X', default: 16, allowed: WG_2D, help: 'workgroup width (columns of C)' },
    { name: 'WG_Y', default: 16, allowed: WG_2D, help: 'workgroup height (rows of C)' },
  ],
  buffers: [
    { name: 'A', binding: 0, role: 'input', type: 'f32', length: 'M * K' },
    { name: 'B', binding: 1, role: 'input', type: 'f32', length: 'K * N' },
    { name: 'C', binding: 2, role: 'output', type: 'f32', length: 'M * N' },
  ],
  uniforms: {
    binding: 3,
    fields: [
      { name: 'M', type: 'u32', value: 'M' },
      { name: 'N', type: 'u32', value: 'N' },
      { name: 'K', type: 'u32', value: 'K' },
    ],
  },
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / WG_X)', 'ceil(M / WG_Y)', 1] }],
  cost: { flops: '2 * M * N * K', bytes: '4 * (M * K + K * N + M * N)' },
  reference: matmulReference,
  // f32 sums of K terms drift by about sqrt(K)·2⁻²⁴ relative; unwritten outputs stay NaN and fail anyway.
  tolerance: 3e-5,
  presets: { small: { M: 128, N: 128, K: 128 }, medium: { M: 512, N: 512, K: 512 }, large: { M: 1024, N: 1024, K: 1024 } },
};
