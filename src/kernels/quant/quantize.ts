/**
 * Weight-only quantization with per-group scales, on the CPU: how the quant
 * kernels' packed weights and scales are made from f32 weights, and read back.
 *
 * Format (both widths): W is [N, K] row-major (N outputs, K inputs), cut
 * along K into groups of G weights; each (row, group) has one f32 scale.
 * Symmetric, no zero point: s = max|w| over the group / qmax, with qmax = 127
 * for int8 and 7 for int4, and q = clamp(round(w / s), −qmax, qmax) (round
 * to nearest, ties away from zero; −128 and −8 are never used, so the grid is
 * symmetric about 0). The dequantized weight is q·s. A group of zeros has
 * s = 0 and q = 0.
 *
 * Packing, little-endian within a u32, rows starting on a word boundary:
 * - int8: four to a word, weight k in byte k mod 4 (bits 8·(k mod 4) …),
 *   as a two's-complement byte;
 * - int4: eight to a word, weight k in nibble k mod 8 (bits 4·(k mod 8) …,
 *   the lowest nibble first), stored offset by 8 (q + 8 ∈ [1, 15]), so the
 *   kernel reads q = nibble − 8.
 *
 * This is the layout of GGML's Q4_0/Q8_0 blocks and of GPTQ/AWQ-style
 * group-wise scales, simplified: f32 scales, no zero points (see Dettmers et
 * al., "LLM.int8()", 2022, and Frantar et al., "GPTQ", ICLR 2023, for why
 * groups along K keep the error small).
 */
import { mulberry32 } from '../random';

export type QuantBits = 8 | 4;

/** Weights per u32 word, and the largest |q|, by width. */
export const PER_WORD: Readonly<Record<QuantBits, number>> = { 8: 4, 4: 8 };
export const Q_MAX: Readonly<Record<QuantBits, number>> = { 8: 127, 4: 7 };

export interface QuantizedWeights {
  /** [N, K / PER_WORD] words, row-major. */
  readonly packed: Uint32Array;
  /** [N, K / G] f32 scales, row-major. */
  readonly scales: Float32Array;
}

/**
 * Why a group size G cannot cut rows of K weights at this width, in a
 * sentence; undefined when it can. G must be a multiple of the weights per
 * word (so a word never straddles two groups) and divide K.
 */
export function groupProblem(K: number, G: number, bits: QuantBits): string | undefined {
  const per = PER_WORD[bits];
  if (!(Number.isInteger(G) && G >= per && G % per === 0)) return `G (group size) must be a multiple of ${per} for int${bits}, so that a u32 of ${per} weights never straddles two groups (got ${G}).`;
  if (K % G !== 0) {
    const below = Math.floor(K / G) * G;
    const near = [below, below + G].filter((k) => k > 0).join(' or ');
    return `K must be a multiple of G = ${G}: every row is cut into whole groups of G weights, one scale each (got K = ${K}; try ${near}).`;
  }
  return undefined;
}

/** Round to nearest, ties away from zero (0.5 → 1, −0.5 → −1). */
const roundHalfAway = (v: number): number => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);

/**
 * Quantize W [N, K] (row-major f32) in groups of G along K, as described at
 * the top of this file. Throws RangeError when G cannot cut the rows
 * (groupProblem) or W is not N·K long.
 */
export function quantizeWeights(W: ArrayLike<number>, N: number, K: number, G: number, bits: QuantBits): QuantizedWeights {
  const problem = groupProblem(K, G, bits);
  if (problem) throw new RangeError(problem);
  if (W.length !== N * K) throw new RangeError(`W holds ${W.length} values, not N·K = ${N * K}.`);
  const per = PER_WORD[bits];
  const qmax = Q_MAX[bits];
  const groups = K / G;
  const packed = new Uint32Array((N * K) / per);
  const scales = new Float32Array(N * groups);
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < groups; g++) {
      const k0 = n * K + g * G;
      let absMax = 0;
      for (let k = 0; k < G; k++) absMax = Math.max(absMax, Math.abs(W[k0 + k]!));
      const s = Math.fround(absMax / qmax);
      scales[n * groups + g] = s;
      for (let k = 0; k < G; k++) {
        const q = s === 0 ? 0 : Math.min(qmax, Math.max(-qmax, roundHalfAway(W[k0 + k]! / s)));
        const at = k0 + k;
        const bitsAt = (at % per) * bits;
        const field = bits === 8 ? q & 0xff : q + 8;
        packed[Math.floor(at / per)]! |= field << bitsAt;
      }
    }
  }
  return { packed, scales };
}

/** The integer weight q at flat index `at` (n·K + k) of packed weights. */
export function quantAt(packed: ArrayLike<number>, at: number, bits: QuantBits): number {
  const per = PER_WORD[bits];
  const field = (packed[Math.floor(at / per)]! >>> ((at % per) * bits)) & ((1 << bits) - 1);
  return bits === 8 ? (field << 24) >> 24 : field - 8;
}

/** The dequantized weights q·s, [N, K] row-major, in float64. */
export function dequantizeWeights(packed: ArrayLike<number>, scales: ArrayLike<number>, N: number, K: number, G: number, bits: QuantBits): Float64Array {
  const out = new Float64Array(N * K);
  const groups = K / G;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) out[n * K + k] = quantAt(packed, n * K + k, bits) * scales[n * groups + Math.floor(k / G)]!;
  }
  return out;
}

/**
 * y = W·x in float64 for W [N, K] row-major and x [K], with Σₖ|wₙₖxₖ| per row
 * (the size the f32 rounding of the sum scales with).
 */
export function gemv64(W: ArrayLike<number>, x: ArrayLike<number>, N: number, K: number): { readonly values: Float64Array; readonly terms: Float64Array } {
  const values = new Float64Array(N);
  const terms = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let acc = 0;
    let abs = 0;
    for (let k = 0; k < K; k++) {
      const p = W[n * K + k]! * x[k]!;
      acc += p;
      abs += Math.abs(p);
    }
    values[n] = acc;
    terms[n] = abs;
  }
  return { values, terms };
}

/** ‖a − b‖₂ / ‖b‖₂ (0 when both are zero). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return norm === 0 ? (diff === 0 ? 0 : Infinity) : Math.sqrt(diff / norm);
}

/**
 * The f32 weights and input of a GEMV of shape N×K, made from `seed`: W
 * normal with σ = 1/√K (trained layers look so, and the normal's tails are
 * what makes large groups cost more), x uniform in [−1, 1). The same seed
 * gives the same W and x to the f32, int8 and int4 kernels, so their outputs
 * compare. The last pair made is kept while it is at most KEPT_WEIGHTS
 * weights: a run's two check runs and its figures ask for the same one.
 */
export function gemvF32Inputs(N: number, K: number, seed: number): { readonly W: Float32Array; readonly x: Float32Array } {
  const key = `${N}:${K}:${seed}`;
  if (last?.key === key) return last.made;
  const next = mulberry32((seed ^ 0x5eed9e37) >>> 0);
  const W = new Float32Array(N * K);
  const sigma = 1 / Math.sqrt(K);
  for (let i = 0; i < W.length; i += 2) {
    // Box–Muller: two independent normals from two uniforms (1 − u keeps the log finite).
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const t = 2 * Math.PI * next();
    W[i] = sigma * r * Math.cos(t);
    if (i + 1 < W.length) W[i + 1] = sigma * r * Math.sin(t);
  }
  const x = new Float32Array(K);
  for (let k = 0; k < K; k++) x[k] = 2 * next() - 1;
  const made = { W, x };
  // A large preset's weights (11008 × 4096: 180 MB) are made again rather than held on to after the run.
  last = W.length <= KEPT_WEIGHTS ? { key, made } : undefined;
  return made;
}

/** The most weights gemvF32Inputs keeps between calls (64 MiB of f32). */
const KEPT_WEIGHTS = 1 << 24;

let last: { key: string; made: { readonly W: Float32Array; readonly x: Float32Array } } | undefined;
