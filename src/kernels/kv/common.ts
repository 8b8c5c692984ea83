/**
 * What the paged KV cache kernels share: parameters, the rules between them,
 * the batch's lengths, the cost model and the float64 reference of decoding.
 *
 * Shapes (row-major f32): a decode batch of S sequences; sequence s holds
 * len_s tokens (decodeLengths: falling evenly from L to about 1) and has one
 * new query q [H, d]; keys and values are rows of [Hkv, d] (query head h reads
 * key/value head ⌊h / (H / Hkv)⌋), scale 1/√d. The paged cache holds a row per
 * slot, [blocks, block_size, Hkv, d]; the contiguous one [S, L, Hkv, d].
 */
import { DECODE_TOKENS } from '../generators';
import { attentionParamProblems, attentionReference } from '../attention/common';
import type { HostArray, ParamProblem, ParamSpec, Params } from '../spec';

export const S_PARAM: ParamSpec = { name: 'S', label: 'S (sequences)', default: 8, min: 1, max: 256, help: 'lengths fall evenly from L to about 1' };
export const HEAD_PARAMS: readonly ParamSpec[] = [
  { name: 'H', label: 'H (query heads)', default: 32, min: 1, max: 128 },
  { name: 'Hkv', label: 'Hkv (key/value heads)', default: 8, min: 1, max: 128, help: 'divides H; fewer than H is grouped-query attention' },
];
export const L_PARAM: ParamSpec = { name: 'L', label: 'L (longest context)', default: 2048, min: 1, max: 65536, help: 'the longest sequence\'s tokens' };
export const D_PARAM: ParamSpec = { name: 'd', label: 'd (head dimension)', default: 128, min: 1, max: 128 };
export const BS_PARAM: ParamSpec = { name: 'bs', label: 'bs (block size)', default: 16, min: 8, max: 32, allowed: [8, 16, 32], help: 'tokens per block: 8, 16 or 32' };

/** Blocks in a sequence's row of the block table: enough for L tokens. */
export const MAX_BLOCKS = 'ceil(L / bs)';
/** Blocks in the decode pool: enough for the batch without sharing (Σ ⌈len/bs⌉ ≤ ⌈Σ len / bs⌉ + S). */
export const DECODE_POOL = `(ceil(${DECODE_TOKENS} / bs) + S)`;

/** Block sizes other than 8, 16 and 32 are refused under bs; Hkv must divide H (where there is an H). */
export function kvParamProblems(p: Params): ParamProblem[] {
  const out = p.H === undefined ? [] : attentionParamProblems({ H: p.H, Hkv: p.Hkv ?? 1 });
  if (p.bs !== undefined && ![8, 16, 32].includes(p.bs)) out.push({ name: 'bs', message: `The block size must be 8, 16 or 32 tokens (got ${p.bs}).` });
  return out;
}

/** FLOPs of the batch: per head and token 2d for the score, 2d for P·V, 5 for scale, max, subtract, exp and sum; d divisions per head. */
export const DECODE_FLOPS = `H * (${DECODE_TOKENS} * (4 * d + 5) + S * d)`;
/**
 * Bytes every decode must move: q read and o written, each sequence's keys and
 * values read once, the lengths. Not counted, for both kernels alike: the
 * partitions' partial results (d + 2 floats per 512 tokens and head) and the
 * paged kernel's block-table entries (4 bytes per block of bs·Hkv·d·8): so that
 * their GB/s measure the same problem.
 */
export const DECODE_BYTES = `4 * (2 * S * H * d + 2 * ${DECODE_TOKENS} * Hkv * d + S)`;

/**
 * Decoding attention in float64, sequence by sequence: the keys and values of
 * sequence s's tokens j < len_s are the [Hkv, d] rows at `row(s, j)` of
 * k_cache and v_cache; attentionReference does the rest (with its error terms).
 * Returns o [S, H, d].
 */
export function decodeReference(inputs: Readonly<Record<string, HostArray>>, p: Params, row: (s: number, j: number) => number) {
  const { S = 1, H = 1, Hkv = 1, d = 1 } = p;
  const lens = inputs.context_lens!;
  const values = new Float64Array(S * H * d);
  const terms = new Float64Array(S * H * d);
  const rowValues = Hkv * d;
  for (let s = 0; s < S; s++) {
    const len = lens[s]!;
    const K = new Float32Array(Hkv * len * d);
    const V = new Float32Array(Hkv * len * d);
    for (let j = 0; j < len; j++) {
      const at = row(s, j) * rowValues;
      for (let g = 0; g < Hkv; g++) {
        K.set(inputs.k_cache!.subarray(at + g * d, at + (g + 1) * d), (g * len + j) * d);
        V.set(inputs.v_cache!.subarray(at + g * d, at + (g + 1) * d), (g * len + j) * d);
      }
    }
    const Q = inputs.q!.subarray(s * H * d, (s + 1) * H * d);
    const { O } = attentionReference({ Q, K, V }, { B: 1, H, Hkv, N: 1, L: len, d, causal: 0 });
    values.set(O.values, s * H * d);
    terms.set(O.terms, s * H * d);
  }
  return { o: { values, terms } };
}

/** The partition size an override: vLLM's v2 kernel uses 512. */
export const DECODE_CONSTANTS = [
  { name: 'WG', default: 64, allowed: [32, 64, 128, 256], help: 'invocations per workgroup (a power of two)' },
  { name: 'PARTITION', default: 512, allowed: [64, 128, 256, 512, 1024], help: 'tokens per partition (one workgroup each); vLLM uses 512' },
] as const;

/** Partitions of the longest sequence, the scratch's third dimension. */
export const PARTS = 'ceil(L / PARTITION)';
