/**
 * Correctness: every element of every output against the float64 reference.
 * The verdict uses the relative error ‖out − ref‖₂ / ‖ref‖₂; any NaN or
 * infinity in the output fails, whatever the norm says.
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
  readonly relError: number;
  readonly maxAbsError: number;
  readonly tolerance: number;
  readonly elements: number;
  readonly nonFinite: number;
  /** The element with the largest error (or the first non-finite one). */
  readonly worst?: ElementMismatch;
}

export function checkOutputs(
  outputs: readonly { readonly name: string; readonly got: HostArray; readonly expected: Float64Array }[],
  tolerance: number,
): CheckResult {
  let diff2 = 0;
  let ref2 = 0;
  let maxAbs = 0;
  let elements = 0;
  let nonFinite = 0;
  let worst: ElementMismatch | undefined;
  for (const { name, got, expected } of outputs) {
    if (expected.length !== got.length) {
      throw new Error(`The reference for ${name} has ${expected.length} elements but the output has ${got.length}.`);
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
      diff2 += d * d;
      ref2 += e * e;
      if (d > maxAbs || (d === maxAbs && worst === undefined)) {
        maxAbs = d;
        if (nonFinite === 0) worst = { buffer: name, index: i, got: g, expected: e };
      }
    }
  }
  const relError = nonFinite > 0 ? Number.POSITIVE_INFINITY : ref2 > 0 ? Math.sqrt(diff2 / ref2) : diff2 > 0 ? Number.POSITIVE_INFINITY : 0;
  const maxAbsError = nonFinite > 0 ? Number.POSITIVE_INFINITY : maxAbs;
  return {
    correct: nonFinite === 0 && relError <= tolerance,
    compared: true,
    relError,
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
  return { correct: nonFinite === 0, compared: false, relError: Number.NaN, maxAbsError: Number.NaN, tolerance: Number.NaN, elements, nonFinite, ...(worst ? { worst } : {}) };
}
