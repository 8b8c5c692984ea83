/** What every matmul variant shares: shapes, buffers, uniforms, cost model and the float64 reference. */
import { evaluate } from '../expr';
import type { BufferSpec, KernelSpec, ParamSpec, Params, Reference } from '../spec';

export const MATMUL_PARAMS: readonly ParamSpec[] = [
  { name: 'M', label: 'M (rows of A, C)', default: 256, min: 1, max: 8192 },
  { name: 'N', label: 'N (columns of B, C)', default: 256, min: 1, max: 8192 },
  { name: 'K', label: 'K (inner)', default: 256, min: 1, max: 8192 },
];

export const MATMUL_BUFFERS: readonly BufferSpec[] = [
  { name: 'A', binding: 0, role: 'input', type: 'f32', length: 'M * K', dims: ['M', 'K'] },
  { name: 'B', binding: 1, role: 'input', type: 'f32', length: 'K * N', dims: ['K', 'N'] },
  { name: 'C', binding: 2, role: 'output', type: 'f32', length: 'M * N', dims: ['M', 'N'] },
];

/**
 * C = A·B in float64, row-major, i-k-j order so the inner loop runs along rows;
 * with Σₖ|aᵢₖbₖⱼ| per element, the size a dot product's f32 rounding scales with.
 */
export const matmulReference: Reference = ({ A, B }, { M = 0, N = 0, K = 0 }) => {
  const C = new Float64Array(M * N);
  const terms = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    const row = i * N;
    for (let k = 0; k < K; k++) {
      const aik = A![i * K + k]!;
      const absA = Math.abs(aik);
      const bRow = k * N;
      for (let j = 0; j < N; j++) {
        const b = B![bRow + j]!;
        C[row + j]! += aik * b;
        terms[row + j]! += absA * Math.abs(b);
      }
    }
  }
  return { C: { values: C, terms } };
};

/** The fields every variant has in common; each adds its source, constants and dispatch. */
export const MATMUL_COMMON = {
  family: 'matmul',
  params: MATMUL_PARAMS,
  buffers: MATMUL_BUFFERS,
  uniforms: {
    binding: 3,
    fields: [
      { name: 'M', type: 'u32', value: 'M' },
      { name: 'N', type: 'u32', value: 'N' },
      { name: 'K', type: 'u32', value: 'K' },
    ],
  },
  cost: { flops: '2 * M * N * K', bytes: '4 * (M * K + K * N + M * N)' },
  reference: matmulReference,
  // f32 sums of K terms drift by about sqrt(K)·2⁻²⁴ of Σ|terms|; unwritten outputs stay NaN and fail anyway.
  tolerance: 3e-5,
  presets: { small: { M: 128, N: 128, K: 128 }, medium: { M: 512, N: 512, K: 512 }, large: { M: 1024, N: 1024, K: 1024 } },
} as const satisfies Partial<KernelSpec>;

/** The cost model at one shape: FLOPs and minimum bytes of C = A·B, for a matmul that is not one of ours (the TF.js peer). */
export function matmulCost(params: Params): { readonly flops: number; readonly bytes: number } {
  return { flops: evaluate(MATMUL_COMMON.cost.flops, params), bytes: evaluate(MATMUL_COMMON.cost.bytes, params) };
}
