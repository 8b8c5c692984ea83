import { describe, expect, it } from 'vitest';
import { bufferShape } from './memory';
import { makeBuffer } from './random';
import { reflectWgsl } from './reflect';

const shapeOf = (decl: string, prelude = '') => bufferShape(reflectWgsl(`${prelude}\n@group(0) @binding(0) var<storage, read_write> b: ${decl};\n@compute @workgroup_size(1) fn main() {}`).bindings[0]!.layout!);

describe('inputs made for a buffer\'s layout', () => {
  it('draws small defaults by kind: never a negative u32 (a count, an index)', () => {
    const u = makeBuffer(shapeOf('array<u32>'), 4000, { kind: 'random' }, 3, 0).view;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThanOrEqual(255);
    const f = makeBuffer(shapeOf('array<f32>'), 4000, { kind: 'random' }, 3, 0).view;
    expect(Math.min(...f)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...f)).toBeLessThan(1);
  });

  it('fills a header and the array after it member by member, padding left at zero', () => {
    const shape = shapeOf('Data', 'struct Data { count: u32, vals: array<vec3f> }');
    const { view } = makeBuffer(shape, 16 + 3 * 16, { kind: 'members', members: { count: { kind: 'fill', value: 3 }, vals: { kind: 'iota' } } }, 1, 0);
    expect([...view]).toEqual([3, 0, 0, 0, 0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0]);
  });

  it('makes permutations, sorted values and explicit values', () => {
    const p = [...makeBuffer(shapeOf('array<u32>'), 4 * 50, { kind: 'permutation' }, 9, 0).view];
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual([...p].sort((a, b) => a - b));
    const s = [...makeBuffer(shapeOf('array<i32>'), 4 * 50, { kind: 'sorted', min: -5, max: 5 }, 9, 0).view];
    expect(s).toEqual([...s].sort((a, b) => a - b));
    expect([...makeBuffer(shapeOf('vec2u'), 8, { kind: 'values', values: ['W', 'H * 2'] }, 0, 0, { W: 7, H: 4 }).view]).toEqual([7, 8]);
    expect(() => makeBuffer(shapeOf('vec2u'), 8, { kind: 'values', values: ['1'] }, 0, 0, {}, 'dims')).toThrow('dims: init gives 1 value, but it holds 2.');
  });

  it('makes a paged layout\'s parts from the block manager, the same layout in every buffer of a run', () => {
    const u32 = shapeOf('array<u32>');
    const at = { S: 4, L: 40, bs: 8 };
    const part = (p: 'blockTable' | 'slotMapping' | 'contextLengths', bytes: number, salt: number) =>
      [...makeBuffer(u32, bytes, { kind: 'paged', part: p, sequences: 'S', longest: 'L', blockSize: 'bs' }, 77, salt, at, p).view];
    const maxBlocks = Math.ceil((40 + 1) / 8);
    const lengths = part('contextLengths', 4 * 4, 1);
    expect(lengths).toEqual([40, 27, 14, 1]);
    const table = part('blockTable', 4 * 4 * maxBlocks, 2);
    const slots = part('slotMapping', 4 * 4, 3);
    // Each next token's slot is where the table says: block · bs + offset, and no block is in two rows.
    lengths.forEach((len, s) => expect(slots[s]).toBe(table[s * maxBlocks + Math.floor(len / 8)]! * 8 + (len % 8)));
    const used = lengths.flatMap((len, s) => table.slice(s * maxBlocks, s * maxBlocks + Math.ceil((len + 1) / 8)));
    expect(new Set(used).size).toBe(used.length);
    expect(() => part('blockTable', 4 * 3, 4)).toThrow(`blockTable: the block table has ${4 * maxBlocks} values, but the buffer holds 3.`);
  });
});
