/**
 * Decoding attention: one new query per head (N = 1) against L cached keys
 * and values, split along L across workgroups and combined by a second pass
 * (split-K, "flash-decoding"). Long caches are where such splits go wrong
 * (the last, partial split; the rescaling between splits), so it is tested
 * at L past a few splits.
 *
 * Shapes: Q [B, H, d], K and V [B, Hkv, L, d], O [B, H, d]; scratch part_o
 * [B, H, S, d] and part_ml [B, H, S, 2], S = ⌈L / CHUNK⌉. Hkv divides H; scale 1/√d.
 */
import decodeSource from '../../../shaders/attention/decode.wgsl?raw';
import type { KernelSpec } from '../spec';
import { attentionParamProblems, attentionReference, DECODE_PARAMS, QKV_BUFFERS, shapeUniform } from './common';

const SPLITS = 'ceil(L / CHUNK)';

export const attentionDecode: KernelSpec = {
  id: 'attention/decode',
  family: 'attention',
  title: 'Attention, decode (split-K)',
  summary: 'One query per head against a long K/V cache: CHUNK keys per workgroup, each split\'s max, sum and partial output, then a pass that combines them.',
  source: decodeSource,
  params: DECODE_PARAMS,
  checkParams: attentionParamProblems,
  constants: [
    { name: 'WG', default: 64, allowed: [32, 64, 128, 256], help: 'invocations per workgroup (a power of two)' },
    { name: 'CHUNK', default: 256, allowed: [64, 128, 256, 512, 1024], help: 'keys per split (one workgroup each)' },
  ],
  buffers: [
    ...QKV_BUFFERS.map((b) => (b.name === 'Q' || b.name === 'O' ? { ...b, length: 'B * H * d', dims: ['B * H', 'd'] as const } : b)),
    { name: 'part_o', binding: 4, role: 'scratch', type: 'f32', length: `B * H * ${SPLITS} * d` },
    { name: 'part_ml', binding: 5, role: 'scratch', type: 'f32', length: `B * H * ${SPLITS} * 2` },
  ],
  uniforms: shapeUniform(6, '1', '0'),
  passes: [
    { entryPoint: 'partial', workgroups: [SPLITS, 'H', 'B'] },
    { entryPoint: 'combine_splits', workgroups: ['H', 'B', 1] },
  ],
  cost: {
    flops: 'B * H * (L * (4 * d + 5) + d)',
    // Q, K, V read and O written, plus each split's partial output, max and sum written and read back.
    bytes: `4 * (2 * B * H * d + 2 * B * Hkv * L * d) + 8 * B * H * ${SPLITS} * (d + 2)`,
  },
  workgroupStorage: '4 * (DMAX + CHUNK + WG)',
  reference: (inputs, params) => attentionReference(inputs, { ...params, N: 1, causal: 0 }),
  tolerance: 1e-5,
  presets: {
    small: { B: 1, H: 4, Hkv: 2, L: 2053, d: 64 },
    medium: { B: 1, H: 32, Hkv: 8, L: 8192, d: 128 },
    large: { B: 1, H: 32, Hkv: 8, L: 32768, d: 128 },
  },
};
