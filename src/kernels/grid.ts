/**
 * Dispatch shapes shared by element-wise kernels. A 1-D problem of n elements
 * needs ceil(n / wg) workgroups, but one dimension holds at most 65535 of them
 * (WebGPU's default maxComputeWorkgroupsPerDimension), so the groups are laid
 * out on a 2-D grid and the shader folds (x, y) back into one index.
 */
import type { Expr } from './spec';

export const MAX_GROUPS_PER_DIM = 65535;

export function grid1d(n: string, wg: string): readonly [Expr, Expr, Expr] {
  const groups = `ceil((${n}) / (${wg}))`;
  return [`min(${groups}, ${MAX_GROUPS_PER_DIM})`, `ceil(${groups} / ${MAX_GROUPS_PER_DIM})`, 1];
}

/** Workgroup sizes offered for 1-D kernels. */
export const WG_1D = [32, 64, 128, 256, 512, 1024] as const;
