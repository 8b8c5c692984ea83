/**
 * Converting one chunk's numbers to a kernel input's element type, the part
 * of columns.ts that touches values: native `TypedArray.set` where no value
 * can fail (Float64 → f32, Int16 → i32), a checked loop where one can (a
 * fraction or an out-of-range value for i32 / u32), 64-bit integers read as
 * 32-bit halves. Conventions (apache-arrow JS): a chunk's `values` start at
 * its first row; its validity bitmap is indexed from `offset`.
 */
import { DataType, util, type Data } from 'apache-arrow';

/** The element type of a kernel input buffer. */
export type HostKind = 'f32' | 'i32' | 'u32';
export type HostColumnArray = Float32Array | Int32Array | Uint32Array;

export const ARRAY_OF: Readonly<Record<HostKind, Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor>> = { f32: Float32Array, i32: Int32Array, u32: Uint32Array };
export const RANGE: Readonly<Record<'i32' | 'u32', readonly [number, number]>> = { i32: [-(2 ** 31), 2 ** 31 - 1], u32: [0, 2 ** 32 - 1] };

/** A numeric element type's values, as arrays hold them. */
export type Source =
  | { readonly kind: 'number'; readonly integer: boolean; readonly values: Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array }
  | { readonly kind: 'int64'; readonly signed: boolean; readonly values: BigInt64Array | BigUint64Array }
  | { readonly kind: 'float16'; readonly values: Uint16Array };

/** A chunk of an integer or float type, by how its values are stored. */
export function sourceOf(data: Data): Source {
  const t = data.type;
  if (DataType.isFloat(t) && t.precision === 0) return { kind: 'float16', values: data.values as Uint16Array };
  if (DataType.isInt(t) && t.bitWidth === 64) return { kind: 'int64', signed: t.isSigned, values: data.values as BigInt64Array | BigUint64Array };
  return { kind: 'number', integer: DataType.isInt(t), values: data.values as Extract<Source, { kind: 'number' }>['values'] };
}

/** Validity of element i of a chunk (its bit at offset + i), or undefined when the chunk has no nulls. */
export function validity(data: Data): ((i: number) => boolean) | undefined {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return undefined;
  const offset = data.offset;
  return (i) => ((bitmap[(offset + i) >> 3] ?? 0) >> ((offset + i) & 7)) % 2 === 1;
}

/** Every integer up to this magnitude is an f32 (24-bit significand); beyond it only some are. */
export const F32_EXACT = 2 ** 24;

/** Why an integer beyond 2^24 is refused for an f32 buffer. */
const inexact = (v: number): string => `which f32 cannot hold exactly (it would become ${Math.fround(v)}; f32 holds every integer only up to 2^24 = 16,777,216): feed an i32 or u32 buffer, or scale the column`;

/** Called with the element index, the value in words and why it cannot be converted; throws. */
export type Fail = (i: number, value: string, why: string) => never;

const UNSIGNED = (v: ArrayBufferView): boolean => v instanceof Uint8Array || v instanceof Uint16Array || v instanceof Uint32Array;

/** Writes a chunk's n elements into out[at …] as `kind`, skipping null slots where it checks values. */
export function convertInto(out: HostColumnArray, at: number, n: number, source: Source, isNull: ((i: number) => boolean) | undefined, kind: HostKind, fail: Fail): void {
  if (source.kind === 'number') {
    const values = source.values.subarray(0, n);
    const checked = kind !== 'f32' && (!source.integer || (kind === 'i32' && values instanceof Uint32Array) || (kind === 'u32' && !UNSIGNED(values)));
    if (!checked) {
      // Native conversion, no JavaScript loop: f32 from any of these, i32 from signed or narrow unsigned integers.
      out.set(values, at);
      // 32-bit integers to f32: refused where one would be rounded (a check, not a conversion loop).
      if (kind === 'f32' && (values instanceof Int32Array || values instanceof Uint32Array)) {
        for (let i = 0; i < n; i++) {
          const v = values[i] ?? 0;
          if ((v > F32_EXACT || v < -F32_EXACT) && Math.fround(v) !== v && !isNull?.(i)) fail(i, String(v), inexact(v));
        }
      }
      return;
    }
    const [lo, hi] = RANGE[kind as 'i32' | 'u32'];
    for (let i = 0; i < n; i++) {
      if (isNull?.(i)) continue;
      const v = values[i] ?? 0;
      if (!Number.isInteger(v)) fail(i, String(v), `which is not an integer, so it cannot become ${kind}`);
      if (v < lo || v > hi) fail(i, String(v), `which does not fit in ${kind} (${lo} to ${hi})`);
      out[at + i] = v;
    }
    return;
  }
  if (source.kind === 'float16') {
    for (let i = 0; i < n; i++) {
      if (isNull?.(i)) continue;
      const v = util.uint16ToFloat64(source.values[i] ?? 0);
      if (kind !== 'f32') {
        const [lo, hi] = RANGE[kind];
        if (!Number.isInteger(v)) fail(i, String(v), `which is not an integer, so it cannot become ${kind}`);
        if (v < lo || v > hi) fail(i, String(v), `which does not fit in ${kind} (${lo} to ${hi})`);
      }
      out[at + i] = v;
    }
    return;
  }
  // 64-bit integers, read as (low, high) 32-bit halves of the same memory (little-endian): no BigInt per element.
  const words = new Int32Array(source.values.buffer, source.values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    if (isNull?.(i)) continue;
    const low = words[2 * i] ?? 0;
    const high = words[2 * i + 1] ?? 0;
    if (kind === 'f32') {
      const v = (source.signed ? high : high >>> 0) * 4294967296 + (low >>> 0);
      // Beyond 2^24 the double may itself be rounded (past 2^53): compare exactly, as BigInt, in this rare case only.
      if ((v > F32_EXACT || v < -F32_EXACT) && BigInt(Math.fround(v)) !== source.values[i]) fail(i, String(source.values[i]), inexact(v));
      out[at + i] = v;
      continue;
    }
    const fits = kind === 'i32' ? (source.signed ? high === low >> 31 : high === 0 && low >= 0) : high === 0;
    if (!fits) fail(i, String(source.values[i]), `which does not fit in ${kind} (${RANGE[kind][0]} to ${RANGE[kind][1]})`);
    out[at + i] = kind === 'i32' ? low : low >>> 0;
  }
}
