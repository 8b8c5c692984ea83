import { describe, expect, it } from 'vitest';
import { bitsOf, bufferShape, bytesFor, decode, encode, fromHalf, kindAt, poisonMemory, toHalf } from './memory';
import { reflectWgsl } from './reflect';

const shapeOf = (decl: string, prelude = '') => {
  const r = reflectWgsl(`${prelude}\n@group(0) @binding(0) var<storage, read_write> b: ${decl};\n@compute @workgroup_size(1) fn main() {}`);
  return bufferShape(r.bindings[0]!.layout!);
};

describe('a buffer\'s memory as the host sees it', () => {
  it('counts vec3 padding: an array<vec3<f32>> element is four values, the last one padding', () => {
    const s = shapeOf('array<vec3<f32>>');
    expect(s).toMatchObject({ stride: 16, unit: 4, kinds: ['f32', 'f32', 'f32', 'pad'], scalar: 'f32', runtime: true, padded: true });
    expect(bytesFor(s, 10)).toBe(160);
  });

  it('infers the kind of vectors and atomics', () => {
    expect(shapeOf('array<vec2u>')).toMatchObject({ kinds: ['u32', 'u32'], scalar: 'u32', padded: false });
    expect(shapeOf('array<atomic<i32>>')).toMatchObject({ kinds: ['i32'], scalar: 'i32', atomic: true });
    expect(shapeOf('array<f16>', 'enable f16;')).toMatchObject({ unit: 2, kinds: ['f16'], scalar: 'f16' });
  });

  it('reads a struct wrapping a runtime array of structs as elements after a prefix', () => {
    const s = shapeOf('Bodies', 'struct Body { pos: vec2f, id: u32 }\nstruct Bodies { count: u32, items: array<Body> }');
    expect(s).toMatchObject({ prefix: 8, stride: 16, kinds: ['f32', 'f32', 'u32', 'pad'], prefixKinds: ['u32', 'pad'], scalar: 'mixed', runtime: true });
    expect([0, 1, 2, 3, 4, 5].map((i) => kindAt(s, i))).toEqual(['u32', 'pad', 'f32', 'f32', 'u32', 'pad']);
  });

  it('takes a buffer that is not an array as one element', () => {
    expect(shapeOf('vec2u').fixedCount).toBe(1);
    expect(shapeOf('vec2u').runtime).toBe(false);
    expect(shapeOf('array<f32, 8>')).toMatchObject({ fixedCount: 8, runtime: false });
  });

  it('writes and reads values by their kind, padding as zero', () => {
    const s = shapeOf('array<Body>', 'struct Body { pos: vec2f, id: u32 }');
    const bytes = encode(s, [1.5, -2, 7, 99, 0.25, 0, 4294967295, 0]);
    expect(new Uint32Array(bytes)[3]).toBe(0); // padding stays zero whatever the value given
    expect([...decode(s, bytes)]).toEqual([1.5, -2, 7, 0, 0.25, 0, 4294967295, 0]);
    const plain = shapeOf('array<i32>');
    expect(decode(plain, encode(plain, [-3, 5]))).toEqual(Int32Array.from([-3, 5]));
  });

  it('rounds to f16 and back', () => {
    expect(fromHalf(toHalf(1))).toBe(1);
    expect(fromHalf(toHalf(0.1))).toBeCloseTo(0.0999755859375, 12);
    expect(fromHalf(toHalf(65504))).toBe(65504);
    expect(fromHalf(toHalf(1e6))).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(fromHalf(toHalf(Number.NaN)))).toBe(true);
  });

  it('poisons with two different patterns, padding left alone', () => {
    const s = shapeOf('array<vec3<f32>>');
    const a = bitsOf(s, poisonMemory(s, 32, 0));
    const b = bitsOf(s, poisonMemory(s, 32, 1));
    expect(a[0]).not.toBe(b[0]);
    expect(Number.isNaN(new Float32Array(poisonMemory(s, 32, 0))[0])).toBe(true);
    expect(a[3]).toBe(0);
    expect(b[3]).toBe(0);
  });
});
