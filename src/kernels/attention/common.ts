/**
 * What the attention kernels share: shapes, buffers, the uniform, the rules
 * between parameters, the cost model's pieces and the float64 reference.
 *
 * Shapes (row-major f32):
 *   Q    [B, H, N, d]     queries: batch B, query heads H, query length N, head dimension d
 *   K, V [B, Hkv, L, d]   keys and values: Hkv heads (Hkv divides H, and query head h
 *                         reads key/value head ⌊h / (H / Hkv)⌋: grouped-query attention;
 *                         Hkv = H is plain multi-head), key/value length L
 *   O    [B, H, N, d]     output: O = softmax(Q·Kᵀ·scale [+ mask])·V, scale = 1/√d
 *   causal = 1: query i sits at position L − N + i (the queries are the last N of
 *   the L positions) and sees keys j ≤ L − N + i; so N ≤ L.
 * The head dimension d is a parameter, at most DMAX = 128 (the kernels that keep
 * a row of the output in registers or a tile in workgroup memory are sized for it).
 */
import type { BufferSpec, ExpectedWithTerms, HostArray, KernelSpec, ParamProblem, ParamSpec, Params, UniformSpec } from '../spec';

const D_MAX = 128;

const BATCH_HEAD_PARAMS: readonly ParamSpec[] = [
  { name: 'B', label: 'B (batch)', default: 1, min: 1, max: 64 },
  { name: 'H', label: 'H (query heads)', default: 4, min: 1, max: 128 },
  { name: 'Hkv', label: 'Hkv (key/value heads)', default: 2, min: 1, max: 128, help: 'divides H; fewer than H is grouped-query attention' },
];

const N_PARAM: ParamSpec = { name: 'N', label: 'N (query length)', default: 256, min: 1, max: 65536 };
const L_PARAM: ParamSpec = { name: 'L', label: 'L (key/value length)', default: 256, min: 1, max: 131072 };
const D_PARAM: ParamSpec = { name: 'd', label: 'd (head dimension)', default: 64, min: 1, max: D_MAX };
const CAUSAL_PARAM: ParamSpec = { name: 'causal', label: 'causal (0 or 1)', default: 0, min: 0, max: 1, help: '1: query i sees only keys up to its own position' };

export const ATTENTION_PARAMS: readonly ParamSpec[] = [...BATCH_HEAD_PARAMS, N_PARAM, L_PARAM, D_PARAM, CAUSAL_PARAM];
/** Decoding: one query per head (N = 1) that sees the whole cache. */
export const DECODE_PARAMS: readonly ParamSpec[] = [...BATCH_HEAD_PARAMS, { ...L_PARAM, default: 4096 }, D_PARAM];

const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((x) => n % x === 0);

/** Hkv must divide H; with the causal mask, the N queries must fit in the L positions. */
export function attentionParamProblems({ H = 1, Hkv = 1, N = 1, L = 1, causal = 0 }: Params): ParamProblem[] {
  const out: ParamProblem[] = [];
  if (H % Hkv !== 0) {
    out.push({ name: 'Hkv', message: `Hkv (key/value heads) must divide H (query heads), so that each key/value head serves H / Hkv query heads; with H = ${H} it can be ${divisors(H).join(', ')} (got ${Hkv}).` });
  }
  if (causal === 1 && N > L) {
    out.push({ name: 'N', message: `With causal = 1 the queries are the last N of the L positions, so N must be at most L = ${L} (got ${N}).` });
  }
  return out;
}

export const QKV_BUFFERS: readonly BufferSpec[] = [
  { name: 'Q', binding: 0, role: 'input', type: 'f32', length: 'B * H * N * d', dims: ['B * H * N', 'd'] },
  { name: 'K', binding: 1, role: 'input', type: 'f32', length: 'B * Hkv * L * d', dims: ['B * Hkv * L', 'd'] },
  { name: 'V', binding: 2, role: 'input', type: 'f32', length: 'B * Hkv * L * d', dims: ['B * Hkv * L', 'd'] },
  { name: 'O', binding: 3, role: 'output', type: 'f32', length: 'B * H * N * d', dims: ['B * H * N', 'd'] },
];

/** The uniform every attention shader declares (struct Shape); decoding passes N = 1 and no mask. */
export function shapeUniform(binding: number, n: string = 'N', causal: string = 'causal'): UniformSpec {
  return {
    binding,
    fields: [
      ...['B', 'H', 'Hkv'].map((name) => ({ name, type: 'u32' as const, value: name })),
      { name: 'N', type: 'u32', value: n },
      { name: 'L', type: 'u32', value: 'L' },
      { name: 'd', type: 'u32', value: 'd' },
      { name: 'causal', type: 'u32', value: causal },
      { name: 'scale', type: 'f32', value: '1 / sqrt(d)' },
    ],
  };
}

/** (query, key) pairs per head that the mask lets through: N·L, or with causal = 1, N·(L − N) + N(N + 1)/2. */
export const PAIRS = '(causal * (N * (L - N) + N * (N + 1) / 2) + (1 - causal) * N * L)';
/** FLOPs of the problem per visible pair: 2d for the score, 2d for P·V, 5 for scale, max, subtract, exp and sum; d divisions per row. */
export const ATTENTION_FLOPS = `B * H * (${PAIRS} * (4 * d + 5) + N * d)`;
/** Bytes every variant must move at least: Q and K and V read once, O written once. */
export const QKVO_BYTES = '4 * (2 * B * H * N * d + 2 * B * Hkv * L * d)';

/**
 * Attention in float64 from the f32 inputs, with a first-order bound on each
 * output's f32 error as its terms. Oᵢ = Σⱼ wⱼ·Vⱼ with wⱼ = exp(sⱼ − m) / Σ exp(sₖ − m),
 * sⱼ = scale·Qᵢ·Kⱼ over the keys query i sees. An f32 kernel's error has two
 * sources: the sum itself, of size Σⱼ wⱼ|Vⱼ| (which may nearly cancel), and
 * the scores: an error δⱼ in sⱼ moves O by wⱼ·δⱼ·(Vⱼ − O), and δⱼ grows with the
 * size of the dot product's terms, σⱼ = scale·Σ|QᵢₖKⱼₖ|, and, through exp
 * (3 + 2·|x| ULP in WGSL), with sⱼ's distance below the maximum. So
 * termsᵢ꜀ = Σⱼ wⱼ·(|Vⱼ꜀| + |Vⱼ꜀ − Oᵢ꜀|·(σⱼ + m − sⱼ)): large-magnitude scores are
 * judged by the rounding they really carry.
 */
export function attentionReference(inputs: Readonly<Record<string, HostArray>>, p: Params): { O: ExpectedWithTerms } {
  const { B = 1, H = 1, Hkv = 1, N = 1, L = 1, d = 1, causal = 0 } = p;
  const q = inputs.Q!;
  const k = inputs.K!;
  const v = inputs.V!;
  const scale = Math.fround(1 / Math.sqrt(d)); // the GPU sees an f32
  const values = new Float64Array(B * H * N * d);
  const terms = new Float64Array(B * H * N * d);
  const s = new Float64Array(L);
  const sigma = new Float64Array(L);
  const w = new Float64Array(L);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kvBase = (b * Hkv + Math.floor(h / (H / Hkv))) * L * d;
      for (let i = 0; i < N; i++) {
        const qRow = ((b * H + h) * N + i) * d;
        const seen = causal ? Math.min(L, i + 1 + L - N) : L;
        let m = -Infinity;
        for (let j = 0; j < seen; j++) {
          let dot = 0;
          let mag = 0;
          for (let c = 0; c < d; c++) {
            const x = q[qRow + c]! * k[kvBase + j * d + c]!;
            dot += x;
            mag += Math.abs(x);
          }
          s[j] = scale * dot;
          sigma[j] = scale * mag;
          m = Math.max(m, s[j]!);
        }
        let sum = 0;
        for (let j = 0; j < seen; j++) sum += (w[j] = Math.exp(s[j]! - m));
        for (let j = 0; j < seen; j++) w[j]! /= sum;
        for (let c = 0; c < d; c++) {
          let o = 0;
          for (let j = 0; j < seen; j++) o += w[j]! * v[kvBase + j * d + c]!;
          let t = 0;
          for (let j = 0; j < seen; j++) {
            const vj = v[kvBase + j * d + c]!;
            t += w[j]! * (Math.abs(vj) + Math.abs(vj - o) * (sigma[j]! + m - s[j]!));
          }
          values[qRow + c] = o;
          terms[qRow + c] = t;
        }
      }
    }
  }
  return { O: { values, terms } };
}

/** The fields of the three prefill variants (any N) in common; each adds its source, constants, passes and bytes. */
export const ATTENTION_COMMON = {
  family: 'attention',
  params: ATTENTION_PARAMS,
  checkParams: attentionParamProblems,
  reference: (inputs, params) => attentionReference(inputs, params),
  // Measured on SwiftShader: 1e-9 to 7e-8 of the terms, large-magnitude scores included; a
  // GPU's faster exp has room here, while a key too many or a missed rescale is off by far more.
  tolerance: 1e-5,
  presets: {
    small: { B: 1, H: 2, Hkv: 1, N: 200, L: 256, d: 64, causal: 1 },
    medium: { B: 1, H: 1, Hkv: 1, N: 1024, L: 1024, d: 64, causal: 0 },
    large: { B: 1, H: 1, Hkv: 1, N: 4096, L: 4096, d: 64, causal: 0 },
  },
} as const satisfies Partial<KernelSpec>;
