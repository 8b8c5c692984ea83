/**
 * Correctness: every element of every output against the float64 reference.
 * We report the relative error ‖out − ref‖₂ / ‖ref‖₂. The verdict divides by
 * ‖s‖₂ instead, sᵢ being the size of the terms summed into element i where the
 * reference gives it (|refᵢ| otherwise): f32 rounding is relative to the terms,
 * so an output that nearly cancels (a·x + y ≈ 0) would otherwise fail a
 * correct kernel at random. Any NaN or infinity fails, whatever the norms say.
 */
import type { HostArray } from '../kernels/spec';

export interface ElementMismatch {
  readonly buffer: string;
  readonly index: number;
  readonly got: number;
  readonly expected: number;
}

export interface CheckResult {
  readonly correct: boolean;
  /** False when there was no reference: only "written and finite" was checked. */
  readonly compared: boolean;
  /** ‖out − ref‖₂ / ‖ref‖₂. */
  readonly relError: number;
  /** ‖out − ref‖₂ / ‖s‖₂: what the tolerance applies to; equals relError without terms. */
  readonly scaledError: number;
  readonly maxAbsError: number;
  readonly tolerance: number;
  readonly elements: number;
  readonly nonFinite: number;
  /** The element with the largest error (or the first non-finite one). */
  readonly worst?: ElementMismatch;
}

export function checkOutputs(
  outputs: readonly { readonly name: string; readonly got: HostArray; readonly expected: Float64Array; readonly terms?: Float64Array | undefined }[],
  tolerance: number,
): CheckResult {
  let diff2 = 0;
  let ref2 = 0;
  let scale2 = 0;
  let maxAbs = 0;
  let elements = 0;
  let nonFinite = 0;
  let worst: ElementMismatch | undefined;
  for (const { name, got, expected, terms } of outputs) {
    if (expected.length !== got.length) {
      throw new Error(`The reference for ${name} has ${expected.length} elements but the output has ${got.length}.`);
    }
    if (terms && terms.length !== got.length) {
      throw new Error(`The reference gives ${terms.length} term sizes for ${name}, which has ${got.length} elements.`);
    }
    elements += got.length;
    for (let i = 0; i < got.length; i++) {
      const g = got[i]!;
      const e = expected[i]!;
      if (!Number.isFinite(g)) {
        if (nonFinite === 0) worst = { buffer: name, index: i, got: g, expected: e };
        nonFinite++;
        continue;
      }
      const d = Math.abs(g - e);
      // The terms are never smaller than what they sum to; a reference that says otherwise is not trusted.
      const scale = Math.max(Math.abs(e), Math.abs(terms?.[i] ?? 0));
      diff2 += d * d;
      ref2 += e * e;
      scale2 += scale * scale;
      if (d > maxAbs || (d === maxAbs && worst === undefined)) {
        maxAbs = d;
        if (nonFinite === 0) worst = { buffer: name, index: i, got: g, expected: e };
      }
    }
  }
  const ratio = (den2: number): number =>
    nonFinite > 0 ? Number.POSITIVE_INFINITY : den2 > 0 ? Math.sqrt(diff2 / den2) : diff2 > 0 ? Number.POSITIVE_INFINITY : 0;
  const relError = ratio(ref2);
  const scaledError = ratio(scale2);
  const maxAbsError = nonFinite > 0 ? Number.POSITIVE_INFINITY : maxAbs;
  return {
    correct: nonFinite === 0 && scaledError <= tolerance,
    compared: true,
    relError,
    scaledError,
    maxAbsError,
    tolerance,
    elements,
    nonFinite,
    ...(worst ? { worst } : {}),
  };
}

/** Without a reference: every output element must have been written (no poison left) and be finite. */
export function checkWritten(outputs: readonly { readonly name: string; readonly got: HostArray }[]): CheckResult {
  let elements = 0;
  let nonFinite = 0;
  let worst: ElementMismatch | undefined;
  for (const { name, got } of outputs) {
    elements += got.length;
    for (let i = 0; i < got.length; i++) {
      if (Number.isFinite(got[i])) continue;
      if (nonFinite === 0) worst = { buffer: name, index: i, got: got[i]!, expected: Number.NaN };
      nonFinite++;
    }
  }
  return { correct: nonFinite === 0, compared: false, relError: Number.NaN, scaledError: Number.NaN, maxAbsError: Number.NaN, tolerance: Number.NaN, elements, nonFinite, ...(worst ? { worst } : {}) };
}
