/**
 * Which elements of a checked buffer are wrong. The verdict (check.ts) is a
 * norm over the whole output: ‖out − ref‖₂ / ‖s‖₂ ≤ tolerance, sᵢ being the
 * size of the terms summed into element i (|refᵢ| where the reference gives
 * no terms). Over n values that ratio is rms(d) / rms(s), so each element is
 * measured the same way, against its own scale:
 *
 *   element i mismatches when gotᵢ is NaN or infinite, or
 *   |gotᵢ − refᵢ| > tolerance × max(sᵢ, rms(s)).
 *
 * The floor rms(s) keeps an element whose terms nearly vanish (a row of A
 * that happens to be tiny) from being flagged for rounding that the norm
 * rightly ignores. Consequences, both checked in the tests: with no element
 * flagged, ‖d‖² ≤ tol²·Σ max(sᵢ, rms s)² ≤ 2·tol²·‖s‖², so the scaled error is
 * at most √2 × tolerance (a check that fails with nothing flagged failed by
 * less than that, an error spread thinly over everything); and a correct
 * kernel's f32 rounding, some 2⁻²⁴·√K of the terms, is far below the
 * threshold, so its run flags nothing. Padding (array<vec3f>) is never a
 * mismatch, and is not compared. Without a reference only non-finite values
 * mismatch, as in checkWritten.
 */
import { kindAt, type BufferShape, type HostArray } from '../../kernels/memory';

/** What one host value is, for the table's highlight and the heatmap's colour. */
export const OK = 0;
export const BEYOND = 1;
export const NON_FINITE = 2;
export const PADDING = 3;
export type ElementStatus = typeof OK | typeof BEYOND | typeof NON_FINITE | typeof PADDING;

export interface ElementErrors {
  /** One ElementStatus per host value of the buffer. */
  readonly status: Uint8Array;
  /**
   * |gotᵢ − refᵢ| / (tolerance × max(sᵢ, rms s)) per host value: over 1 is a
   * mismatch; +∞ for a non-finite value; NaN for padding. Undefined without a reference.
   */
  readonly excess: Float32Array | undefined;
  /** Host-value indices of the mismatches (BEYOND and NON_FINITE), ascending. */
  readonly indices: Int32Array;
  readonly nonFinite: number;
  /** Values compared: the buffer's host values less padding. */
  readonly compared: number;
  /** rms(s), the floor under each element's scale; NaN without a reference. */
  readonly typicalScale: number;
}

/**
 * Classify every host value of `got` against `expected` (and `terms`, the
 * Σ|terms| per element, where the reference gives them) at `tolerance`.
 * Lengths must agree (runKernel's check has already made sure); O(n).
 */
export function findMismatches(
  buffer: { readonly got: HostArray; readonly expected?: Float64Array | undefined; readonly terms?: Float64Array | undefined; readonly shape: BufferShape },
  tolerance: number,
): ElementErrors {
  const { got, expected, terms, shape } = buffer;
  const n = got.length;
  const status = new Uint8Array(n);
  const hasPad = shape.padded || shape.prefixKinds.includes('pad');
  const pad = (i: number): boolean => hasPad && kindAt(shape, i) === 'pad';
  let compared = 0;
  let scale2 = 0;
  for (let i = 0; i < n; i++) {
    if (pad(i)) {
      status[i] = PADDING;
      continue;
    }
    compared++;
    if (expected) {
      const s = Math.max(Math.abs(expected[i]!), Math.abs(terms?.[i] ?? 0));
      if (Number.isFinite(s)) scale2 += s * s;
    }
  }
  const typical = expected && compared > 0 ? Math.sqrt(scale2 / compared) : Number.NaN;
  const excess = expected ? new Float32Array(n) : undefined;
  let count = 0;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] === PADDING) {
      if (excess) excess[i] = Number.NaN;
      continue;
    }
    const g = got[i]!;
    if (!Number.isFinite(g)) {
      status[i] = NON_FINITE;
      if (excess) excess[i] = Number.POSITIVE_INFINITY;
      nonFinite++;
      count++;
      continue;
    }
    if (!expected || !excess) continue;
    const e = expected[i]!;
    const threshold = tolerance * Math.max(Math.abs(e), Math.abs(terms?.[i] ?? 0), typical);
    const d = Math.abs(g - e);
    const x = threshold > 0 ? d / threshold : d > 0 || Number.isNaN(d) ? Number.POSITIVE_INFINITY : 0;
    excess[i] = Number.isNaN(x) ? Number.POSITIVE_INFINITY : x;
    if (!(x <= 1)) {
      status[i] = BEYOND;
      count++;
    }
  }
  const indices = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (status[i] === BEYOND || status[i] === NON_FINITE) indices[k++] = i;
  return { status, excess, indices, nonFinite, compared, typicalScale: typical };
}

/**
 * The mismatch after index `from` (before it, for `step` −1), wrapping
 * around the ends; undefined when there is none. `from` may be −1 (before
 * the first). Binary search over the ascending `indices`: O(log n).
 */
export function nextMismatch(indices: Int32Array, from: number, step: 1 | -1 = 1): number | undefined {
  if (indices.length === 0) return undefined;
  // The first position whose index is > from.
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (indices[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  if (step === 1) return indices[lo < indices.length ? lo : 0];
  // The last position whose index is < from.
  const at = lo > 0 && indices[lo - 1] === from ? lo - 2 : lo - 1;
  return indices[at >= 0 ? at : indices.length - 1];
}
