import { describe, expect, it } from 'vitest';
import { bufferShape, scalarShape } from '../../kernels/memory';
import { mulberry32 } from '../../kernels/random';
import { reflectWgsl } from '../../kernels/reflect';
import { checkOutputs } from './check';
import { BEYOND, findMismatches, nextMismatch, NON_FINITE, OK, PADDING } from './mismatches';

const F32 = scalarShape('f32');
const vec3Shape = () => bufferShape(reflectWgsl('@group(0) @binding(0) var<storage, read_write> b: array<vec3f>;\n@compute @workgroup_size(1) fn main() {}').bindings[0]!.layout!);

/** A dot product's answer in float64 and its f32 result, with Σ|terms|: what a correct matmul gives. */
function dotProducts(n: number, k: number, seed: number) {
  const rand = mulberry32(seed);
  const expected = new Float64Array(n);
  const terms = new Float64Array(n);
  const got = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let acc = Math.fround(0);
    for (let j = 0; j < k; j++) {
      const a = Math.fround(rand() * 2 - 1);
      const b = Math.fround(rand() * 2 - 1);
      expected[i]! += a * b;
      terms[i]! += Math.abs(a * b);
      acc = Math.fround(acc + Math.fround(a * b));
    }
    got[i] = acc;
  }
  return { expected, terms, got };
}

describe('which elements mismatch', () => {
  it('flags nothing in a correct f32 result, at awkward sizes and depths', () => {
    for (const [n, k, seed] of [[1, 1, 1], [37, 37, 2], [1000, 3, 3], [257, 513, 4]] as const) {
      const { expected, terms, got } = dotProducts(n, k, seed);
      const e = findMismatches({ got, expected, terms, shape: F32 }, 3e-5);
      expect(e.indices.length).toBe(0);
      expect(checkOutputs([{ name: 'C', got, expected, terms }], 3e-5).correct).toBe(true);
    }
  });

  it('flags exactly the elements beyond tolerance × max(sᵢ, rms s), and every NaN or infinity', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const { expected, terms, got } = dotProducts(n, 1 + Math.floor(rand() * 40), trial);
      const tol = 1e-3;
      const typical = Math.sqrt(Array.from(expected, (e, i) => Math.max(Math.abs(e), terms[i]!) ** 2).reduce((a, b) => a + b, 0) / n);
      const want: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        const threshold = tol * Math.max(Math.abs(expected[i]!), terms[i]!, typical);
        if (r < 0.1) got[i] = Number.NaN;
        else if (r < 0.15) got[i] = Number.NEGATIVE_INFINITY;
        // Clearly over or clearly under the threshold, so f32 rounding of the value cannot move it across.
        else if (r < 0.4) got[i] = expected[i]! + (rand() < 0.5 ? -1 : 1) * threshold * (1.5 + rand());
        else if (r < 0.6) got[i] = expected[i]! + threshold * 0.5 * rand();
        if (r < 0.4) want.push(i);
      }
      const e = findMismatches({ got, expected, terms, shape: F32 }, tol);
      expect([...e.indices]).toEqual(want);
      expect(e.nonFinite).toBe(want.filter((i) => !Number.isFinite(got[i]!)).length);
      for (const i of want) expect(e.status[i]).toBe(Number.isFinite(got[i]!) ? BEYOND : NON_FINITE);
      expect(Array.from(e.excess!).filter((x, i) => !want.includes(i) && x > 1)).toEqual([]);
    }
  });

  it('agrees with the verdict: nothing flagged means the scaled error is at most √2 × tolerance', () => {
    const rand = mulberry32(11);
    let clean = 0;
    let failedClearly = 0;
    const contradictions: string[] = [];
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 50);
      const { expected, terms } = dotProducts(n, 4, 100 + trial);
      // Errors of every size up to a few tolerances, some elements exact.
      const tol = 1e-3;
      const amp = tol * (0.3 + 3 * rand());
      const got = Float64Array.from(expected, (v, i) => v + (rand() < 0.3 ? 0 : (rand() - 0.5) * 2 * amp * terms[i]!));
      const flagged = findMismatches({ got, expected, terms, shape: F32 }, tol).indices.length;
      const { scaledError, correct } = checkOutputs([{ name: 'C', got, expected, terms }], tol);
      if (flagged === 0) clean++;
      if (flagged === 0 && scaledError > Math.SQRT2 * tol * (1 + 1e-12)) contradictions.push(`trial ${trial}: nothing flagged at scaled error ${scaledError}`);
      // A failure beyond √2 × tolerance always shows at least one element.
      if (!correct && scaledError > Math.SQRT2 * tol) failedClearly++;
    }
    expect(contradictions).toEqual([]);
    // Both sides were exercised.
    expect(clean).toBeGreaterThan(10);
    expect(failedClearly).toBeGreaterThan(10);
  });

  it('floors each scale at rms(s): an element whose terms vanish is not flagged for rounding', () => {
    const expected = Float64Array.from([100, -100, 1e-9, 100]);
    const got = Float32Array.from([100, -100, 1e-6, 100]);
    expect(findMismatches({ got, expected, shape: F32 }, 1e-5).indices.length).toBe(0);
    // Without the floor it would be a thousand times the tolerance of its own size.
    expect(Math.abs(got[2]! - expected[2]!) / 1e-9).toBeGreaterThan(1e-5 * 1000);
  });

  it('marks padding as padding, never a mismatch, NaN or not', () => {
    const shape = vec3Shape();
    const got = Float32Array.from([1, 2, 3, Number.NaN, 4, 5, 7, Number.NaN]);
    const expected = Float64Array.from([1, 2, 3, 0, 4, 5, 6, 0]);
    const e = findMismatches({ got, expected, shape }, 1e-6);
    expect([...e.status]).toEqual([OK, OK, OK, PADDING, OK, OK, BEYOND, PADDING]);
    expect([...e.indices]).toEqual([6]);
    expect(e.compared).toBe(6);
    expect(Number.isNaN(e.excess![3]!)).toBe(true);
  });

  it('without a reference, only NaN and infinity mismatch', () => {
    const e = findMismatches({ got: Float32Array.from([0, Number.NaN, 1e30, Number.POSITIVE_INFINITY]), shape: F32 }, 1e-5);
    expect([...e.indices]).toEqual([1, 3]);
    expect(e.excess).toBeUndefined();
    expect(Number.isNaN(e.typicalScale)).toBe(true);
  });

  it('at tolerance 0, any difference mismatches and equality does not', () => {
    const e = findMismatches({ got: Uint32Array.from([1, 2, 3]), expected: Float64Array.from([1, 5, 3]), shape: scalarShape('u32') }, 0);
    expect([...e.indices]).toEqual([1]);
    expect([...e.excess!]).toEqual([0, Number.POSITIVE_INFINITY, 0]);
    const zeros = findMismatches({ got: new Float32Array(3), expected: new Float64Array(3), shape: F32 }, 1e-5);
    expect(zeros.indices.length).toBe(0);
  });
});

describe('next mismatch', () => {
  const indices = Int32Array.from([3, 10, 64, 999]);
  it('goes to the next index after the one given, wrapping past the last', () => {
    expect(nextMismatch(indices, -1)).toBe(3);
    expect(nextMismatch(indices, 3)).toBe(10);
    expect(nextMismatch(indices, 11)).toBe(64);
    expect(nextMismatch(indices, 999)).toBe(3);
    expect(nextMismatch(indices, 5000)).toBe(3);
  });

  it('goes back too, wrapping before the first', () => {
    expect(nextMismatch(indices, 10, -1)).toBe(3);
    expect(nextMismatch(indices, 11, -1)).toBe(10);
    expect(nextMismatch(indices, 3, -1)).toBe(999);
    expect(nextMismatch(indices, 0, -1)).toBe(999);
  });

  it('agrees with a linear scan on random sets', () => {
    const rand = mulberry32(5);
    for (let t = 0; t < 100; t++) {
      const set = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 20) }, () => Math.floor(rand() * 100)))].sort((a, b) => a - b);
      const ix = Int32Array.from(set);
      const from = Math.floor(rand() * 102) - 1;
      expect(nextMismatch(ix, from)).toBe(set.find((i) => i > from) ?? set[0]);
      expect(nextMismatch(ix, from, -1)).toBe(set.toReversed().find((i) => i < from) ?? set.at(-1));
    }
  });

  it('has nowhere to go without mismatches', () => {
    expect(nextMismatch(new Int32Array(0), 4)).toBeUndefined();
  });
});
