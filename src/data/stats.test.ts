import { Float32, Float64, Int64, Uint8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fixedSizeList, primitive, referenceTable, tableOf } from '../test/data-tables';
import { columnStats, columnStatsOf } from './stats';

describe('column statistics', () => {
  it('gives min, max and counts for every numeric column across chunks, and skips text', () => {
    const stats = columnStats(referenceTable());
    expect(stats.map((s) => s.column)).toEqual(['f32', 'f64', 'i32', 'i64', 'big', 'nf', 'dict', 'vec']);
    expect(stats.find((s) => s.column === 'i32')).toEqual({ column: 'i32', count: 10, nulls: 0, nans: 0, min: -5, max: 4 });
    expect(stats.find((s) => s.column === 'dict')).toMatchObject({ count: 10, min: 10, max: 30 });
    expect(stats.find((s) => s.column === 'vec')).toMatchObject({ count: 30, min: 0, max: 29 });
  });

  it('honours the null bitmap: the garbage under a null is never a minimum or a maximum', () => {
    const table = tableOf([{ x: primitive(new Float32(), [1, 2, 3, 4], (i) => i === 0 || i === 3, -1e30) }, { x: primitive(new Float32(), [5], (i) => i === 0, 1e30) }]);
    expect(columnStatsOf(table, 'x')).toEqual({ column: 'x', count: 2, nulls: 3, nans: 0, min: 2, max: 3 });
    const rows = tableOf([{ v: fixedSizeList(2, Float32Array.of(1, 2, 100, 200, 3, 4), (r) => r === 1) }]);
    expect(columnStatsOf(rows, 'v')).toMatchObject({ count: 4, nulls: 1, min: 1, max: 4 });
  });

  it('counts NaN apart, and says null when there is no value', () => {
    const table = tableOf([{ x: primitive(new Float64(), [Number.NaN, 2, Number.NaN, -1]), y: primitive(new Float64(), [0, 0, 0, 0], () => true) }]);
    expect(columnStatsOf(table, 'x')).toEqual({ column: 'x', count: 2, nulls: 0, nans: 2, min: -1, max: 2 });
    expect(columnStatsOf(table, 'y')).toEqual({ column: 'y', count: 0, nulls: 4, nans: 0, min: null, max: null });
  });

  it('keeps 64-bit extremes exact, as BigInt', () => {
    const big = 2n ** 62n + 1n;
    const table = tableOf([{ x: primitive(new Int64(), [big, -big, big - 1n, 0n], (i) => i === 3, 2n ** 63n - 1n), u: primitive(new Uint8(), [7, 255, 0, 1]) }]);
    expect(columnStatsOf(table, 'x')).toEqual({ column: 'x', count: 3, nulls: 1, nans: 0, min: -big, max: big });
    expect(columnStatsOf(table, 'u')).toMatchObject({ min: 0, max: 255 });
    expect(columnStatsOf(table, 'nope')).toBeUndefined();
  });
});
