/** The fill value for nulls: typed text refused, not replaced, when it is not a number the buffer holds. */
import { describe, expect, it } from 'vitest';
import { fillProblem, parseFill } from './fill';

describe('parseFill', () => {
  it('reads a number the buffer holds', () => {
    expect(parseFill(' -1 ', 'i32')).toEqual({ value: -1 });
    expect(parseFill('0.25', 'f32')).toEqual({ value: 0.25 });
    expect(parseFill('4294967295', 'u32')).toEqual({ value: 4294967295 });
  });

  it('refuses text, an empty field and values that would not survive the conversion, saying why', () => {
    expect(parseFill('abc', 'f32')).toEqual({ problem: '"abc" is not a number: give the value the nulls become, e.g. 0 or -1.' });
    expect(parseFill('  ', 'f32')).toEqual({ problem: 'Give a value for the nulls (the field is empty).' });
    expect(parseFill('1e40', 'f32')).toEqual({ problem: 'The fill value 1e40 does not fit in f32 (at most ±3.4028235e+38).' });
    expect(parseFill('Infinity')).toEqual({ problem: 'The fill value Infinity is not a finite number.' });
    expect(parseFill('2.5', 'i32')).toEqual({ problem: 'The fill value 2.5 is not an integer, so it cannot become i32.' });
    expect(parseFill('-1', 'u32')).toEqual({ problem: 'The fill value -1 does not fit in u32 (0 to 4294967295).' });
  });

  it('checks f32 by rounding: the largest finite f32 passes, the next power of two does not', () => {
    expect(fillProblem(3.4028234663852886e38, 'f32')).toBeUndefined();
    expect(fillProblem(2 ** 128, 'f32')).toMatch(/does not fit in f32/);
  });
});
