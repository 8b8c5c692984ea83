/**
 * Correctness: every element of every output against the float64 reference.
 * We report the relative error ‖out − ref‖₂ / ‖ref‖₂. The verdict divides by
 * ‖s‖₂ instead, sᵢ being the size of the terms summed into element i where the
 * reference gives it (|refᵢ| otherwise): f32 rounding is relative to the terms,
 * so an output that nearly cancels (a·x + y ≈ 0) would otherwise fail a
 * correct kernel at random. Any NaN or infinity fails, whatever the norms say.
 */
import { KernelLabError } from '../../gpu/errors';
import { bitsOf, kindAt, POISON_BITS, type BufferShape } from '../../kernels/memory';
import type { HostArray } from '../../kernels/spec';

export interface ElementMismatch {
  readonly buffer: string;
  readonly index: number;
  readonly got: number;
  readonly expected: number;
}

/** An output value two check runs disagree on, and why. */
export interface Unwritten {
  readonly buffer: string;
  /** The host value's index (padding counted, as the reference indexes it). */
  readonly index: number;
  /** That value named in WGSL terms: "out[960].x", "q[17]", "data.count". */
  readonly element: string;
  /**
   * never-written: it kept each run's poison; depends-on-start: it followed the
   * poison, so an output was read before it was written; nondeterministic: two
   * runs from the same start disagree (a race).
   */
  readonly cause: 'never-written' | 'depends-on-start' | 'nondeterministic';
  /** Elements of the buffer with this cause. */
  readonly count: number;
  /** No value of the buffer was written at all. */
  readonly all: boolean;
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
  return `${name} is an array of ${shape.elementText}, whose elements take ${shape.stride} bytes (a ${shape.stride}-byte stride): ${all} values each, ${all - real} of them padding. ` +
    `The reference receives and returns that layout, a size in values ("length") must count the padding, and "elements" counts elements.`;
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

/** A host value named in WGSL terms: the element, and the member or component within it. */
export function describeValue(name: string, shape: BufferShape, i: number): string {
  const pre = shape.prefixKinds.length;
  if (i < pre) {
    const member = Object.entries(shape.headerMembers).find(([, slots]) => slots.includes(i))?.[0];
    return member ? `${name}.${member}` : `${name} (header value ${i})`;
  }
  const per = shape.kinds.length;
  const element = Math.floor((i - pre) / per);
  const at = shape.arrayMember ? `${name}.${shape.arrayMember}[${element}]` : `${name}[${element}]`;
  if (per === 1) return at;
  const within = (i - pre) % per;
  const member = Object.entries(shape.members).find(([, slots]) => slots.includes(within))?.[0];
  if (member) return `${at}.${member}`;
  return Object.keys(shape.members).length === 0 && per <= 4 ? `${at}.${'xyzw'[within]}` : `${at}[${within}]`;
}

const elementOf = (shape: BufferShape, i: number): number => (i < shape.prefixKinds.length ? -1 : Math.floor((i - shape.prefixKinds.length) / shape.kinds.length));

/**
 * Compare an output's memory after two check runs on the same inputs, one
 * from each poison pattern (memory.ts): a value that kept each poison was
 * never written; one that differs otherwise followed the poison (or a race:
 * see `sameStart`). Padding is skipped. The first never-written value is
 * reported before any other, as the clearest; undefined when all agree.
 */
export function findUnwritten(outputs: readonly { readonly name: string; readonly shape: BufferShape; readonly first: ArrayBuffer; readonly second: ArrayBuffer }[]): Unwritten | undefined {
  let other: Unwritten | undefined;
  for (const { name, shape, first, second } of outputs) {
    const a = bitsOf(shape, first);
    const b = bitsOf(shape, second);
    const never = new Set<number>();
    const differs = new Set<number>();
    let firstNever = -1;
    let firstOther = -1;
    let values = 0;
    let neverValues = 0;
    for (let i = 0; i < a.length; i++) {
      const kind = kindAt(shape, i);
      if (kind === 'pad') continue;
      values++;
      if (a[i] === b[i]) continue;
      const [p0, p1] = POISON_BITS[kind];
      if (a[i] === p0 && b[i] === p1) {
        never.add(elementOf(shape, i));
        neverValues++;
        if (firstNever < 0) firstNever = i;
      } else {
        differs.add(elementOf(shape, i));
        if (firstOther < 0) firstOther = i;
      }
    }
    if (firstNever >= 0) return { buffer: name, index: firstNever, element: describeValue(name, shape, firstNever), cause: 'never-written', count: never.size, all: neverValues === values };
    if (firstOther >= 0 && !other) other = { buffer: name, index: firstOther, element: describeValue(name, shape, firstOther), cause: 'depends-on-start', count: differs.size, all: false };
  }
  return other;
}

/** The sentence for an unwritten or unstable value, with what to do about it. */
export function unwrittenMessage(u: Unwritten, readWrite: boolean): string {
  const more = u.count > 1 ? ` (${u.count.toLocaleString('en-US')} elements in all)` : '';
  switch (u.cause) {
    case 'never-written':
      return u.all
        ? `${u.buffer} was never written at all: every value kept the poison of both check runs.` +
            (readWrite ? ` A read_write buffer is taken as an output: if the kernel only reads it, give it "role": "input" (or declare it var<storage, read>); if it reads each value and writes it back (an in-place update), give it "role": "inout".` : ' Check the dispatch and the bounds test.')
        : `${u.element} was never written${more}: it kept the poison of both check runs. Does the dispatch cover every element?` +
            (readWrite ? ` Or, if the kernel writes back values it read from ${u.buffer} (an in-place update), give ${u.buffer} "role": "inout", so they start from defined contents.` : '');
    case 'depends-on-start':
      return `${u.element} was read before it was written${more}: its value followed what the outputs held before the run.` +
        (readWrite ? ` If it updates ${u.buffer} in place, give ${u.buffer} "role": "inout", so it starts from defined contents (the reference then receives them).` : '');
    case 'nondeterministic':
      return `${u.element} differs between two runs from the same start${more}: invocations race (two write one place, or one reads what another writes without a barrier), or the kernel keeps state from one run to the next.`;
  }
}
