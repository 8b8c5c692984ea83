import { Float32, Float64, Int16, Int32, Int64, Uint32, Uint64, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { LimitError } from '../gpu/errors';
import { fixedSizeList, primitive, referenceTable, tableOf } from '../test/data-tables';
import { columnToHost, kernelInputOf } from './columns';
import { DataError } from './errors';

const one = (columns: Record<string, Data>) => tableOf([columns]);

describe('a column as a kernel input', () => {
  it('hands over Arrow\'s own Float32 memory when it has one chunk and no nulls', () => {
    const data = primitive(new Float32(), [1, 2, 3, 4]);
    const host = columnToHost(one({ x: data }), 'x', { kind: 'f32' });
    expect(host).toMatchObject({ column: 'x', kind: 'f32', shape: [4], zeroCopy: true, notes: [] });
    expect(host.data.buffer).toBe(data.values.buffer);
    expect(Array.from(host.data)).toEqual([1, 2, 3, 4]);
    // Int32 as i32, and Int32 as u32 when no value is negative, are views too.
    const ints = primitive(new Int32(), [0, 7, 2 ** 31 - 1]);
    expect(columnToHost(one({ x: ints }), 'x', { kind: 'i32' }).data.buffer).toBe(ints.values.buffer);
    const asU32 = columnToHost(one({ x: ints }), 'x', { kind: 'u32' });
    expect(asU32).toMatchObject({ zeroCopy: true });
    expect(asU32.data).toBeInstanceOf(Uint32Array);
  });

  it('keeps the zero-copy view right on a sliced table', () => {
    const table = one({ x: primitive(new Float32(), [0, 1, 2, 3, 4, 5]) }).slice(2, 5);
    const host = columnToHost(table, 'x', { kind: 'f32' });
    expect(host.zeroCopy).toBe(true);
    expect(Array.from(host.data)).toEqual([2, 3, 4]);
  });

  it('concatenates chunks, converting with a note', () => {
    const table = referenceTable();
    expect(table.batches).toHaveLength(2);
    const f32 = columnToHost(table, 'f32', { kind: 'f32' });
    expect(f32.zeroCopy).toBe(false);
    expect(f32.notes).toEqual([]);
    const f64 = columnToHost(table, 'f64', { kind: 'f32' });
    expect(f64.notes).toEqual(['converted from Float64 to f32']);
    expect(f64.data[9]).toBe(Math.fround(3));
    const i16 = columnToHost(one({ x: primitive(new Int16(), [-3, 4]) }), 'x', { kind: 'i32' });
    expect(Array.from(i16.data)).toEqual([-3, 4]);
    expect(i16.notes).toEqual(['converted from Int16 to i32']);
  });

  it('converts Int64 and Uint64 where each value fits, and names the first row that does not', () => {
    const table = one({
      i: primitive(new Int64(), [0n, -1n, 2n ** 31n - 1n, -(2n ** 31n)]),
      u: primitive(new Uint64(), [0n, 2n ** 32n - 1n, 2n ** 40n, 3n]),
    });
    expect(Array.from(columnToHost(table.slice(0, 4), 'i', { kind: 'i32' }).data)).toEqual([0, -1, 2 ** 31 - 1, -(2 ** 31)]);
    // f32 holds -2^31 exactly but not 2^31 - 1: refused, not rounded to 2^31.
    expect(() => columnToHost(table, 'i', { kind: 'f32' })).toThrow('column "i" row 2 holds 2147483647, which f32 cannot hold exactly (it would become 2147483648;');
    expect(Array.from(columnToHost(table.slice(0, 2), 'i', { kind: 'f32' }).data)).toEqual([0, -1]);
    expect(() => columnToHost(table, 'i', { kind: 'u32', file: 'ids.parquet' })).toThrow('ids.parquet: out of range: column "i" row 1 holds -1, which does not fit in u32 (0 to 4294967295).');
    expect(Array.from(columnToHost(table.slice(0, 2), 'u', { kind: 'u32' }).data)).toEqual([0, 2 ** 32 - 1]);
    expect(() => columnToHost(table, 'u', { kind: 'u32' })).toThrow('column "u" row 2 holds 1099511627776, which does not fit in u32');
    expect(() => columnToHost(table, 'u', { kind: 'i32' })).toThrow('column "u" row 1 holds 4294967295, which does not fit in i32');
    expect(() => columnToHost(table, 'u', { kind: 'f32' })).toThrow('column "u" row 1 holds 4294967295, which f32 cannot hold exactly');
    expect(columnToHost(table.slice(2, 4), 'u', { kind: 'f32' }).data[0]).toBe(2 ** 40);
  });

  it('refuses an integer f32 cannot hold exactly (2^24 + 1, 2^63 - 1), naming the row and value, and keeps those it can', () => {
    const big = one({ n: primitive(new Int64(), [1n, 2n ** 24n, -(2n ** 24n), 2n ** 24n + 1n]) });
    const huge = one({ m: primitive(new Int64(), [2n ** 62n, 2n ** 63n - 1n]) });
    expect(Array.from(columnToHost(big.slice(0, 3), 'n', { kind: 'f32' }).data)).toEqual([1, 2 ** 24, -(2 ** 24)]);
    expect(() => columnToHost(big, 'n', { kind: 'f32', file: 'big.parquet' })).toThrow('big.parquet: out of range: column "n" row 3 holds 16777217, which f32 cannot hold exactly (it would become 16777216; f32 holds every integer only up to 2^24 = 16,777,216): feed an i32 or u32 buffer, or scale the column.');
    // 2^63 - 1 is 2^63 as a double: the check compares the Int64 itself.
    expect(Array.from(columnToHost(huge.slice(0, 1), 'm', { kind: 'f32' }).data)).toEqual([2 ** 62]);
    expect(() => columnToHost(huge, 'm', { kind: 'f32' })).toThrow('column "m" row 1 holds 9223372036854775807, which f32 cannot hold exactly');
    const ints = one({ k: primitive(new Int32(), [3, 2 ** 25, 2 ** 24 + 1]) });
    expect(() => columnToHost(ints, 'k', { kind: 'f32' })).toThrow('column "k" row 2 holds 16777217, which f32 cannot hold exactly');
  });

  it('refuses floats that are not integers for i32 and u32, and Uint32 beyond i32', () => {
    const table = one({ f: primitive(new Float64(), [1, 2.5]), u: primitive(new Uint32(), [1, 2 ** 31]) });
    expect(() => columnToHost(table, 'f', { kind: 'i32' })).toThrow('column "f" row 1 holds 2.5, which is not an integer, so it cannot become i32');
    expect(Array.from(columnToHost(table.slice(0, 1), 'f', { kind: 'u32' }).data)).toEqual([1]);
    expect(() => columnToHost(table, 'u', { kind: 'i32' })).toThrow('column "u" row 1 holds 2147483648, which does not fit in i32');
  });

  it('needs a policy for nulls, never reads the garbage under them, and fills them when asked', () => {
    const isNull = (i: number) => i === 1 || i === 3;
    const table = one({ x: primitive(new Int64(), [5n, 0n, 6n, 0n], isNull, 2n ** 50n) });
    expect(() => columnToHost(table, 'x', { kind: 'i32', file: 'n.arrow' })).toThrow(new DataError('n.arrow', 'nulls', 'column "x" has 2 null values (the first in row 1); choose a value to fill them with, or another column'));
    const filled = columnToHost(table, 'x', { kind: 'i32', nulls: { fill: -7 } });
    expect(Array.from(filled.data)).toEqual([5, -7, 6, -7]);
    expect(filled.notes).toEqual(['converted from Int64 to i32', '2 nulls filled with -7']);
    expect(() => columnToHost(table, 'x', { kind: 'u32', nulls: { fill: -1 } })).toThrow('the fill value -1 for column "x" does not fit in u32 (0 to 4294967295)');
    // A Float32 column with nulls is copied, not viewed: the garbage must not reach the kernel.
    const floats = one({ y: primitive(new Float32(), [1, 2, 3], (i) => i === 2, 1e30) });
    const host = columnToHost(floats, 'y', { kind: 'f32', nulls: { fill: 0 } });
    expect(host.zeroCopy).toBe(false);
    expect(Array.from(host.data)).toEqual([1, 2, 0]);
  });

  it('refuses a fill value the buffer cannot hold, instead of storing ∞ or a rounded value', () => {
    const floats = one({ y: primitive(new Float32(), [1, 2, 3], (i) => i === 2, 0) });
    expect(() => columnToHost(floats, 'y', { kind: 'f32', nulls: { fill: 1e40 } })).toThrow('the fill value 1e+40 for column "y" does not fit in f32 (at most ±3.4028235e+38)');
    expect(() => columnToHost(floats, 'y', { kind: 'f32', nulls: { fill: Number.NaN } })).toThrow('the fill value NaN for column "y" is not a finite number');
    expect(() => columnToHost(floats, 'y', { kind: 'i32', nulls: { fill: 1.5 } })).toThrow('the fill value 1.5 for column "y" is not an integer, so it cannot become i32');
    expect(Array.from(columnToHost(floats, 'y', { kind: 'f32', nulls: { fill: -3.4e38 } }).data)).toEqual([1, 2, Math.fround(-3.4e38)]);
  });

  it('decodes dictionary columns', () => {
    const table = referenceTable();
    const host = columnToHost(table, 'dict', { kind: 'u32' });
    expect(Array.from(host.data)).toEqual([10, 20, 30, 10, 20, 30, 10, 20, 30, 10]);
    expect(host.notes).toEqual(['decoded from Dictionary<Int32, Float32>', 'converted from Float32 to u32']);
  });

  it('gives a FixedSizeList<Float32>[d] column as a [rows, d] row-major matrix, a view when it can be', () => {
    const values = Float32Array.from({ length: 12 }, (_, k) => k);
    const data = fixedSizeList(4, values);
    const host = columnToHost(one({ q: data }), 'q', { kind: 'f32' });
    expect(host).toMatchObject({ shape: [3, 4], zeroCopy: true });
    expect(host.data.buffer).toBe(values.buffer);
    expect(() => columnToHost(one({ q: data }), 'q', { kind: 'f32', width: 3 })).toThrow('column "q" holds rows of 4 values, not 3');
    // A null row is refused, or filled whole.
    const withNull = one({ q: fixedSizeList(4, values, (r) => r === 1) });
    expect(() => columnToHost(withNull, 'q', { kind: 'f32' })).toThrow('column "q" has 4 null values (the first in row 1)');
    expect(Array.from(columnToHost(withNull, 'q', { kind: 'f32', nulls: { fill: 0 } }).data)).toEqual([0, 1, 2, 3, 0, 0, 0, 0, 8, 9, 10, 11]);
    // Chunks are concatenated row-major.
    const table = referenceTable();
    expect(Array.from(columnToHost(table, 'vec', { kind: 'f32' }).data)).toEqual(Array.from({ length: 30 }, (_, k) => k));
  });

  it('reshapes a scalar column into rows of d on request', () => {
    const table = one({ x: primitive(new Float32(), Array.from({ length: 12 }, (_, k) => k)) });
    const host = columnToHost(table, 'x', { kind: 'f32', width: 4 });
    expect(host).toMatchObject({ shape: [3, 4], zeroCopy: true });
    expect(() => columnToHost(table, 'x', { kind: 'f32', width: 5 })).toThrow('column "x" has 12 values, which do not make rows of 5 (2 left over)');
    expect(() => columnToHost(table, 'x', { kind: 'f32', width: 0 })).toThrow('a row width must be a positive integer, not 0');
  });

  it('refuses a column too large for the device before allocating, naming the limit', () => {
    const table = referenceTable();
    const error = (() => {
      try {
        columnToHost(table, 'vec', { kind: 'f32', file: 'e.parquet', maxBytes: { bytes: 64, limit: 'maxStorageBufferBindingSize' } });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).message).toBe('Column "vec" of e.parquet as f32 (30 values) needs 120 bytes, but this device\'s maxStorageBufferBindingSize is 64 bytes.');
  });

  it('names a missing column and one of a type no kernel buffer takes', () => {
    const table = referenceTable();
    expect(() => columnToHost(table, 'nope', { kind: 'f32', file: 't.csv' })).toThrow('t.csv: no such column: there is no column "nope" (the columns are "f32", "f64", "i32", "i64", "big", "nf", "dict", "vec", "name").');
    expect(() => columnToHost(table, 'name', { kind: 'f32', file: 't.csv' })).toThrow('t.csv: unsupported column type: column "name" is Utf8, which cannot become an f32 buffer (that needs integers or floats, or a FixedSizeList of them).');
    expect(kernelInputOf(vectorFromArray(['a'], new Utf8()).type)).toBeUndefined();
    expect(kernelInputOf(fixedSizeList(2, new Float32Array(4)).type)).toMatchObject({ width: 2 });
  });
});
