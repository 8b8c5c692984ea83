/**
 * Decoding over the KV cache, two ways, one problem: kv/paged-decode reads
 * each sequence's keys and values through its block table (vLLM's
 * PagedAttention v2), kv/contiguous-decode from a cache where each sequence
 * owns L rows (the baseline). Same passes, same partitions, same reference
 * and cost: the difference in time is the price of the indirection.
 *
 * The paged kernel's inputs come from the block manager (generators.ts
 * pagedBatch): sequences added, forked (sharing their prefix's blocks) and
 * grown a token a round from a shuffled pool; its K and V pools have the
 * manager's copy-on-write copies applied.
 *
 * Shapes: q [S, H, d]; paged k_cache, v_cache [blocks, bs, Hkv, d], block_table
 * [S, ⌈L / bs⌉] u32; contiguous k_cache, v_cache [S, L, Hkv, d]; context_lens
 * [S] u32; o [S, H, d]; scratch part_o [S, H, P, d], part_ml [S, H, P, 2], P = ⌈L / PARTITION⌉.
 */
import contiguousSource from '../../../shaders/kv/contiguous-decode.wgsl?raw';
import pagedSource from '../../../shaders/kv/paged-decode.wgsl?raw';
import { decodeLengths, pagedBatch, pagedCache } from '../generators';
import type { BufferSpec, KernelSpec, Params } from '../spec';
import { BS_PARAM, D_PARAM, DECODE_BYTES, DECODE_CONSTANTS, DECODE_FLOPS, DECODE_POOL, decodeReference, HEAD_PARAMS, kvParamProblems, L_PARAM, MAX_BLOCKS, PARTS, S_PARAM } from './common';

const scratch = (first: number): BufferSpec[] => [
  { name: 'part_o', binding: first, role: 'scratch', type: 'f32', length: `S * H * ${PARTS} * d` },
  { name: 'part_ml', binding: first + 1, role: 'scratch', type: 'f32', length: `S * H * ${PARTS} * 2` },
];
const Q: BufferSpec = { name: 'q', binding: 0, role: 'input', type: 'f32', length: 'S * H * d', dims: ['S * H', 'd'] };
const O = (binding: number): BufferSpec => ({ name: 'o', binding, role: 'output', type: 'f32', length: 'S * H * d', dims: ['S * H', 'd'] });
const CONTEXT_LENS = (binding: number): BufferSpec => ({ name: 'context_lens', binding, role: 'input', type: 'u32', length: 'S' });
const lengthsOf = (p: Params): Uint32Array => Uint32Array.from(decodeLengths(p.S!, p.L!));

const PRESETS = {
  // The longest sequence crosses a partition; the others end inside blocks.
  small: { S: 4, H: 4, Hkv: 2, L: 700, d: 64 },
  medium: { S: 16, H: 32, Hkv: 8, L: 2048, d: 128 },
  large: { S: 16, H: 32, Hkv: 8, L: 8192, d: 128 },
} as const;

const DECODE_COMMON = {
  family: 'kv',
  checkParams: kvParamProblems,
  constants: DECODE_CONSTANTS,
  passes: [
    { entryPoint: 'partial', workgroups: [PARTS, 'H', 'S'] },
    { entryPoint: 'reduce', workgroups: ['H', 'S', 1] },
  ],
  cost: { flops: DECODE_FLOPS, bytes: DECODE_BYTES },
  workgroupStorage: '4 * (DMAX + 2 * PARTITION + WG)',
  // As attention/decode: the reference's terms bound f32's error; a token too many or a missed rescale is off by far more.
  tolerance: 1e-5,
} as const satisfies Partial<KernelSpec>;

export const kvPagedDecode: KernelSpec = {
  ...DECODE_COMMON,
  id: 'kv/paged-decode',
  title: 'Paged KV cache, decode (PagedAttention)',
  summary: 'One new token per sequence over a batch of different lengths, keys and values read through each sequence\'s block table from the block manager; partitions of 512 tokens combined by a second pass.',
  source: pagedSource,
  params: [S_PARAM, ...HEAD_PARAMS, L_PARAM, D_PARAM, BS_PARAM],
  buffers: [
    Q,
    { name: 'k_cache', binding: 1, role: 'input', type: 'f32', length: `${DECODE_POOL} * bs * Hkv * d`, dims: [`${DECODE_POOL} * bs`, 'Hkv * d'] },
    { name: 'v_cache', binding: 2, role: 'input', type: 'f32', length: `${DECODE_POOL} * bs * Hkv * d`, dims: [`${DECODE_POOL} * bs`, 'Hkv * d'] },
    { name: 'block_table', binding: 3, role: 'input', type: 'u32', length: `S * ${MAX_BLOCKS}`, dims: ['S', MAX_BLOCKS] },
    CONTEXT_LENS(4),
    O(5),
    ...scratch(6),
  ],
  uniforms: {
    binding: 8,
    fields: [
      ...['S', 'H', 'Hkv', 'd', 'L'].map((name) => ({ name, type: 'u32' as const, value: name })),
      { name: 'block_size', type: 'u32', value: 'bs' },
      { name: 'max_blocks', type: 'u32', value: MAX_BLOCKS },
      { name: 'scale', type: 'f32', value: '1 / sqrt(d)' },
    ],
  },
  generate: (p, seed) => {
    const { S = 1, L = 1, bs = 16, Hkv = 1, d = 1 } = p;
    const lengths = decodeLengths(S, L);
    const pool = Math.ceil(lengths.reduce((a, b) => a + b, 0) / bs) + S;
    const batch = pagedBatch(lengths, bs, pool, Math.ceil(L / bs), seed);
    return {
      block_table: batch.blockTable,
      context_lens: batch.contextLens,
      k_cache: pagedCache(pool, bs, Hkv * d, batch.copies, seed ^ 0x4b),
      v_cache: pagedCache(pool, bs, Hkv * d, batch.copies, seed ^ 0x56),
    };
  },
  reference: (inputs, p) => {
    const { bs = 16, L = 1 } = p;
    const maxBlocks = Math.ceil(L / bs);
    const table = inputs.block_table!;
    return decodeReference(inputs, p, (s, j) => table[s * maxBlocks + Math.floor(j / bs)]! * bs + (j % bs));
  },
  presets: {
    small: { ...PRESETS.small, bs: 16 },
    medium: { ...PRESETS.medium, bs: 16 },
    large: { ...PRESETS.large, bs: 16 },
  },
};

export const kvContiguousDecode: KernelSpec = {
  ...DECODE_COMMON,
  id: 'kv/contiguous-decode',
  title: 'Contiguous KV cache, decode (baseline)',
  summary: 'The same decode over a cache where every sequence owns L rows, whether it uses them or not: the baseline paged decode is held against.',
  source: contiguousSource,
  params: [S_PARAM, ...HEAD_PARAMS, L_PARAM, D_PARAM],
  buffers: [
    Q,
    { name: 'k_cache', binding: 1, role: 'input', type: 'f32', length: 'S * L * Hkv * d', dims: ['S * L', 'Hkv * d'] },
    { name: 'v_cache', binding: 2, role: 'input', type: 'f32', length: 'S * L * Hkv * d', dims: ['S * L', 'Hkv * d'] },
    CONTEXT_LENS(3),
    O(4),
    ...scratch(5),
  ],
  uniforms: {
    binding: 7,
    fields: [...['S', 'H', 'Hkv', 'd', 'L'].map((name) => ({ name, type: 'u32' as const, value: name })), { name: 'scale', type: 'f32', value: '1 / sqrt(d)' }],
  },
  generate: (p) => ({ context_lens: lengthsOf(p) }),
  reference: (inputs, p) => decodeReference(inputs, p, (s, j) => s * p.L! + j),
  presets: PRESETS,
};
