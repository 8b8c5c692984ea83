/** The built-in kernel library, in the order the picker shows it. */
import { attentionDecode } from './attention/decode';
import { attentionFlash, attentionFlashF16, attentionFused, attentionUnfused } from './attention/variants';
import { copy } from './bandwidth/copy';
import { copyVec4, fill, nativeCopy, reduce, strided } from './bandwidth/variants';
import { fma, fmaF16, intensity } from './compute/fma';
import { kvAppend } from './kv/append';
import { kvContiguousDecode, kvPagedDecode } from './kv/decode';
import { matmulF16, matmulRegisterBlocked, matmulSubgroups, matmulTiled, matmulVec4 } from './matmul/ladder';
import { matmulNaive } from './matmul/naive';
import { loraMerged, loraUnmerged } from './lora/lora';
import { gemvF32, gemvInt4, gemvInt8 } from './quant/gemv';
import { softmaxNaive, softmaxOnline } from './softmax/variants';
import type { KernelSpec } from './spec';
import { saxpy } from './vector/saxpy';

export const LIBRARY: readonly KernelSpec[] = [
  saxpy,
  copy,
  copyVec4,
  nativeCopy,
  reduce,
  fill,
  strided,
  intensity,
  fma,
  fmaF16,
  matmulNaive,
  matmulTiled,
  matmulRegisterBlocked,
  matmulVec4,
  matmulSubgroups,
  matmulF16,
  softmaxNaive,
  softmaxOnline,
  attentionUnfused,
  attentionFused,
  attentionFlash,
  attentionFlashF16,
  attentionDecode,
  gemvF32,
  gemvInt8,
  gemvInt4,
  loraUnmerged,
  loraMerged,
  kvAppend,
  kvPagedDecode,
  kvContiguousDecode,
];

export function findKernel(id: string): KernelSpec | undefined {
  return LIBRARY.find((k) => k.id === id);
}

/** Kernels grouped by family, families in library order. */
export function byFamily(kernels: readonly KernelSpec[] = LIBRARY): Map<string, KernelSpec[]> {
  const out = new Map<string, KernelSpec[]>();
  for (const k of kernels) {
    const list = out.get(k.family) ?? [];
    list.push(k);
    out.set(k.family, list);
  }
  return out;
}
