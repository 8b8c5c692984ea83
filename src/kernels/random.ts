/**
 * Seeded inputs, so any run can be reproduced from the seed in its record.
 * mulberry32: tiny, fast, and good enough for test data (not for anything
 * else); ours because the stream must be the same in the page, Node and the
 * runner, and the seed must be ours to record.
 *
 * A buffer's values follow its memory layout (memory.ts): an init fills the
 * non-padding values, each made for its kind (floats for f32/f16, integers
 * for u32/i32), and padding stays zero.
 */
import { KernelLabError } from '../gpu/errors';
import { evaluate, type Scope } from './expr';
import { decode, encode, kindAt, scalarShape, valuesIn, type BufferShape, type HostArray, type ValueKind } from './memory';
import { decodeLengths, pagedLayout } from './generators';
import { mulberry32 } from './prng';
import type { ElementType, InputInit } from './spec';

export { mulberry32 } from './prng';

/** A fresh 32-bit seed, different on each call. */
export function freshSeed(): number {
  return (Math.random() * 0x1_0000_0000) >>> 0;
}

/** Each buffer gets its own stream (seed mixed with `salt`), so adding a buffer to a spec does not change the others' data. */
const streamOf = (seed: number, salt: number): (() => number) => mulberry32((seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);

const isInteger = (k: ValueKind): boolean => k === 'u32' || k === 'i32';

/** Random bounds where an init gives none: small, and never negative for u32 (a count, an index). */
const DEFAULT_BOUNDS: Readonly<Record<ValueKind, readonly [number, number]>> = { f32: [-1, 1], f16: [-1, 1], u32: [0, 255], i32: [-128, 127], pad: [0, 0] };

function randomValue(kind: ValueKind, min: number | undefined, max: number | undefined, next: () => number): number {
  const lo = min ?? DEFAULT_BOUNDS[kind][0];
  const hi = max ?? DEFAULT_BOUNDS[kind][1];
  return isInteger(kind) ? Math.floor(lo + (hi - lo + 1) * next()) : lo + (hi - lo) * next();
}

export const DEFAULT_INIT: InputInit = { kind: 'random' };

/**
 * Fill `values` (host values of a buffer of this shape) at the slots `slots`
 * returns, per `init`. `path` names the buffer in messages.
 */
function fill(values: Float64Array, shape: BufferShape, slots: readonly number[], init: InputInit, next: () => number, scope: Scope, path: string, seed: number): void {
  switch (init.kind) {
    case 'fill':
      for (const i of slots) values[i] = init.value;
      return;
    case 'iota':
      slots.forEach((i, k) => (values[i] = k));
      return;
    case 'random':
      for (const i of slots) values[i] = randomValue(kindAt(shape, i), init.min, init.max, next);
      return;
    case 'sorted': {
      const made = slots.map((i) => randomValue(kindAt(shape, i), init.min, init.max, next)).sort((a, b) => a - b);
      slots.forEach((i, k) => (values[i] = made[k]!));
      return;
    }
    case 'permutation': {
      const p = slots.map((_, k) => k);
      for (let k = p.length - 1; k > 0; k--) {
        const j = Math.floor(next() * (k + 1));
        [p[k], p[j]] = [p[j]!, p[k]!];
      }
      slots.forEach((i, k) => (values[i] = p[k]!));
      return;
    }
    case 'values': {
      if (init.values.length !== slots.length) {
        throw new KernelLabError('spec', `${path}: init gives ${init.values.length} value${init.values.length === 1 ? '' : 's'}, but it holds ${slots.length}.`);
      }
      slots.forEach((i, k) => (values[i] = evaluate(init.values[k]!, scope)));
      return;
    }
    case 'paged': {
      // The run's seed, not the buffer's stream: every buffer of one run describes the same layout.
      const data = pagedPart(init, scope, seed);
      if (data.length > slots.length) {
        throw new KernelLabError('spec', `${path}: the ${PAGED_PARTS[init.part]} has ${data.length} values, but the buffer holds ${slots.length}.`);
      }
      slots.forEach((i, k) => (values[i] = data[k] ?? 0));
      return;
    }
    case 'members': {
      const perElement = shape.stride / shape.unit;
      const pre = shape.prefixKinds.length;
      const elements = Math.floor((values.length - pre) / perElement);
      const ofElements = (within: readonly number[]): number[] => {
        const out: number[] = [];
        for (let e = 0; e < elements; e++) for (const w of within) out.push(pre + e * perElement + w);
        return out;
      };
      for (const [name, memberInit] of Object.entries(init.members)) {
        // A header member (before the runtime array), the array member itself, or a member of each element.
        const memberSlots = shape.headerMembers[name] ?? (name === shape.arrayMember ? slots.filter((i) => i >= pre) : shape.members[name] ? ofElements(shape.members[name]) : undefined);
        if (!memberSlots) {
          const names = [...Object.keys(shape.headerMembers), ...(shape.arrayMember ? [shape.arrayMember] : []), ...Object.keys(shape.members)];
          throw new KernelLabError('spec', `${path}: init.members.${name}: no member ${name} here (members: ${names.join(', ') || 'none: not a struct'}).`);
        }
        fill(values, shape, memberSlots, memberInit, next, scope, `${path}.${name}`, seed);
      }
      return;
    }
  }
}

const PAGED_PARTS = { blockTable: 'block table', slotMapping: 'slot mapping', contextLengths: 'context lengths' } as const;

/** What a `paged` init puts in its buffer: one part of the layout pagedLayout gives for the run's seed. */
function pagedPart(init: Extract<InputInit, { kind: 'paged' }>, scope: Scope, seed: number): ArrayLike<number> {
  const sequences = evaluate(init.sequences, scope);
  const longest = evaluate(init.longest, scope);
  const blockSize = evaluate(init.blockSize, scope);
  const lengths = decodeLengths(sequences, longest);
  if (init.part === 'contextLengths') return lengths;
  const layout = pagedLayout(lengths, blockSize, seed);
  return init.part === 'blockTable' ? layout.blockTable : layout.slotMapping;
}

/**
 * The starting memory of a buffer of `bytes` bytes and this shape, made by
 * `init` from `seed` (buffer `salt`), and the view of it the reference gets.
 * `scope` holds what `values` expressions may read.
 */
export function makeBuffer(shape: BufferShape, bytes: number, init: InputInit, seed: number, salt: number, scope: Scope = {}, name = 'buffer'): { readonly bytes: ArrayBuffer; readonly view: HostArray } {
  const n = valuesIn(shape, bytes);
  const values = new Float64Array(n);
  const slots: number[] = [];
  for (let i = 0; i < n; i++) if (kindAt(shape, i) !== 'pad') slots.push(i);
  fill(values, shape, slots, init, streamOf(seed, salt), scope, name, seed);
  const memory = encode(shape, values);
  return { bytes: memory, view: decode(shape, memory, n) };
}

export function allocate(type: ElementType, length: number): Float32Array | Uint32Array | Int32Array {
  switch (type) {
    case 'f32': return new Float32Array(length);
    case 'u32': return new Uint32Array(length);
    case 'i32': return new Int32Array(length);
  }
}

/**
 * A plain array of one kind, as makeBuffer makes it for such a buffer (the
 * same stream): for code that feeds the same inputs to another library (the
 * TF.js peer).
 */
export function makeInput(type: ElementType, length: number, init: InputInit, seed: number, salt: number): Float32Array | Uint32Array | Int32Array {
  const out = allocate(type, length);
  const next = streamOf(seed, salt);
  const shape = scalarShape(type);
  const values = new Float64Array(length);
  fill(values, shape, Array.from({ length }, (_, i) => i), init, next, {}, 'input', seed);
  out.set(values);
  return out;
}
