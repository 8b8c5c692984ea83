import { describe, expect, it } from 'vitest';
import { reflectWgsl } from './reflect';
import { uniformProblems, writeUniforms } from './uniforms';

const uniformOf = (wgsl: string) => {
  const b = reflectWgsl(`${wgsl}\n@compute @workgroup_size(1) fn main() {}`).bindings.find((x) => x.space === 'uniform')!;
  return { layout: b.layout!, name: b.name };
};

describe('uniform values by member', () => {
  const { layout, name } = uniformOf('struct Params { n: u32, scale: vec2<f32>, offset: vec3f }\n@group(0) @binding(0) var<uniform> p: Params;');

  it('writes each value at its member\'s offset: a vec2 after a u32 at byte 8', () => {
    const data = writeUniforms(layout, name, [{ name: 'n', values: [7] }, { name: 'scale.x', values: [2] }, { name: 'scale.y', values: [0.5] }, { name: 'offset', values: [1, 2, 3] }]);
    expect(data.byteLength).toBe(32);
    const v = new DataView(data);
    expect(v.getUint32(0, true)).toBe(7);
    expect(v.getFloat32(8, true)).toBe(2);
    expect(v.getFloat32(12, true)).toBe(0.5);
    expect([16, 20, 24].map((o) => v.getFloat32(o, true))).toEqual([1, 2, 3]);
  });

  it('accepts a whole vector at once, or its components', () => {
    expect(uniformProblems(layout, name, [{ name: 'n', count: 1 }, { name: 'scale', count: 2 }, { name: 'offset', count: 3 }])).toEqual([]);
    expect(uniformProblems(layout, name, [{ name: 'n', count: 1 }, { name: 'scale.x', count: 1 }, { name: 'scale[1]', count: 1 }, { name: 'offset', count: 3 }])).toEqual([]);
  });

  it('names both sides of a mistake: a member that does not exist, one left without a value, a wrong count or type', () => {
    expect(uniformProblems(layout, name, [{ name: 'n', count: 1 }, { name: 'scale', count: 2 }, { name: 'ox', count: 1 }])[0]).toBe(
      '"ox" is not a member of Params (its members: n: u32, scale: vec2f, offset: vec3f)',
    );
    expect(uniformProblems(layout, name, [{ name: 'n', count: 1 }, { name: 'scale', count: 2 }])[0]).toMatch(/^offset\.x \(f32\), offset\.y \(f32\), offset\.z \(f32\) have no value; the shader reads Params \{ n: u32/);
    expect(uniformProblems(layout, name, [{ name: 'n', count: 1 }, { name: 'scale', count: 3 }, { name: 'offset', count: 3 }])[0]).toMatch(/"scale" holds 2 values/);
    expect(uniformProblems(layout, name, [{ name: 'n', count: 1, type: 'f32' }, { name: 'scale', count: 2 }, { name: 'offset', count: 3 }])[0]).toBe('"n" is said to be f32, but the shader has u32');
  });

  it('names a plain scalar uniform by its variable', () => {
    const u = uniformOf('@group(0) @binding(0) var<uniform> count: u32;');
    expect(uniformProblems(u.layout, u.name, [{ name: 'count', count: 1 }])).toEqual([]);
    expect(new DataView(writeUniforms(u.layout, u.name, [{ name: 'count', values: [9] }])).getUint32(0, true)).toBe(9);
    expect(uniformProblems(u.layout, u.name, [{ name: 'n', count: 1 }])[0]).toMatch(/"n" is not count: this uniform is a plain u32/);
  });
});
