import source from '../../../shaders/matmul/naive.wgsl?raw';
import type { KernelSpec } from '../spec';
import { MATMUL_COMMON } from './common';

const WG_2D = [1, 2, 4, 8, 16, 32, 64] as const;

export const matmulNaive: KernelSpec = {
  ...MATMUL_COMMON,
  id: 'matmul/naive',
  title: 'Matmul, naive',
  summary: 'C = A·B with one invocation per output and every operand read from device memory. The baseline of the ladder.',
  source,
  constants: [
    { name: 'WG_X', default: 16, allowed: WG_2D, help: 'workgroup width (columns of C)' },
    { name: 'WG_Y', default: 16, allowed: WG_2D, help: 'workgroup height (rows of C)' },
  ],
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / WG_X)', 'ceil(M / WG_Y)', 1] }],
};
