import { describe, expect, it } from 'vitest';
import { runKernel } from '../bench/run/run';
import { testGpu } from '../test/dawn';
import { customKernel, SidecarError } from './custom';

const WGSL = `
struct Dims { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;
override WG: u32 = 64;
override S: f32 = 3.0;
@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < dims.n) { y[gid.x] = S * x[gid.x]; }
}`;

const SIDECAR = {
  params: [{ name: 'N', default: 100, min: 1, max: 1 << 20 }],
  buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N' }],
  uniforms: { fields: [{ name: 'n', value: 'N' }] },
  workgroups: ['ceil(N / WG)'],
  cost: { flops: 'N', bytes: '8 * N' },
};

const make = (sidecar: unknown, wgsl = WGSL) => customKernel({ name: 'scale', wgsl, sidecar });

describe('custom kernels from a sidecar', () => {
  it('fills in bindings, roles, types, entry point and constants from the WGSL', () => {
    const spec = make(SIDECAR);
    expect(spec.id).toBe('custom/scale');
    // The element type is the WGSL's, read again where the plan needs it: the spec does not repeat it.
    expect(spec.buffers).toEqual([
      { name: 'x', binding: 0, role: 'input', length: 'N' },
      { name: 'y', binding: 1, role: 'output', length: 'N' },
    ]);
    expect(spec.uniforms).toEqual({ binding: 2, fields: [{ name: 'n', value: 'N' }] });
    expect(spec.passes).toEqual([{ entryPoint: 'main', workgroups: ['ceil(N / WG)', 1, 1] }]);
    expect(spec.constants).toEqual([{ name: 'WG', default: 64 }, { name: 'S', default: 3 }]);
    expect(spec.reference).toBeUndefined();
    // A buffer may say it is a matrix, for the buffer view's heatmap.
    expect(make({ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N', dims: ['N / 4', 4] }] }).buffers[1]).toEqual({ name: 'y', binding: 1, role: 'output', length: 'N', dims: ['N / 4', 4] });
  });

  it('names the field and the reason for every mistake', () => {
    const cases: [unknown, string][] = [
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'z', length: 'N' }] }, 'buffers[1].binding: not given, and the shader declares no @group(0) var named z'],
      [{ ...SIDECAR, cost: { flops: 'N * Q', bytes: 1 } }, `cost.flops: "N * Q" uses 'Q', which is neither a parameter nor a constant (known: N, WG, S)`],
      [{ ...SIDECAR, workgroups: undefined }, 'workgroups: give the workgroup counts'],
      [{ ...SIDECAR, params: [{ name: 'N', default: 0, min: 1, max: 5 }] }, 'params[0].default: 0 is outside 1 … 5'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N', role: 'in-out' }] }, 'buffers[0].role: must be one of "input", "output", "inout", "scratch"'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }] }, 'buffers: no buffer is an output'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N', type: 'u32' }] }, 'buffers[1].type: "u32", but the shader declares y as array<f32> (f32); leave "type" out, the WGSL says it'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y' }] }, 'buffers[1]: y is a runtime-sized array of f32: give "elements"'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N', elements: 'N' }] }, 'buffers[1]: give its size as "elements" or as "length", not both'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N', init: { kind: 'members', members: { pos: { kind: 'iota' } } } }, { name: 'y', length: 'N' }] }, 'buffers[0].init.members.pos: f32 has no member pos'],
      [{ ...SIDECAR, uniforms: { fields: [{ name: 'count', value: 'N' }] } }, 'uniforms.fields: "count" is not a member of Dims (its members: n: u32)'],
      [{ ...SIDECAR, uniforms: { values: {} } }, 'uniforms.values: n (u32) has no value; the shader reads Dims { n: u32 }'],
      [{ ...SIDECAR, entryPoint: 'mian' }, 'entryPoint: "mian" is not an entry point of the shader (its @compute entry points: main)'],
      [{ ...SIDECAR, tolerence: 1 }, 'tolerence: is not a field here'],
      [{ ...SIDECAR, constants: [{ name: 'TILE' }] }, 'constants[0].name: the shader declares no override TILE'],
      [[], 'must be an object'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N', dims: 'N' }] }, 'buffers[1].dims: y\'s dims must be [rows, columns], two sizes such as ["M", "N"], not "N"'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N', dims: ['N', 1, 1] }] }, 'buffers[1].dims: y\'s dims must be [rows, columns], two sizes such as ["M", "N"], not ["N",1,1]'],
      [{ ...SIDECAR, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N', dims: ['N', 'Q'] }] }, `buffers[1].dims[1]: y's columns: "Q" uses 'Q', which is neither a parameter nor a constant (known: N, WG, S)`],
    ];
    for (const [sidecar, message] of cases) {
      expect(() => make(sidecar)).toThrow(SidecarError);
      expect(() => make(sidecar)).toThrow(`scale.json: ${message}`);
    }
  });

  it('finds before any GPU what only the bind group or the pipeline would have said', () => {
    const two = `struct A { k: f32, v: vec2f }
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<uniform> a: A;
@group(0) @binding(2) var<uniform> n: u32;
@group(0) @binding(3) var<storage, read> dims: vec2u;
override BETA: f32;
@compute @workgroup_size(64) fn main() {}`;
    const base = { params: [{ name: 'N', default: 8 }], buffers: [{ name: 'y', elements: 'N' }, { name: 'dims' }], workgroups: [1], cost: { flops: 0, bytes: 4 }, constants: [{ name: 'BETA', default: 1 }] };
    const ok = customKernel({ name: 'two', wgsl: two, sidecar: { ...base, uniforms: [{ binding: 1, values: { k: '1', v: ['N', '2'] } }, { binding: 2, values: { n: 'N' } }] } });
    expect(ok.uniforms).toEqual([{ binding: 1, fields: [{ name: 'k', value: '1' }, { name: 'v', value: ['N', '2'] }] }, { binding: 2, fields: [{ name: 'n', value: 'N' }] }]);
    const cases: [unknown, string][] = [
      [{ ...base, uniforms: { values: { k: '1', v: ['N', '2'] } } }, 'uniforms.binding: the shader declares 2 uniforms (a at @binding(1), n at @binding(2)): give each block its "binding", as a list'],
      [{ ...base, uniforms: [{ binding: 1, values: { k: '1', v: ['N', '2'] } }] }, 'uniforms: the shader binds n (var<uniform>, @binding(2)), but the sidecar gives no values for it'],
      [{ ...base, buffers: [{ name: 'y', elements: 'N' }, { name: 'dims', elements: '2' }], uniforms: [{ binding: 1, values: { k: '1', v: ['1', '2'] } }, { binding: 2, values: { n: '1' } }] }, 'buffers[1]: dims is vec2u, not a runtime-sized array: its size is the type\'s (one element); leave out "elements"'],
      [{ ...base, buffers: [{ name: 'y', elements: 'N' }, { name: 'dims', init: { kind: 'values', values: ['1', '2', '3'] } }], uniforms: [{ binding: 1, values: { k: '1', v: ['1', '2'] } }, { binding: 2, values: { n: '1' } }] }, 'buffers[1].init.values: gives 3 values, but dims (vec2u) holds 2'],
      [{ ...base, constants: [], uniforms: [{ binding: 1, values: { k: '1', v: ['1', '2'] } }, { binding: 2, values: { n: '1' } }] }, 'constants: override BETA (line 6) has no default in the shader, so the sidecar must give it'],
    ];
    for (const [sidecar, message] of cases) expect(() => customKernel({ name: 'two', wgsl: two, sidecar })).toThrow(`two.json: ${message}`);
  });

  it('takes nested uniform values by member, and header members of a struct with a runtime array', () => {
    const wgsl = `struct In { a: u32, b: vec2f }
struct P { inner: In, m: mat2x2f }
struct Data { count: u32, vals: array<f32> }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> d: Data;
@compute @workgroup_size(1) fn main() {}`;
    const spec = customKernel({ name: 'nest', wgsl, sidecar: {
      params: [{ name: 'N', default: 8 }],
      buffers: [{ name: 'd', elements: 'N', role: 'inout', init: { kind: 'members', members: { count: { kind: 'fill', value: 8 }, vals: { kind: 'iota' } } } }],
      uniforms: { values: { inner: { a: 'N', b: ['1', '2'] }, m: [['1', '0'], ['0', '1']] } },
      workgroups: [1], cost: { flops: 0, bytes: 4 },
    } });
    expect(spec.uniforms).toEqual({ binding: 0, fields: [{ name: 'inner.a', value: 'N' }, { name: 'inner.b', value: ['1', '2'] }, { name: 'm', value: ['1', '0', '0', '1'] }] });
  });

  it('runs on the GPU: checked against a reference when there is one, for written outputs when not', async () => {
    const { device, info } = await testGpu();
    const timing = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 300, targetSampleMs: 1 };
    const withRef = customKernel({ name: 'scale', wgsl: WGSL, sidecar: SIDECAR, reference: ({ x }) => ({ y: Float64Array.from(x!, (v) => 3 * v) }) });
    const checked = await runKernel(device, info, withRef, { params: { N: 1001 }, timing });
    expect(checked.check).toMatchObject({ correct: true, compared: true });
    const unchecked = await runKernel(device, info, make(SIDECAR), { params: { N: 1001 }, timing });
    expect(unchecked.check).toMatchObject({ correct: true, compared: false, nonFinite: 0 });
    const lazy = make(SIDECAR, WGSL.replace('if (gid.x < dims.n)', 'if (gid.x < dims.n / 2u)'));
    const partial = await runKernel(device, info, lazy, { params: { N: 1000 }, timing });
    expect(partial.check).toMatchObject({ correct: false, compared: false, unwritten: { buffer: 'y', index: 500, cause: 'never-written', count: 500 } });
  });
});
