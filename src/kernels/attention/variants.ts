/**
 * Attention for a block of N queries (prefill), three ways, one problem:
 * unfused (the score matrix S written to device memory, three passes), fused
 * (one kernel, online softmax, S never stored), flash (the fused kernel with
 * Q, K and V staged in workgroup-memory tiles). Same shapes, buffers and
 * float64 reference (common.ts); what differs is the memory each allocates
 * and the bytes each must move.
 *
 * Shapes: Q [B, H, N, d], K and V [B, Hkv, L, d], O [B, H, N, d]; unfused's S
 * [B, H, N, L]. Hkv divides H (grouped-query attention); causal queries are
 * the last N of L positions; scale 1/√d.
 */
import flashF16Source from '../../../shaders/attention/flash-f16.wgsl?raw';
import flashSource from '../../../shaders/attention/flash.wgsl?raw';
import fusedSource from '../../../shaders/attention/fused.wgsl?raw';
import unfusedSource from '../../../shaders/attention/unfused.wgsl?raw';
import { grid1d } from '../grid';
import type { KernelSpec } from '../spec';
import { ATTENTION_COMMON, ATTENTION_FLOPS, PAIRS, QKV_BUFFERS, QKVO_BYTES, shapeUniform } from './common';

export const attentionUnfused: KernelSpec = {
  ...ATTENTION_COMMON,
  id: 'attention/unfused',
  title: 'Attention, unfused',
  summary: 'S = Q·Kᵀ·scale written to memory (B·H·N·L floats), a row softmax over it, then O = P·V: three passes, and the memory grows as N·L.',
  source: unfusedSource,
  constants: [
    { name: 'TILE', default: 16, allowed: [4, 8, 16], help: 'tile edge of the Q·Kᵀ and P·V passes; their workgroups are TILE×TILE' },
    { name: 'WG', default: 128, allowed: [32, 64, 128, 256], help: 'invocations per row of the softmax pass (a power of two)' },
  ],
  buffers: [...QKV_BUFFERS, { name: 'S', binding: 4, role: 'scratch', type: 'f32', length: 'B * H * N * L', dims: ['B * H * N', 'L'] }],
  uniforms: shapeUniform(5),
  passes: [
    { entryPoint: 'scores', workgroups: ['ceil(L / TILE)', 'ceil(N / TILE)', 'B * H'] },
    { entryPoint: 'softmax', workgroups: grid1d('B * H * N', '1') },
    { entryPoint: 'pv', workgroups: ['ceil(d / TILE)', 'ceil(N / TILE)', 'B * H'] },
  ],
  // Beyond Q, K, V and O: S written where a query sees the key, read twice by the
  // softmax, P written over the whole row (zeros past the mask) and read by P·V.
  cost: { flops: ATTENTION_FLOPS, bytes: `${QKVO_BYTES} + 4 * B * H * (4 * ${PAIRS} + N * L)` },
  workgroupStorage: 'max(8 * TILE * TILE, 8 * WG)',
};

export const attentionFused: KernelSpec = {
  ...ATTENTION_COMMON,
  id: 'attention/fused',
  title: 'Attention, fused (online softmax)',
  summary: 'One kernel, one invocation per query row, an online softmax over the keys: S is never written, but each row reads K and V for itself.',
  source: fusedSource,
  constants: [{ name: 'WG', default: 64, allowed: [16, 32, 64, 128, 256], help: 'query rows per workgroup' }],
  buffers: QKV_BUFFERS,
  uniforms: shapeUniform(4),
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / WG)', 'H', 'B'] }],
  cost: { flops: ATTENTION_FLOPS, bytes: QKVO_BYTES },
};

export const attentionFlash: KernelSpec = {
  ...ATTENTION_COMMON,
  id: 'attention/flash',
  title: 'Attention, flash (tiled)',
  summary: 'A BR×d tile of Q in workgroup memory against BC-key tiles of K and V loaded cooperatively, running max and sum, output rescaled per tile; masked tiles skipped.',
  source: flashSource,
  constants: [
    { name: 'BR', default: 8, allowed: [2, 4, 8, 16, 32], help: 'query rows per workgroup (16·BR invocations)' },
    { name: 'BC', default: 16, allowed: [8, 16, 32, 64], help: 'keys per K/V tile' },
  ],
  buffers: QKV_BUFFERS,
  uniforms: shapeUniform(4),
  passes: [{ entryPoint: 'main', workgroups: ['ceil(N / BR)', 'H', 'B'] }],
  cost: { flops: ATTENTION_FLOPS, bytes: QKVO_BYTES },
  // The Q tile, the K/V tile (rows padded by one) and the BR×BC scores, sized for d ≤ DMAX.
  workgroupStorage: '4 * (BR * DMAX + BC * KV_STRIDE + BR * BC)',
};

/**
 * attention/flash with its Q and K/V tiles in half precision (enable f16): half the workgroup memory per tile,
 * so BC defaults to 32; scores, softmax statistics and the output in f32. Offered where the device has
 * shader-f16. Q, K and V are rounded to f16 (2⁻¹¹ relative) before the products, which bounds the tolerance.
 */
export const attentionFlashF16: KernelSpec = {
  ...attentionFlash,
  id: 'attention/flash-f16',
  title: 'Attention, flash (f16 tiles)',
  summary: 'attention/flash with Q, K and V rounded to f16 in workgroup memory (half the bytes per tile) and scores, softmax and output in f32.',
  source: flashF16Source,
  constants: [
    { name: 'BR', default: 8, allowed: [2, 4, 8, 16, 32], help: 'query rows per workgroup (16·BR invocations)' },
    { name: 'BC', default: 32, allowed: [8, 16, 32, 64], help: 'keys per K/V tile' },
  ],
  // f16 Q and K/V tiles (2 bytes a value), f32 scores.
  workgroupStorage: '2 * (BR * DMAX + BC * KV_STRIDE) + 4 * BR * BC',
  // Inputs rounded to f16 (2⁻¹¹ relative): the scores and the weighted values carry that error.
  tolerance: 4e-3,
  requiredFeatures: ['shader-f16'],
};
