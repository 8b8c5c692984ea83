/**
 * A table column as the host array behind a kernel's input buffer: f32, i32 or
 * u32, one value per row, or a [rows, d] row-major matrix from a
 * `FixedSizeList<Float32>[d]` column (a Q, K or V; a matmul operand).
 *
 * Where Arrow already holds the values in the wanted layout (one chunk, no
 * nulls, the same element type) the result is a view of Arrow's own memory: no
 * copy and no per-element JavaScript loop. Otherwise the chunks are copied into
 * one array, with `TypedArray.set` converting where no check is needed
 * (Float64 → f32, Int16 → i32) and a checked loop where values may not fit
 * (Int64 → i32, negatives → u32, fractions → integers). Arrow's `toArray()` is
 * never used: it ignores the null bitmap, and null slots hold garbage. The
 * per-chunk conversions are in convert.ts.
 */
import { DataType, type Data, type Table, type Vector } from 'apache-arrow';
import { LimitError } from '../gpu/errors';
import { DataError } from './errors';
import { ARRAY_OF, convertInto, sourceOf, validity, type Fail, type HostColumnArray, type HostKind } from './convert';
import { fillProblem } from './fill';
import { describeType } from './types';

export type { HostColumnArray, HostKind } from './convert';

/** What to do with null values: refuse the column (the error names the count and first row), or put `fill` in their place. */
export type NullPolicy = 'refuse' | { readonly fill: number };

export interface ColumnRequest {
  readonly kind: HostKind;
  /** Default 'refuse'. */
  readonly nulls?: NullPolicy;
  /** Reshape a scalar column of n values into [n / width, width] (row-major). For a FixedSizeList it must equal d. */
  readonly width?: number;
  /** The most bytes the buffer may take, and the device limit that sets it: checked before anything is allocated. */
  readonly maxBytes?: { readonly bytes: number; readonly limit: string };
  /** The file's name, for error messages (default "the table"). */
  readonly file?: string;
}

export interface HostColumn {
  readonly column: string;
  readonly kind: HostKind;
  /** Row-major values, `shape[0] * (shape[1] ?? 1)` of them (4 bytes each). */
  readonly data: HostColumnArray;
  /** [rows] for one value per row; [rows, d] for a matrix (FixedSizeList or `width`). */
  readonly shape: readonly [number] | readonly [number, number];
  /** `data` is a view of the table's own memory (nothing copied, no per-element loop). */
  readonly zeroCopy: boolean;
  /** What was done to the values, in words for the UI: "converted from Float64 to f32", "3 nulls filled with 0". */
  readonly notes: readonly string[];
  /** Null values filled (0 when the column had none). */
  readonly filled: number;
}

/** The element type of a column if it can feed a kernel buffer: its scalar type and its width (d of FixedSizeList[d], else 1). */
export function kernelInputOf(type: DataType): { readonly element: DataType; readonly width: number } | undefined {
  if (DataType.isFixedSizeList(type)) {
    const child = type.children[0]?.type;
    return child && isNumeric(child) ? { element: child, width: type.listSize } : undefined;
  }
  if (DataType.isDictionary(type)) return isNumeric(type.dictionary) ? { element: type.dictionary, width: 1 } : undefined;
  return isNumeric(type) ? { element: type, width: 1 } : undefined;
}

function isNumeric(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type);
}

/** One chunk of the column seen as elements: its values' Data, the row validity (FixedSizeList rows) and where it starts. */
interface ElementChunk {
  readonly elements: Data;
  /** Elements in this chunk (rows × d for a FixedSizeList). */
  readonly count: number;
  /** Index of its first element in the whole column. */
  readonly start: number;
  /** FixedSizeList: validity of the chunk's own rows. */
  readonly rowValid: ((row: number) => boolean) | undefined;
}

function elementChunks(vector: Vector, listSize: number | undefined): ElementChunk[] {
  let start = 0;
  return vector.data.map((chunk) => {
    const c: ElementChunk = listSize === undefined
      ? { elements: chunk, count: chunk.length, start, rowValid: undefined }
      : { elements: chunk.children[0] as Data, count: chunk.length * listSize, start, rowValid: validity(chunk) };
    start += c.count;
    return c;
  });
}

/** Element i of a chunk is null (its own bit, or its FixedSizeList row's); undefined when the chunk has no nulls. */
function nullTest(c: ElementChunk, width: number): ((i: number) => boolean) | undefined {
  const valid = validity(c.elements);
  const rowValid = c.rowValid;
  if (!valid && !rowValid) return undefined;
  return (i) => (rowValid !== undefined && !rowValid(Math.floor(i / width))) || (valid !== undefined && !valid(i));
}

/** Null elements in the column (a null FixedSizeList row counts d) and the row of the first. */
function nullsOf(chunks: readonly ElementChunk[], width: number): { count: number; firstRow: number } {
  let count = 0;
  let firstRow = -1;
  for (const c of chunks) {
    const isNull = nullTest(c, width);
    if (!isNull) continue;
    for (let i = 0; i < c.count; i++) {
      if (!isNull(i)) continue;
      count++;
      if (firstRow < 0) firstRow = Math.floor((c.start + i) / width);
    }
  }
  return { count, firstRow };
}

/**
 * The column `name` of `table` as the host array for a kernel input buffer.
 * Shapes: a scalar column of n rows gives [n] (or [n / width, width] when `width` is asked);
 * `FixedSizeList<T>[d]` gives [rows, d], row-major. Dictionary columns are decoded; chunks are concatenated.
 * Conversions: any integer or float type → f32 (noted when not Float32; Float64 rounds to the nearest f32; an integer
 * f32 cannot hold exactly, |v| > 2²⁴ and not a multiple of a high enough power of two, is refused naming the first
 * row and value, never rounded); → i32 / u32 only for values that are integers within range, refused otherwise naming the first row.
 * @throws DataError (no-column, column-type, nulls, range, shape) or LimitError (`maxBytes`), before allocating
 */
export function columnToHost(table: Table, name: string, request: ColumnRequest): HostColumn {
  const file = request.file ?? 'the table';
  const field = table.schema.fields.find((f) => f.name === name);
  const vector = table.getChild(name);
  if (!field || !vector) {
    const names = table.schema.fields.map((f) => `"${f.name}"`);
    throw new DataError(file, 'no-column', `there is no column "${name}" (the columns are ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`);
  }
  const input = kernelInputOf(field.type);
  if (!input) throw new DataError(file, 'column-type', `column "${name}" is ${describeType(field.type)}, which cannot become ${request.kind === 'u32' ? 'a' : 'an'} ${request.kind} buffer (that needs integers or floats, or a FixedSizeList of them)`);
  const listSize = DataType.isFixedSizeList(field.type) ? input.width : undefined;
  const dictionary = DataType.isDictionary(field.type);
  if (listSize !== undefined && request.width !== undefined && request.width !== listSize) {
    throw new DataError(file, 'shape', `column "${name}" holds rows of ${listSize} values, not ${request.width}`);
  }
  const width = request.width ?? input.width;
  if (!Number.isInteger(width) || width < 1) throw new DataError(file, 'shape', `a row width must be a positive integer, not ${width}`);
  const elements = listSize === undefined ? table.numRows : table.numRows * listSize;
  if (elements % width !== 0) {
    throw new DataError(file, 'shape', `column "${name}" has ${elements} values, which do not make rows of ${width} (${elements % width} left over)`);
  }
  const rows = elements / width;
  const bytes = elements * 4;
  if (request.maxBytes && bytes > request.maxBytes.bytes) {
    throw new LimitError(request.maxBytes.limit, bytes, request.maxBytes.bytes, `Column "${name}" of ${file} as ${request.kind} (${elements} values)`);
  }
  const policy = request.nulls ?? 'refuse';
  if (policy !== 'refuse') {
    const why = fillProblem(policy.fill, request.kind);
    if (why) throw new DataError(file, 'range', `the fill value ${policy.fill} for column "${name}" ${why}`);
  }

  const chunks = elementChunks(vector, listSize);
  const nulls = nullsOf(chunks, width);
  if (nulls.count > 0 && policy === 'refuse') {
    throw new DataError(file, 'nulls', `column "${name}" has ${nulls.count} null value${nulls.count === 1 ? '' : 's'} (the first in row ${nulls.firstRow}); choose a value to fill them with, or another column`);
  }
  const shape: HostColumn['shape'] = width === 1 ? [rows] : [rows, width];
  const elementName = describeType(input.element);
  const native = { f32: 'Float32', i32: 'Int32', u32: 'Uint32' }[request.kind];
  const converted = elementName === native ? [] : [`converted from ${elementName} to ${request.kind}`];

  // Zero copy: one chunk, no nulls, the same element type (or Int32 ↔ Uint32 with every value in range).
  const only = chunks[0];
  if (chunks.length === 1 && only && nulls.count === 0 && !dictionary) {
    const view = zeroCopyView(only.elements.values as ArrayBufferView, elements, request.kind);
    if (view) return { column: name, kind: request.kind, data: view, shape, zeroCopy: true, notes: [], filled: 0 };
  }

  const out = new ARRAY_OF[request.kind](elements);
  for (const c of chunks) {
    const fail: Fail = (i, value, why) => {
      throw new DataError(file, 'range', `column "${name}" row ${Math.floor((c.start + i) / width)} holds ${value}, ${why}`);
    };
    const isNull = nullTest(c, width);
    if (dictionary) decodeDictionaryInto(out, c, isNull, request.kind, fail, (entry, value, why) => {
      throw new DataError(file, 'range', `column "${name}" dictionary entry ${entry} holds ${value}, ${why}`);
    });
    else convertInto(out, c.start, c.count, sourceOf(c.elements), isNull, request.kind, fail);
    if (isNull && policy !== 'refuse') for (let i = 0; i < c.count; i++) if (isNull(i)) out[c.start + i] = policy.fill;
  }
  const notes = [...(dictionary ? [`decoded from ${describeType(field.type)}`] : []), ...converted];
  if (nulls.count > 0 && policy !== 'refuse') notes.push(`${nulls.count} null${nulls.count === 1 ? '' : 's'} filled with ${policy.fill}`);
  return { column: name, kind: request.kind, data: out, shape, zeroCopy: false, notes, filled: policy === 'refuse' ? 0 : nulls.count };
}

/** Arrow's own values as the wanted array type, when the layout already matches (Int32 ↔ Uint32 only when every value fits). */
function zeroCopyView(values: ArrayBufferView, n: number, kind: HostKind): HostColumnArray | undefined {
  if (kind === 'f32' && values instanceof Float32Array) return values.subarray(0, n);
  if (kind === 'i32' && values instanceof Int32Array) return values.subarray(0, n);
  if (kind === 'u32' && values instanceof Uint32Array) return values.subarray(0, n);
  if (kind === 'u32' && values instanceof Int32Array && !values.subarray(0, n).some((v) => v < 0)) return new Uint32Array(values.buffer, values.byteOffset, n);
  if (kind === 'i32' && values instanceof Uint32Array && !values.subarray(0, n).some((v) => v > 2 ** 31 - 1)) return new Int32Array(values.buffer, values.byteOffset, n);
  return undefined;
}

/** A dictionary chunk: its (small) dictionary converted once, then gathered by index. */
function decodeDictionaryInto(out: HostColumnArray, c: ElementChunk, isNull: ((i: number) => boolean) | undefined, kind: HostKind, fail: Fail, failEntry: Fail): void {
  const dict = c.elements.dictionary;
  if (!dict) return;
  const lookup = new ARRAY_OF[kind](dict.length);
  let before = 0;
  for (const chunk of dict.data) {
    const at = before;
    convertInto(lookup, at, chunk.length, sourceOf(chunk), undefined, kind, (i, value, why) => failEntry(at + i, value, why));
    before += chunk.length;
  }
  const indices = c.elements.values as ArrayLike<number | bigint>;
  for (let i = 0; i < c.count; i++) {
    if (isNull?.(i)) continue;
    const k = Number(indices[i]);
    if (k < 0 || k >= lookup.length) fail(i, `dictionary index ${k}`, `but the dictionary has ${lookup.length} entries`);
    out[c.start + i] = lookup[k] ?? 0;
  }
}
