/**
 * The pump's kernel (shaders/pump/consume.wgsl): per batch, K dependent FMAs
 * on each value (a ← a·b + c) and one sum of ITEMS results per invocation,
 * kept per batch so a single readback checks every batch. b = 1 − 2⁻¹⁰ and c = 2⁻¹⁰ are exact in
 * f32 and make the chain a contraction towards 1, so its closed form
 * a_K = b^K·(a₀ − 1) + 1 gives a cheap float64 reference and the result
 * still depends on every input (a batch fed the wrong values fails).
 *
 * f32 rounding: each step adds at most one rounding, and the contraction
 * bounds what accumulates by min(K, 1/(1 − b)) roundings, about 6·10⁻⁵ of
 * |a|; summing ITEMS of them adds ITEMS more. The check allows 2·10⁻⁴ of
 * Σ|terms| per sum.
 */
import source from '../../../shaders/pump/consume.wgsl?raw';
import { compileKernel, type CompiledKernel } from '../../gpu/compile';

export const PUMP_SOURCE = source;
export const PUMP_B = 1 - 2 ** -10;
export const PUMP_C = 2 ** -10;
export const PUMP_WG = 256;
/** Values per invocation (the shader's ITEMS). */
export const PUMP_ITEMS = 16;
/** Values per workgroup. */
const CHUNK = PUMP_WG * PUMP_ITEMS;
export const PUMP_TOLERANCE = 2e-4;
/** Most workgroups in one dimension (WebGPU's default maxComputeWorkgroupsPerDimension): more fold into y. */
const MAX_GROUPS_PER_DIM = 65535;

/** Workgroups for a batch of `rows` rows. */
export const groupsFor = (rows: number): number => Math.max(1, Math.ceil(rows / CHUNK));

/** Sums a batch of `rows` rows keeps: one per invocation of its workgroups. */
export const sumsFor = (rows: number): number => groupsFor(rows) * PUMP_WG;

/** The dispatch grid for `groups` workgroups: x up to 65535, the rest in y. */
export const gridFor = (groups: number): [number, number] => [Math.min(groups, MAX_GROUPS_PER_DIM), Math.ceil(groups / MAX_GROUPS_PER_DIM)];

/** The uniform of one batch (Params in the shader: n, k, b, c, batch, perBatch; 32 bytes with padding). */
export function pumpUniform(rows: number, k: number, batch: number, perBatch: number): ArrayBuffer {
  const data = new ArrayBuffer(32);
  const u = new Uint32Array(data);
  const f = new Float32Array(data);
  u[0] = rows;
  u[1] = k;
  f[2] = PUMP_B;
  f[3] = PUMP_C;
  u[4] = batch;
  u[5] = perBatch;
  return data;
}

/** The compiled kernel (cached per device by compileKernel). */
export function compilePumpKernel(device: GPUDevice): Promise<CompiledKernel> {
  return compileKernel(device, {
    label: 'pump/consume',
    source,
    entryPoints: ['main'],
    constants: { WG: PUMP_WG, ITEMS: PUMP_ITEMS },
    layout: [
      { binding: 0, type: 'read-only-storage' },
      { binding: 1, type: 'storage' },
      { binding: 2, type: 'uniform' },
    ],
  });
}

/**
 * Expected sums of one batch in float64, and Σ|terms| per sum (what the tolerance scales with): value i goes to
 * invocation (⌊i / CHUNK⌋, i mod WG), as the shader reads them.
 */
export function pumpReference(values: ArrayLike<number>, k: number): { readonly sums: Float64Array; readonly terms: Float64Array } {
  const bk = PUMP_B ** k;
  const sums = new Float64Array(sumsFor(values.length));
  const terms = new Float64Array(sums.length);
  for (let i = 0; i < values.length; i++) {
    const a = bk * (values[i]! - 1) + 1;
    const slot = Math.floor(i / CHUNK) * PUMP_WG + (i % PUMP_WG);
    sums[slot]! += a;
    terms[slot]! += Math.abs(a);
  }
  return { sums, terms };
}

export interface PumpCheck {
  readonly correct: boolean;
  /** The largest |got − expected| / Σ|terms| over every sum of every batch. */
  readonly worstError: number;
  /** The first failing sum, in words. */
  readonly problem?: string;
}

/**
 * Checks the sums of every batch against the reference.
 * @param got all sums, batch-major (`perBatch` per batch)
 * @param batches each batch's input values, in order
 */
export function checkPumpSums(got: Float32Array, batches: readonly ArrayLike<number>[], k: number, perBatch: number): PumpCheck {
  let worst = 0;
  let problem: string | undefined;
  batches.forEach((values, b) => {
    const ref = pumpReference(values, k);
    for (let g = 0; g < ref.sums.length; g++) {
      const v = got[b * perBatch + g]!;
      const err = Math.abs(v - ref.sums[g]!) / Math.max(ref.terms[g]!, Number.MIN_VALUE);
      if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
      if (!(err <= PUMP_TOLERANCE) && problem === undefined) problem = `batch ${b}, sum ${g}: got ${v}, expected ${ref.sums[g]} (error ${Number.isNaN(err) ? 'NaN' : err.toExponential(2)} of Σ|terms|, tolerance ${PUMP_TOLERANCE})`;
    }
  });
  return { correct: problem === undefined, worstError: worst, ...(problem ? { problem } : {}) };
}
