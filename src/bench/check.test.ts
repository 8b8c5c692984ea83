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

  it('refuses a reference of the wrong length', () => {
    expect(() => checkOutputs([{ name: 'C', got: new Float32Array(3), expected: ref }], 0)).toThrow(/reference for C has 4 elements but the output has 3/);
  });
});
