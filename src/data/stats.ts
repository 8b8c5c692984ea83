/**
 * Per-column minimum, maximum, null and NaN counts for the numeric columns of
 * a table (integers, floats, FixedSizeLists of them, dictionaries of them),
 * for the data panel. One pass over each chunk's typed values, honouring the
 * validity bitmap (null slots hold garbage); no column is converted to a JS
 * array. 64-bit integers are compared as (high, low) 32-bit halves and
 * reported exactly, as BigInt.
 */
import { DataType, util, type Data, type Table } from 'apache-arrow';
import { kernelInputOf } from './columns';
import { validity } from './convert';

export interface ColumnStats {
  readonly column: string;
  /** Non-null, non-NaN values seen (elements, for a FixedSizeList column). */
  readonly count: number;
  /** Null rows (Arrow's null count of the column). */
  readonly nulls: number;
  /** NaN values (floats), left out of min and max. */
  readonly nans: number;
  /** null when there is no value; BigInt for 64-bit integer columns. */
  readonly min: number | bigint | null;
  readonly max: number | bigint | null;
}

class Accumulator {
  count = 0;
  nans = 0;
  min = Infinity;
  max = -Infinity;
  /** 64-bit: the extreme values themselves. */
  min64: bigint | null = null;
  max64: bigint | null = null;

  numbers(values: ArrayLike<number>, n: number, valid: ((i: number) => boolean) | undefined, decode?: (v: number) => number): void {
    let { min, max, count, nans } = this;
    for (let i = 0; i < n; i++) {
      if (valid && !valid(i)) continue;
      const raw = values[i] ?? 0;
      const v = decode ? decode(raw) : raw;
      if (v !== v) {
        nans++;
        continue;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      count++;
    }
    Object.assign(this, { min, max, count, nans });
  }

  int64(values: BigInt64Array | BigUint64Array, n: number, valid: ((i: number) => boolean) | undefined, signed: boolean): void {
    const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
    let lo = -1;
    let hi = -1;
    // Order of (high, low): high signed (or unsigned), low always unsigned.
    const high = (i: number): number => (signed ? (words[2 * i + 1] ?? 0) : (words[2 * i + 1] ?? 0) >>> 0);
    const low = (i: number): number => (words[2 * i] ?? 0) >>> 0;
    const less = (a: number, b: number): boolean => high(a) < high(b) || (high(a) === high(b) && low(a) < low(b));
    for (let i = 0; i < n; i++) {
      if (valid && !valid(i)) continue;
      if (lo < 0 || less(i, lo)) lo = i;
      if (hi < 0 || less(hi, i)) hi = i;
      this.count++;
    }
    if (lo >= 0 && hi >= 0) {
      const a = values[lo] ?? 0n;
      const b = values[hi] ?? 0n;
      if (this.min64 === null || a < this.min64) this.min64 = a;
      if (this.max64 === null || b > this.max64) this.max64 = b;
    }
  }
}

function accumulate(acc: Accumulator, data: Data, n: number, valid: ((i: number) => boolean) | undefined): void {
  const type = data.type;
  if (DataType.isDictionary(type)) {
    const dict = data.dictionary;
    if (!dict) return;
    // The dictionary is small: its values as numbers once, then looked up by index.
    const lookup = Float64Array.from({ length: dict.length }, (_, k) => Number(dict.get(k) ?? Number.NaN));
    const indices = data.values as ArrayLike<number | bigint>;
    const numbers = new Float64Array(n);
    for (let i = 0; i < n; i++) numbers[i] = lookup[Number(indices[i])] ?? Number.NaN;
    acc.numbers(numbers, n, valid);
    return;
  }
  if (DataType.isInt(type) && type.bitWidth === 64) {
    acc.int64(data.values as BigInt64Array | BigUint64Array, n, valid, type.isSigned);
    return;
  }
  if (DataType.isFloat(type) && type.precision === 0) {
    acc.numbers(data.values as Uint16Array, n, valid, util.uint16ToFloat64);
    return;
  }
  acc.numbers(data.values as ArrayLike<number>, n, valid);
}

/**
 * Statistics of one column, or undefined when it is not numeric.
 * @param table the table; `name` one of its columns
 */
export function columnStatsOf(table: Table, name: string): ColumnStats | undefined {
  const field = table.schema.fields.find((f) => f.name === name);
  const vector = table.getChild(name);
  if (!field || !vector || !kernelInputOf(field.type)) return undefined;
  const acc = new Accumulator();
  const fixedSizeList = DataType.isFixedSizeList(field.type);
  for (const chunk of vector.data) {
    if (!fixedSizeList) {
      accumulate(acc, chunk, chunk.length, validity(chunk));
      continue;
    }
    const width = (field.type as { listSize: number }).listSize;
    const child = chunk.children[0];
    if (!child) continue;
    const rowValid = validity(chunk);
    const elementValid = validity(child);
    const valid = rowValid || elementValid ? (i: number) => (!rowValid || rowValid(Math.floor(i / width))) && (!elementValid || elementValid(i)) : undefined;
    accumulate(acc, child, chunk.length * width, valid);
  }
  const sixtyFour = acc.min64 !== null;
  const none = acc.count === 0;
  return {
    column: name,
    count: acc.count,
    nulls: vector.nullCount,
    nans: acc.nans,
    min: none ? null : sixtyFour ? acc.min64 : acc.min,
    max: none ? null : sixtyFour ? acc.max64 : acc.max,
  };
}

/** Statistics of every numeric column, in schema order. */
export function columnStats(table: Table): ColumnStats[] {
  return table.schema.fields.flatMap((f) => columnStatsOf(table, f.name) ?? []);
}
