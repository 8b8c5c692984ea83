import { describe, expect, it } from 'vitest';
import { runKernel } from '../bench/run';
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
    ];
    for (const [sidecar, message] of cases) {
      expect(() => make(sidecar)).toThrow(SidecarError);
      expect(() => make(sidecar)).toThrow(`scale.json: ${message}`);
    }
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
