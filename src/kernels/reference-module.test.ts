import { describe, expect, it } from 'vitest';
import { toOutput } from './reference-module';

describe("a user reference's outputs", () => {
  it('become float64 arrays, or values with the terms they were summed from', () => {
    expect(toOutput([1, 2.5], 'y', 'r.js')).toEqual(Float64Array.from([1, 2.5]));
    expect(toOutput(Float32Array.from([0.5]), 'y', 'r.js')).toBeInstanceOf(Float64Array);
    const both = toOutput({ values: [1e-7], terms: [2] }, 'sum', 'r.js');
    expect(both).toEqual({ values: Float64Array.from([1e-7]), terms: Float64Array.from([2]) });
  });

  it('name the file and the output when they are neither', () => {
    expect(() => toOutput(3 as never, 'y', 'r.js')).toThrow('r.js: output y is 3, not an array of numbers.');
    expect(() => toOutput({ values: [1] } as never, 'y', 'r.js')).toThrow('r.js: output y is neither an array of numbers nor { values, terms }.');
  });
});
