/**
 * A buffer's memory as the host sees it. Every buffer is a run of values of
 * 4 bytes (2 for f16), each an f32, u32, i32 or f16, or padding: an
 * `array<vec3<f32>>` element is 4 values, the last one padding (WGSL gives
 * vec3 a 16-byte alignment); a `struct Body { pos: vec2f, id: u32 }` element is
 * [f32, f32, u32, pad]. Inputs are written value by value in this layout, the
 * reference receives it, and outputs are read and checked in it, padding
 * skipped.
 *
 * What the reference receives: for buffers of one 32-bit kind, the typed
 * array over the memory itself (Float32Array, Uint32Array, Int32Array); for
 * f16 buffers and structs mixing kinds, the decoded values in a Float64Array
 * (same indexing, padding as 0).
 */
import type { TypeLayout } from './reflect';

export type ValueKind = 'f32' | 'u32' | 'i32' | 'f16' | 'pad';
export type HostArray = Float32Array | Uint32Array | Int32Array | Float64Array;

export interface BufferShape {
  /** The element's type, for messages (`vec3<f32>`, `Body`). */
  readonly elementText: string;
  /** Bytes per element: the array stride, or the whole type for a buffer that is not an array. */
  readonly stride: number;
  /** Bytes before the first element (a struct's members ahead of its runtime-sized array). */
  readonly prefix: number;
  /** A runtime-sized array: the number of elements comes from the spec. */
  readonly runtime: boolean;
  /** Elements of a fixed-size buffer (1 for a buffer that is not an array). */
  readonly fixedCount: number;
  /** Bytes per host value: 2 for f16 buffers, 4 otherwise. */
  readonly unit: 2 | 4;
  /** The kind of each value of one element (stride / unit entries), and of the prefix. */
  readonly kinds: readonly ValueKind[];
  readonly prefixKinds: readonly ValueKind[];
  /** The one kind every non-padding value has, or 'mixed'. */
  readonly scalar: Exclude<ValueKind, 'pad'> | 'mixed';
  /** Holds atomics: an output starts at zero unless its init says otherwise. */
  readonly atomic: boolean;
  /** Some values of each element are padding (vec3 in an array, struct holes): sizes in values must count them. */
  readonly padded: boolean;
  /** For struct elements: the value slots (within one element) of each member, for per-member inits. */
  readonly members: Readonly<Record<string, readonly number[]>>;
  /** For a struct with a runtime-sized array last: the slots of the members before it, and the array member's name. */
  readonly headerMembers: Readonly<Record<string, readonly number[]>>;
  readonly arrayMember: string | undefined;
}

export class LayoutError extends Error {
  override name = 'LayoutError';
}

/** Value kinds of `bytes` bytes of `layout`, 4 bytes (or 2 for f16) each, padding where nothing lives. */
function kindsOf(layout: TypeLayout, bytes: number, unit: number): ValueKind[] {
  const out: ValueKind[] = Array.from({ length: Math.ceil(bytes / unit) }, () => 'pad');
  const put = (offset: number, l: TypeLayout): void => {
    switch (l.kind) {
      case 'scalar':
      case 'vector':
      case 'matrix': {
        if (l.scalar === 'bool') throw new LayoutError(`${l.text} holds bool, which has no memory layout a host can share`);
        const size = l.scalar === 'f16' ? 2 : 4;
        if (size !== unit) throw new LayoutError(`${l.text} mixes f16 with 32-bit values, which Kernel Lab cannot lay out yet`);
        const columns = l.kind === 'matrix' ? l.columns : 1;
        const rows = l.kind === 'matrix' ? l.rows : l.kind === 'vector' ? l.n : 1;
        const columnStride = l.kind === 'matrix' ? l.columnStride : 0;
        for (let c = 0; c < columns; c++) for (let r = 0; r < rows; r++) out[(offset + c * columnStride + r * size) / unit] = l.scalar;
        return;
      }
      case 'array':
        for (let i = 0; i < (l.count ?? 0); i++) put(offset + i * l.stride, l.element);
        return;
      case 'struct':
        for (const m of l.members) put(offset + m.offset, m.layout);
        return;
    }
  };
  put(0, layout);
  return out;
}

function hasF16(l: TypeLayout): boolean {
  switch (l.kind) {
    case 'array': return hasF16(l.element);
    case 'struct': return l.members.some((m) => hasF16(m.layout));
    default: return l.scalar === 'f16';
  }
}

function hasAtomic(l: TypeLayout): boolean {
  switch (l.kind) {
    case 'scalar': return l.atomic;
    case 'array': return hasAtomic(l.element);
    case 'struct': return l.members.some((m) => hasAtomic(m.layout));
    default: return false;
  }
}

/**
 * The shape of a storage buffer of type `layout`: an array's elements; a
 * struct whose last member is a runtime-sized array, that array's elements
 * after the other members; anything else, one element.
 */
export function bufferShape(layout: TypeLayout): BufferShape {
  const unit = hasF16(layout) ? 2 : 4;
  let element = layout;
  let stride = layout.size;
  let prefix = 0;
  let prefixLayout: TypeLayout | undefined;
  let runtime = false;
  let fixedCount = 1;
  if (layout.kind === 'array') {
    element = layout.element;
    stride = layout.stride;
    runtime = layout.count === undefined;
    fixedCount = layout.count ?? 0;
  } else if (layout.kind === 'struct') {
    const last = layout.members.at(-1);
    if (last?.layout.kind === 'array' && last.layout.count === undefined) {
      element = last.layout.element;
      stride = last.layout.stride;
      prefix = last.offset;
      prefixLayout = { ...layout, members: layout.members.slice(0, -1) };
      runtime = true;
      fixedCount = 0;
    }
  }
  const kinds = kindsOf(element, stride, unit);
  const prefixKinds = prefixLayout ? kindsOf(prefixLayout, prefix, unit) : [];
  const real = new Set([...kinds, ...prefixKinds].filter((k) => k !== 'pad'));
  const slotsOf = (s: TypeLayout): Record<string, number[]> =>
    s.kind === 'struct'
      ? Object.fromEntries(s.members.map((m) => {
          const first = m.offset / unit;
          return [m.name, kindsOf(m.layout, m.layout.size, unit).flatMap((k, i) => (k === 'pad' ? [] : [first + i]))];
        }))
      : {};
  return {
    members: slotsOf(element),
    headerMembers: prefixLayout ? slotsOf(prefixLayout) : {},
    arrayMember: prefixLayout && layout.kind === 'struct' ? layout.members.at(-1)!.name : undefined,
    elementText: element.text,
    stride,
    prefix,
    runtime,
    fixedCount,
    unit,
    kinds,
    prefixKinds,
    scalar: real.size === 1 ? ([...real][0] as Exclude<ValueKind, 'pad'>) : 'mixed',
    atomic: hasAtomic(layout),
    padded: kinds.includes('pad'),
  };
}

/** A plain array of one scalar kind: the shape of a buffer no shader declares (the driver's copy). */
export function scalarShape(kind: 'f32' | 'u32' | 'i32'): BufferShape {
  return { elementText: kind, stride: 4, prefix: 0, runtime: true, fixedCount: 0, unit: 4, kinds: [kind], prefixKinds: [], scalar: kind, atomic: false, padded: false, members: {}, headerMembers: {}, arrayMember: undefined };
}

/** The kind of host value `i` of a buffer of this shape. */
export function kindAt(shape: BufferShape, i: number): ValueKind {
  const pre = shape.prefixKinds.length;
  if (i < pre) return shape.prefixKinds[i]!;
  return shape.kinds[(i - pre) % shape.kinds.length]!;
}

/** Host values in `bytes` bytes of this shape. */
export const valuesIn = (shape: BufferShape, bytes: number): number => Math.ceil(bytes / shape.unit);

/** Bytes for `elements` elements. */
export const bytesFor = (shape: BufferShape, elements: number): number => shape.prefix + elements * shape.stride;

// f16 <-> number, for buffers of halves (Float16Array is not in every runtime yet).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant = (mant | 0x800000) >>> (1 - e);
    return sign | ((mant + 0x1000) >>> 13);
  }
  // Round to nearest even.
  const half = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  return rest > 0x1000 || (rest === 0x1000 && half & 1) ? half + 1 : half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (mant / 1024);
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}

/** The memory for host values (padding written as zero bits). */
export function encode(shape: BufferShape, values: ArrayLike<number>): ArrayBuffer {
  const bytes = new ArrayBuffer(Math.ceil((values.length * shape.unit) / 4) * 4);
  if (shape.unit === 2) {
    const h = new Uint16Array(bytes);
    for (let i = 0; i < values.length; i++) h[i] = kindAt(shape, i) === 'pad' ? 0 : toHalf(values[i]!);
    return bytes;
  }
  const f = new Float32Array(bytes);
  const u = new Uint32Array(bytes);
  const s = new Int32Array(bytes);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    switch (kindAt(shape, i)) {
      case 'f32': f[i] = v; break;
      case 'u32': u[i] = v >>> 0; break;
      case 'i32': s[i] = v | 0; break;
      default: u[i] = 0;
    }
  }
  return bytes;
}

/** What the reference and the check see of `count` host values of this memory. */
export function decode(shape: BufferShape, bytes: ArrayBuffer, count = valuesIn(shape, bytes.byteLength)): HostArray {
  if (shape.unit === 4 && shape.scalar !== 'mixed') {
    const n = Math.min(count, bytes.byteLength / 4);
    return shape.scalar === 'f32' ? new Float32Array(bytes, 0, n) : shape.scalar === 'u32' ? new Uint32Array(bytes, 0, n) : new Int32Array(bytes, 0, n);
  }
  const out = new Float64Array(count);
  if (shape.unit === 2) {
    const h = new Uint16Array(bytes, 0, Math.min(count, bytes.byteLength / 2));
    for (let i = 0; i < h.length; i++) out[i] = kindAt(shape, i) === 'pad' ? 0 : fromHalf(h[i]!);
    return out;
  }
  const f = new Float32Array(bytes);
  const u = new Uint32Array(bytes);
  const s = new Int32Array(bytes);
  for (let i = 0; i < Math.min(count, f.length); i++) {
    const k = kindAt(shape, i);
    out[i] = k === 'f32' ? f[i]! : k === 'u32' ? u[i]! : k === 'i32' ? s[i]! : 0;
  }
  return out;
}

/**
 * Bit patterns no correct kernel leaves behind, two of them: a check run from
 * each tells an element that was never written (it keeps the pattern) or read
 * before it was written (its value follows the pattern) from a written one.
 * First: NaN for floats, all-ones for integers. Second: a float near 1.23
 * that no kernel computes by chance, and 0x5A5A5A5A for integers. NaN stays
 * NaN under arithmetic, so the second pattern must change under it: an
 * in-place `data[i] += 1.0` leaves 1.23 + 1, where a huge value such as 1e30
 * would absorb the addition and pass for never written.
 */
export const POISON_BITS: Readonly<Record<Exclude<ValueKind, 'pad'>, readonly [number, number]>> = {
  f32: [0x7fc00000, 0x3f9e0652],
  u32: [0xffffffff, 0x5a5a5a5a],
  i32: [0xffffffff, 0x5a5a5a5a],
  f16: [0x7e00, 0x3cf0],
};

/** Memory of `bytes` bytes filled with poison pattern `which` (0 or 1), padding zero. */
export function poisonMemory(shape: BufferShape, bytes: number, which: 0 | 1): ArrayBuffer {
  const out = new ArrayBuffer(Math.ceil(bytes / 4) * 4);
  const n = valuesIn(shape, bytes);
  if (shape.unit === 2) {
    const h = new Uint16Array(out);
    for (let i = 0; i < n; i++) {
      const k = kindAt(shape, i);
      h[i] = k === 'pad' ? 0 : POISON_BITS[k][which];
    }
    return out;
  }
  const u = new Uint32Array(out);
  for (let i = 0; i < n; i++) {
    const k = kindAt(shape, i);
    u[i] = k === 'pad' ? 0 : POISON_BITS[k][which];
  }
  return out;
}

/** The raw bits of each host value (to compare two runs exactly, NaN payloads included). */
export function bitsOf(shape: BufferShape, bytes: ArrayBuffer): Uint16Array | Uint32Array {
  return shape.unit === 2 ? new Uint16Array(bytes, 0, Math.floor(bytes.byteLength / 2)) : new Uint32Array(bytes, 0, Math.floor(bytes.byteLength / 4));
}
