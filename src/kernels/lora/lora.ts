/**
 * The LoRA family: a linear layer with a low-rank adapter (Hu et al., "LoRA:
 * Low-Rank Adaptation of Large Language Models", ICLR 2022), two ways.
 *   lora/unmerged  y = x·W + (x·A)·B, the adapter beside the frozen weights
 *   lora/merged    y = x·W', W' = W + A·B merged once beforehand
 * Shapes: x [M, K] (M tokens), W [K, N], A [K, r], B [r, N], y [M, N]; the
 * rank r is small (PEFT's default is 8). The α/r scaling is folded into B.
 *
 * Both are made from the same seed (loraInputs), so for one seed they get the
 * same x, W, A and B and their y agree up to the merge's rounding. The merge
 * is computed on the CPU, in float64 and rounded once to f32, as a serving
 * stack does when it loads an adapter; each reference uses what its kernel
 * received (W, A, B; or W'), so each check measures its kernel.
 */
import mergedSource from '../../../shaders/lora/merged.wgsl?raw';
import unmergedSource from '../../../shaders/lora/unmerged.wgsl?raw';
import { mulberry32 } from '../random';
import type { KernelSpec, ParamSpec, Reference } from '../spec';

const PARAMS: readonly ParamSpec[] = [
  { name: 'M', label: 'M (tokens: rows of x, y)', default: 64, min: 1, max: 8192 },
  { name: 'K', label: 'K (inputs: columns of x, rows of W)', default: 512, min: 1, max: 8192 },
  { name: 'N', label: 'N (outputs: columns of W, y)', default: 512, min: 1, max: 8192 },
  { name: 'r', label: 'r (rank of the adapter)', default: 8, min: 1, max: 256 },
];

export interface LoraInputs {
  readonly x: Float32Array;
  readonly W: Float32Array;
  readonly A: Float32Array;
  readonly B: Float32Array;
  /** W + A·B, in float64 and rounded once to f32. */
  readonly merged: Float32Array;
}

/**
 * x, W, A and B uniform in [−1, 1) from `seed`, and the merged W' = W + A·B
 * (each element Σₛ A[k, s]·B[s, n] added in float64, rounded once). The last
 * set made is kept (up to KEPT_WEIGHTS weights): a run asks for it once per check.
 */
export function loraInputs(M: number, K: number, N: number, r: number, seed: number): LoraInputs {
  const key = `${M}:${K}:${N}:${r}:${seed}`;
  if (last?.key === key) return last.made;
  const next = mulberry32((seed ^ 0x10a4ada7) >>> 0);
  const uniform = (n: number): Float32Array => Float32Array.from({ length: n }, () => 2 * next() - 1);
  const x = uniform(M * K);
  const W = uniform(K * N);
  const A = uniform(K * r);
  const B = uniform(r * N);
  const merged = new Float32Array(K * N);
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) {
      let delta = 0;
      for (let s = 0; s < r; s++) delta += A[k * r + s]! * B[s * N + n]!;
      merged[k * N + n] = W[k * N + n]! + delta;
    }
  }
  const made = { x, W, A, B, merged };
  // Large shapes are made again rather than held on to after the run.
  last = W.length <= KEPT_WEIGHTS ? { key, made } : undefined;
  return made;
}

/** The most weights loraInputs keeps between calls (64 MiB of f32 for W, as much again for W'). */
const KEPT_WEIGHTS = 1 << 24;

let last: { key: string; made: LoraInputs } | undefined;

/** y = x·W in float64 for x [M, K], W [K, N], row-major, with Σₖ|xᵢₖwₖⱼ| per element. */
function matmul64(x: ArrayLike<number>, W: ArrayLike<number>, M: number, K: number, N: number): { values: Float64Array; terms: Float64Array } {
  const values = new Float64Array(M * N);
  const terms = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const xv = x[i * K + k]!;
      for (let j = 0; j < N; j++) {
        const p = xv * W[k * N + j]!;
        values[i * N + j]! += p;
        terms[i * N + j]! += Math.abs(p);
      }
    }
  }
  return { values, terms };
}

/**
 * y = x·W + (x·A)·B in float64. The terms of the adapter's part are
 * Σₛ (Σₖ|xₖAₖₛ|)·|Bₛₙ|: the rounding of t = x·A in f32 carries into y.
 */
export const unmergedReference: Reference = ({ x, w, a, b }, { M = 0, K = 0, N = 0, r = 0 }) => {
  const y = matmul64(x!, w!, M, K, N);
  const t = matmul64(x!, a!, M, K, r);
  for (let i = 0; i < M; i++) {
    for (let s = 0; s < r; s++) {
      const tv = t.values[i * r + s]!;
      const tAbs = t.terms[i * r + s]!;
      for (let j = 0; j < N; j++) {
        const bv = b![s * N + j]!;
        y.values[i * N + j]! += tv * bv;
        y.terms[i * N + j]! += tAbs * Math.abs(bv);
      }
    }
  }
  return { y };
};

const mergedReference: Reference = ({ x, wm }, { M = 0, K = 0, N = 0 }) => ({ y: matmul64(x!, wm!, M, K, N) });

/** The shape uniform both shaders declare (struct Shape), at `binding`. */
const shapeUniform = (binding: number) => ({
  binding,
  fields: (['M', 'N', 'K', 'r'] as const).map((name) => ({ name, type: 'u32' as const, value: name })),
});

const COMMON = {
  family: 'lora',
  params: PARAMS,
  // f32 sums of K terms, as matmul.
  tolerance: 3e-5,
  presets: { small: { M: 16, K: 128, N: 128, r: 8 }, medium: { M: 256, K: 1024, N: 1024, r: 16 }, large: { M: 1024, K: 4096, N: 4096, r: 16 } },
} as const;

const TILE = { name: 'TILE', default: 16, allowed: [4, 8, 16], help: 'tile side: TILE×TILE invocations and outputs per workgroup' } as const;

export const loraUnmerged: KernelSpec = {
  ...COMMON,
  id: 'lora/unmerged',
  title: 'LoRA, unmerged',
  summary: 'y = x·W + (x·A)·B: the adapter kept beside the frozen weights, read and multiplied on every call (2·M·r·(K+N) more FLOPs).',
  source: unmergedSource,
  constants: [TILE, { name: 'WG', default: 64, allowed: [32, 64, 128, 256], help: 'invocations per workgroup of the down pass (t = x·A)' }],
  buffers: [
    { name: 'x', binding: 0, role: 'input', type: 'f32', length: 'M * K', dims: ['M', 'K'] },
    { name: 'w', binding: 1, role: 'input', type: 'f32', length: 'K * N', dims: ['K', 'N'] },
    { name: 'a', binding: 2, role: 'input', type: 'f32', length: 'K * r', dims: ['K', 'r'] },
    { name: 'b', binding: 3, role: 'input', type: 'f32', length: 'r * N', dims: ['r', 'N'] },
    { name: 't', binding: 4, role: 'scratch', type: 'f32', length: 'M * r', dims: ['M', 'r'] },
    { name: 'y', binding: 5, role: 'output', type: 'f32', length: 'M * N', dims: ['M', 'N'] },
  ],
  uniforms: shapeUniform(6),
  passes: [
    { entryPoint: 'down', workgroups: ['ceil(M * r / WG)', 1, 1], label: 't = x·A' },
    { entryPoint: 'main', workgroups: ['ceil(N / TILE)', 'ceil(M / TILE)', 1], label: 'y = x·W + t·B' },
  ],
  cost: {
    flops: '2 * M * K * N + 2 * M * r * (K + N)',
    // x, W, A, B read, y written, and t = x·A written and read back.
    bytes: '4 * (M * K + K * N + K * r + r * N + M * N) + 8 * M * r',
  },
  workgroupStorage: '8 * TILE * TILE',
  generate: ({ M = 0, K = 0, N = 0, r = 0 }, seed) => {
    const { x, W, A, B } = loraInputs(M, K, N, r, seed);
    return { x, w: W, a: A, b: B };
  },
  reference: unmergedReference,
};

export const loraMerged: KernelSpec = {
  ...COMMON,
  id: 'lora/merged',
  title: 'LoRA, merged',
  summary: "y = x·W' with W' = W + A·B merged once on the CPU: a plain tiled matmul, no cost for the adapter, one adapter per copy of W.",
  source: mergedSource,
  constants: [TILE],
  buffers: [
    { name: 'x', binding: 0, role: 'input', type: 'f32', length: 'M * K', dims: ['M', 'K'] },
    { name: 'wm', binding: 1, role: 'input', type: 'f32', length: 'K * N', dims: ['K', 'N'] },
    { name: 'y', binding: 2, role: 'output', type: 'f32', length: 'M * N', dims: ['M', 'N'] },
  ],
  uniforms: shapeUniform(3),
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / TILE)', 'ceil(M / TILE)', 1] }],
  cost: { flops: '2 * M * K * N', bytes: '4 * (M * K + K * N + M * N)' },
  workgroupStorage: '8 * TILE * TILE',
  generate: ({ M = 0, K = 0, N = 0, r = 0 }, seed) => {
    const { x, merged } = loraInputs(M, K, N, r, seed);
    return { x, wm: merged };
  },
  reference: mergedReference,
};
