/** What every matmul variant shares: the shape parameters and the float64 reference. */
import type { ParamSpec, Reference } from '../spec';

export const MATMUL_PARAMS: readonly ParamSpec[] = [
  { name: 'M', label: 'M (rows of A, C)', default: 256, min: 1, max: 8192 },
  { name: 'N', label: 'N (columns of B, C)', default: 256, min: 1, max: 8192 },
  { name: 'K', label: 'K (inner)', default: 256, min: 1, max: 8192 },
];

/** C = A·B in float64, row-major, i-k-j order so the inner loop runs along rows. */
export const matmulReference: Reference = ({ A, B }, { M = 0, N = 0, K = 0 }) => {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    const row = i * N;
    for (let k = 0; k < K; k++) {
      const aik = A![i * K + k]!;
      const bRow = k * N;
      for (let j = 0; j < N; j++) C[row + j]! += aik * B![bRow + j]!;
    }
  }
  return { C };
};
