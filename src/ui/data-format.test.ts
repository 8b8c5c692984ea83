/** How the data panel writes statistics and preview cells. */
import { Field, FixedSizeList, Float32, makeData, makeVector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { cellText, formatStat } from './data-format';

describe('data panel values in words', () => {
  it('writes statistics to six digits, integers whole and 64-bit integers exactly', () => {
    expect(formatStat(0.123456789)).toBe('0.123457');
    expect(formatStat(4095)).toBe('4,095');
    expect(formatStat(2n ** 62n)).toBe('4,611,686,018,427,387,904');
    expect(formatStat(65536n)).toBe('65,536');
    expect(formatStat(12345.678)).toBe('12,345.7');
    expect(formatStat(-0.000012345678)).toBe('-1.23457e-5');
    expect(formatStat(2.5e20)).toBe('2.5e+20');
    expect(formatStat(-3.25)).toBe('-3.25');
    expect(formatStat(Number.NaN)).toBe('NaN');
    expect(formatStat(null)).toBe('—');
  });

  it('writes a null as ∅, a list as its first values and length, and cuts long text', () => {
    expect(cellText(null)).toBe('∅');
    const child = makeData({ type: new Float32(), length: 32, nullCount: 0, data: Float32Array.from({ length: 32 }, (_, i) => i / 4) });
    const lists = makeData({ type: new FixedSizeList(16, new Field('item', new Float32(), false)), length: 2, nullCount: 0, child });
    expect(cellText(makeVector(lists).get(1))).toBe('[4, 4.25, 4.5, … 16]');
    expect(cellText('x'.repeat(50))).toBe(`${'x'.repeat(39)}…`);
  });
});
