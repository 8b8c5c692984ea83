/**
 * kv/append: write each new token's key and value into the paged cache at the
 * slot the block manager gave it (vLLM's reshape_and_cache). The batch: S
 * sequences already holding decodeLengths(S, L) tokens, grown by the block
 * manager as in a server (generators.ts pagedBatch, forks included), each now
 * appending N tokens (N = 1: a decode step; more: a prefill chunk); the slot
 * mapping is what the manager's append() returned, so a forked sequence's
 * first new token lands in a copy of its shared block.
 *
 * Shapes: k_new, v_new [T, Hkv, d] with T = S·N, slot_mapping [T] u32,
 * k_cache, v_cache [blocks, bs, Hkv, d] (inout: every value checked, the
 * written rows and the untouched ones).
 */
import appendSource from '../../../shaders/kv/append.wgsl?raw';
import { DECODE_TOKENS, decodeLengths, pagedBatch } from '../generators';
import { grid1d, WG_1D } from '../grid';
import type { KernelSpec } from '../spec';
import { BS_PARAM, D_PARAM, HEAD_PARAMS, kvParamProblems, L_PARAM, S_PARAM } from './common';

/** Blocks for the cached tokens and the new ones, without sharing. */
const POOL = `(ceil((${DECODE_TOKENS} + S * N) / bs) + S)`;

export const kvAppend: KernelSpec = {
  id: 'kv/append',
  family: 'kv',
  title: 'Paged KV cache, append',
  summary: 'Each new token\'s key and value written to the slot the block manager handed out (slot = block · block size + offset): a decode step, or a prefill chunk.',
  source: appendSource,
  params: [S_PARAM, { name: 'N', label: 'N (new tokens per sequence)', default: 1, min: 1, max: 4096, help: '1: a decode step; more: a prefill chunk' }, L_PARAM, HEAD_PARAMS[1]!, D_PARAM, BS_PARAM],
  checkParams: kvParamProblems,
  constants: [{ name: 'WG', default: 256, allowed: [...WG_1D] }],
  buffers: [
    { name: 'k_new', binding: 0, role: 'input', type: 'f32', length: 'S * N * Hkv * d', dims: ['S * N', 'Hkv * d'] },
    { name: 'v_new', binding: 1, role: 'input', type: 'f32', length: 'S * N * Hkv * d', dims: ['S * N', 'Hkv * d'] },
    { name: 'slot_mapping', binding: 2, role: 'input', type: 'u32', length: 'S * N' },
    { name: 'k_cache', binding: 3, role: 'inout', type: 'f32', length: `${POOL} * bs * Hkv * d`, dims: [`${POOL} * bs`, 'Hkv * d'] },
    { name: 'v_cache', binding: 4, role: 'inout', type: 'f32', length: `${POOL} * bs * Hkv * d`, dims: [`${POOL} * bs`, 'Hkv * d'] },
  ],
  uniforms: { binding: 5, fields: [{ name: 'T', type: 'u32', value: 'S * N' }, { name: 'row', type: 'u32', value: 'Hkv * d' }] },
  passes: [{ entryPoint: 'main', workgroups: grid1d('S * N * Hkv * d', 'WG') }],
  // New keys and values read, written into the cache, and the slot mapping read.
  cost: { flops: 0, bytes: '16 * S * N * Hkv * d + 4 * S * N' },
  generate: (p, seed) => {
    const { S = 1, N = 1, L = 1, bs = 16 } = p;
    const lengths = decodeLengths(S, L);
    const pool = Math.ceil((lengths.reduce((a, b) => a + b, 0) + S * N) / bs) + S;
    const { manager } = pagedBatch(lengths, bs, pool, Math.ceil((L + N) / bs), seed);
    return { slot_mapping: Uint32Array.from(lengths.flatMap((_, s) => manager.append(s, N).slots)) };
  },
  reference: (inputs, p) => {
    const { S = 1, N = 1, Hkv = 1, d = 1 } = p;
    const row = Hkv * d;
    const k = Float64Array.from(inputs.k_cache!);
    const v = Float64Array.from(inputs.v_cache!);
    for (let t = 0; t < S * N; t++) {
      const at = inputs.slot_mapping![t]! * row;
      for (let c = 0; c < row; c++) {
        k[at + c] = inputs.k_new![t * row + c]!;
        v[at + c] = inputs.v_new![t * row + c]!;
      }
    }
    return { k_cache: k, v_cache: v };
  },
  tolerance: 0,
  presets: {
    small: { S: 5, N: 3, L: 40, Hkv: 2, d: 64, bs: 16 },
    medium: { S: 64, N: 1, L: 2048, Hkv: 8, d: 128, bs: 16 },
    large: { S: 16, N: 512, L: 2048, Hkv: 8, d: 128, bs: 16 },
  },
};
