import { describe, expect, it } from 'vitest';
import { bufferShape, poisonMemory } from '../../kernels/memory';
import { reflectWgsl } from '../../kernels/reflect';
import { checkOutputs, describeValue, findUnwritten, unwrittenMessage } from './check';

const ref = Float64Array.from([1, -2, 3, 4]);

describe('checking outputs against the reference', () => {
  it('passes an exact answer with zero error', () => {
    const r = checkOutputs([{ name: 'C', got: Float32Array.from([1, -2, 3, 4]), expected: ref }], 0);
    expect(r).toMatchObject({ correct: true, relError: 0, maxAbsError: 0, elements: 4, nonFinite: 0 });
  });

  it('computes the relative and max errors and finds the worst element', () => {
    const r = checkOutputs([{ name: 'C', got: Float32Array.from([1, -2, 3.5, 4]), expected: ref }], 0.05);
    expect(r.relError).toBeCloseTo(0.5 / Math.sqrt(30), 12);
    expect(r.maxAbsError).toBeCloseTo(0.5, 12);
    expect(r.worst).toEqual({ buffer: 'C', index: 2, got: 3.5, expected: 3 });
    expect(r.correct).toBe(false);
    expect(checkOutputs([{ name: 'C', got: Float32Array.from([1, -2, 3.5, 4]), expected: ref }], 0.1).correct).toBe(true);
  });

  it('never passes NaN, even where the tolerance is huge', () => {
    const r = checkOutputs([{ name: 'C', got: Float32Array.from([1, Number.NaN, 3, 4]), expected: ref }], 1e9);
    expect(r.correct).toBe(false);
    expect(r.nonFinite).toBe(1);
    expect(r.relError).toBe(Number.POSITIVE_INFINITY);
    expect(r.worst?.index).toBe(1);
  });

  it('fails an all-zero output against a non-zero reference', () => {
    expect(checkOutputs([{ name: 'C', got: new Float32Array(4), expected: ref }], 0.5).relError).toBe(1);
  });

  it('combines several outputs into one verdict', () => {
    const r = checkOutputs([
      { name: 'X', got: Float32Array.from([1, -2, 3, 4]), expected: ref },
      { name: 'Y', got: Float32Array.from([0, 0]), expected: Float64Array.from([0, 1]) },
    ], 0.01);
    expect(r.correct).toBe(false);
    expect(r.elements).toBe(6);
    expect(r.worst?.buffer).toBe('Y');
  });

  it('judges a nearly cancelling result against the size of its terms, and reports both errors', () => {
    // 1 + (−1 + 1e-6) in f32: the terms are about 1, the result 1e-6, and f32 rounds it by ~1e-8.
    const exact = Float64Array.from([1e-6]);
    const got = Float32Array.from([1e-6 + 6e-8]);
    const terms = Float64Array.from([2]);
    const plain = checkOutputs([{ name: 'out', got, expected: exact }], 1e-6);
    expect(plain.correct).toBe(false);
    expect(plain.scaledError).toBe(plain.relError);
    const scaled = checkOutputs([{ name: 'out', got, expected: exact, terms }], 1e-6);
    expect(scaled.relError).toBeCloseTo(plain.relError, 12);
    expect(scaled.scaledError).toBeCloseTo(Math.abs(got[0]! - exact[0]!) / 2, 12);
    expect(scaled.correct).toBe(true);
  });

  it('never lets term sizes below the result loosen the verdict', () => {
    const r = checkOutputs([{ name: 'C', got: Float32Array.from([1, -2, 3.5, 4]), expected: ref, terms: new Float64Array(4) }], 0.05);
    expect(r.scaledError).toBe(r.relError);
    expect(r.correct).toBe(false);
  });

  it('refuses a reference of the wrong length', () => {
    expect(() => checkOutputs([{ name: 'C', got: new Float32Array(3), expected: ref }], 0)).toThrow(/reference for C has 4 elements but the output has 3/);
    expect(() => checkOutputs([{ name: 'C', got: new Float32Array(4), expected: ref, terms: new Float64Array(2) }], 0)).toThrow(/2 term sizes for C, which has 4 elements/);
  });
});

describe('values two poisoned check runs disagree on', () => {
  const shapeOf = (decl: string, prelude = '') => bufferShape(reflectWgsl(`${prelude}\n@group(0) @binding(0) var<storage, read_write> out: ${decl};\n@compute @workgroup_size(1) fn main() {}`).bindings[0]!.layout!);

  it('names the first never-written value as an element and component, and counts elements, not values', () => {
    const shape = shapeOf('array<vec2u>');
    const n = 1000;
    const first = poisonMemory(shape, n * 8, 0);
    const second = poisonMemory(shape, n * 8, 1);
    // Elements 0 … 959 written alike in both runs; 960 … 999 never.
    for (const m of [first, second]) new Uint32Array(m).fill(7, 0, 960 * 2);
    expect(findUnwritten([{ name: 'out', shape, first, second }])).toEqual({ buffer: 'out', index: 1920, element: 'out[960].x', cause: 'never-written', count: 40, all: false });
  });

  it('tells a buffer never written at all, and one whose values followed the poison', () => {
    const shape = shapeOf('array<f32>');
    const untouched = findUnwritten([{ name: 'out', shape, first: poisonMemory(shape, 16, 0), second: poisonMemory(shape, 16, 1) }]);
    expect(untouched).toMatchObject({ cause: 'never-written', all: true, count: 4 });
    expect(unwrittenMessage(untouched!, true)).toContain('"role": "input"');
    const doubled = (m: ArrayBuffer) => Float32Array.from(new Float32Array(m), (v) => v * 2).buffer;
    const read = findUnwritten([{ name: 'out', shape, first: doubled(poisonMemory(shape, 16, 0)), second: doubled(poisonMemory(shape, 16, 1)) }]);
    expect(read).toMatchObject({ cause: 'depends-on-start', element: 'out[0]' });
    expect(unwrittenMessage(read!, true)).toMatch(/out\[0\] was read before it was written .*"role": "inout"/);
    expect(unwrittenMessage({ ...read!, cause: 'nondeterministic' }, true)).toContain('race');
  });

  it('names struct members and a header before a runtime array', () => {
    const shape = shapeOf('Data', 'struct Item { pos: vec2f, id: u32 }\nstruct Data { count: u32, items: array<Item> }');
    expect(describeValue('out', shape, 0)).toBe('out.count');
    expect(describeValue('out', shape, 2)).toBe('out.items[0].pos');
    expect(describeValue('out', shape, 4)).toBe('out.items[0].id');
    expect(describeValue('out', shape, 8)).toBe('out.items[1].id');
  });
});
