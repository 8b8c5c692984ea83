import { describe, expect, it } from 'vitest';
import { checkOutputs } from './check';

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
