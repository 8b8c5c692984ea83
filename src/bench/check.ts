/**
 * Correctness: every element of every output against the float64 reference.
 * We report the relative error ‖out − ref‖₂ / ‖ref‖₂. The verdict divides by
 * ‖s‖₂ instead, sᵢ being the size of the terms summed into element i where the
 * reference gives it (|refᵢ| otherwise): f32 rounding is relative to the terms,
 * so an output that nearly cancels (a·x + y ≈ 0) would otherwise fail a
 * correct kernel at random. Any NaN or infinity fails, whatever the norms say.
 */
import { KernelLabError } from '../gpu/errors';
import { bitsOf, kindAt, POISON_BITS, type BufferShape } from '../kernels/memory';
import type { HostArray } from '../kernels/spec';

export interface ElementMismatch {
  readonly buffer: string;
  readonly index: number;
  readonly got: number;
  readonly expected: number;
}

/** An output value that no correct run leaves as it was: never written, or read before it was written. */
export interface Unwritten {
  readonly buffer: string;
  /** The host value's index (padding counted, as the reference indexes it). */
  readonly index: number;
  readonly cause: 'never-written' | 'read-before-written';
  /** How many such values the buffer has. */
  readonly count: number;
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
  /** The first output value that two check runs from different poisons disagree on. */
  readonly unwritten?: Unwritten;
  /** What the numbers mean, where a layout explains a failure (a vec3's padding, a read_write buffer read in place). */
  readonly hint?: string;
}

/** A buffer whose elements carry padding: why a reference written for packed values does not line up. */
export function paddingHint(name: string, shape: BufferShape | undefined): string | undefined {
  if (!shape?.padded) return undefined;
  const real = shape.kinds.filter((k) => k !== 'pad').length;
  const all = shape.kinds.length;
  return `${name} is an array of ${shape.elementText}, whose elements take ${shape.stride} bytes (${all} values, ${all - real} of them padding): ` +
    `the reference receives and returns ${all} values per element, and a size in values ("length") must count the padding; "elements" counts elements.`;
}

export function checkOutputs(
  outputs: readonly { readonly name: string; readonly got: HostArray; readonly expected: Float64Array; readonly terms?: Float64Array | undefined; readonly shape?: BufferShape | undefined }[],
  tolerance: number,
): CheckResult {
  let diff2 = 0;
  let ref2 = 0;
  let scale2 = 0;
  let maxAbs = 0;
  let elements = 0;
  let nonFinite = 0;
  let worst: ElementMismatch | undefined;
  for (const { name, got, expected, terms, shape } of outputs) {
    if (expected.length !== got.length) {
      const why = paddingHint(name, shape);
      throw new KernelLabError('spec', `The reference for ${name} has ${expected.length} elements but the output has ${got.length}.${why ? ` ${why}` : ''}`);
    }
    if (terms && terms.length !== got.length) {
      throw new Error(`The reference gives ${terms.length} term sizes for ${name}, which has ${got.length} elements.`);
    }
    elements += got.length;
    for (let i = 0; i < got.length; i++) {
      if (shape?.padded && kindAt(shape, i) === 'pad') continue;
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
  const correct = nonFinite === 0 && scaledError <= tolerance;
  const hint = correct ? undefined : outputs.map((o) => paddingHint(o.name, o.shape)).find((h) => h !== undefined);
  return {
    correct,
    ...(hint ? { hint } : {}),
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

/**
 * Compare an output's memory after two check runs on the same inputs, one
 * from each poison pattern (memory.ts): a value that differs was never
 * written (it kept each run's poison) or was read before it was written (it
 * follows the poison). Padding is skipped. Undefined when every value agrees.
 */
export function findUnwritten(outputs: readonly { readonly name: string; readonly shape: BufferShape; readonly first: ArrayBuffer; readonly second: ArrayBuffer }[]): Unwritten | undefined {
  for (const { name, shape, first, second } of outputs) {
    const a = bitsOf(shape, first);
    const b = bitsOf(shape, second);
    let found: Omit<Unwritten, 'count'> | undefined;
    let count = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      const kind = kindAt(shape, i);
      if (kind === 'pad') continue;
      count++;
      if (!found) {
        const [p0, p1] = POISON_BITS[kind];
        found = { buffer: name, index: i, cause: a[i] === p0 && b[i] === p1 ? 'never-written' : 'read-before-written' };
      }
    }
    if (found) return { ...found, count };
  }
  return undefined;
}

/** The sentence for an unwritten value, with what to do about it. */
export function unwrittenMessage(u: Unwritten, readsItself: boolean): string {
  const more = u.count > 1 ? ` (${u.count.toLocaleString('en-US')} values in all)` : '';
  if (u.cause === 'never-written') {
    return `${u.buffer}[${u.index}] was never written${more}: it kept the poison of both check runs. Does the dispatch cover every element?`;
  }
  return `${u.buffer}[${u.index}] was read before it was written${more}: its value followed what the buffer held before the run.` +
    (readsItself ? ` ${u.buffer} is read_write and the kernel reads it: if it updates the buffer in place, give it "role": "inout" so it starts from defined contents (the reference then receives them).` : '');
}
