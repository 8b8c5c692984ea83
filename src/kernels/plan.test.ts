import { describe, expect, it } from 'vitest';
import { kvPagedDecode } from './kv/decode';
import { ParamsError } from '../gpu/errors';
import { copy } from './bandwidth/copy';
import { matmulNaive } from './matmul/naive';
import { planKernel, validateParams } from './plan';
import { saxpy } from './vector/saxpy';

describe('planning a run', () => {
  it('sizes buffers, packs uniforms and counts workgroups from the spec', () => {
    const plan = planKernel(matmulNaive, { M: 33, N: 65, K: 17 }, { WG_X: 16, WG_Y: 8 });
    expect(plan.buffers.map((b) => [b.spec.name, b.length, b.bytes])).toEqual([
      ['A', 33 * 17, 4 * 33 * 17],
      ['B', 17 * 65, 4 * 17 * 65],
      ['C', 33 * 65, 4 * 33 * 65],
    ]);
    expect(plan.passes[0]?.workgroups).toEqual([5, 5, 1]);
    expect(plan.uniforms[0]?.binding).toBe(3);
    expect(plan.uniforms[0]?.data.byteLength).toBe(16);
    expect([...new Uint32Array(plan.uniforms[0]!.data)]).toEqual([33, 65, 17, 0]);
    expect(plan.flops).toBe(2 * 33 * 65 * 17);
    expect(plan.bytes).toBe(4 * (33 * 17 + 17 * 65 + 33 * 65));
  });

  it('packs f32 uniform fields as floats', () => {
    const plan = planKernel(saxpy, { N: 10, a: -0.5 }, { WG: 64 });
    const view = new DataView(plan.uniforms[0]!.data);
    expect(view.getUint32(0, true)).toBe(10);
    expect(view.getFloat32(4, true)).toBe(-0.5);
  });

  it('folds large 1-D problems onto a second grid dimension', () => {
    const plan = planKernel(copy, { N: 1 << 26 }, { WG: 256 });
    const [x, y, z] = plan.passes[0]!.workgroups;
    expect(x).toBe(65535);
    expect(x * y).toBeGreaterThanOrEqual((1 << 26) / 256);
    expect(z).toBe(1);
  });

  it('explains bad parameters per field', () => {
    expect(validateParams(matmulNaive, { M: 0, N: 1.5, K: undefined })).toEqual([
      { name: 'M', message: 'M (rows of A, C) must be between 1 and 8192 (got 0).' },
      { name: 'N', message: 'N (columns of B, C) must be a whole number (got 1.5).' },
      { name: 'K', message: 'K (inner) must be a number.' },
    ]);
    expect(validateParams(saxpy, { N: 5, a: 0.25 })).toEqual([]);
    // A parameter of a few allowed values names them, inside the range or out of it.
    const base = { S: 4, H: 4, Hkv: 2, L: 100, d: 16 };
    for (const bs of [64, 12, 4]) expect(validateParams(kvPagedDecode, { ...base, bs })).toEqual([{ name: 'bs', message: `bs (block size) must be 8, 16 or 32 (got ${bs}).` }]);
    expect(validateParams(kvPagedDecode, { ...base, bs: 32 })).toEqual([]);
    expect(() => planKernel(matmulNaive, { M: 1, N: 1, K: 99999 }, {})).toThrow(ParamsError);
  });

  it('gives matrix buffers their rows and columns, and refuses dims that do not fit, naming the buffer', () => {
    const plan = planKernel(matmulNaive, { M: 37, N: 5, K: 2 }, { WG_X: 16, WG_Y: 16 });
    expect(plan.buffers.map((b) => b.dims)).toEqual([[37, 2], [2, 5], [37, 5]]);
    expect(planKernel(copy, { N: 10 }, { WG: 64 }).buffers.every((b) => b.dims === undefined)).toBe(true);
    const wide = { ...matmulNaive, buffers: matmulNaive.buffers.map((b) => (b.name === 'C' ? { ...b, dims: ['M', 'N + 1'] as const } : b)) };
    expect(() => planKernel(wide, { M: 4, N: 3, K: 2 }, { WG_X: 16, WG_Y: 16 })).toThrow('Buffer C\'s dims are 4 × 4 = 16 values, but it holds 12 (dims "M" × "N + 1"): rows × columns must not exceed its values.');
    const none = { ...matmulNaive, buffers: matmulNaive.buffers.map((b) => (b.name === 'A' ? { ...b, dims: ['M - 4', 'K'] as const } : b)) };
    expect(() => planKernel(none, { M: 4, N: 3, K: 2 }, { WG_X: 16, WG_Y: 16 })).toThrow("Buffer A's dims (rows) must be a whole number of at least 1, but the spec gives 0.");
  });

  it('reports a constant the expressions need but nobody gave', () => {
    expect(() => planKernel(matmulNaive, { M: 4, N: 4, K: 4 }, { WG_X: 16 })).toThrow(/workgroup count y.*unknown name 'WG_Y'/);
  });
});
