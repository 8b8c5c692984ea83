import { describe, expect, it } from 'vitest';
import { excessColor, formatDifference, formatExcess, formatValue, PALETTE, valueColor } from './buffer-values';

describe('the buffer view\'s numbers', () => {
  it('writes an f32 with its seven digits, integers exactly, and NaN and infinities by name', () => {
    expect(formatValue(Math.fround(0.1))).toBe('0.1');
    expect(formatValue(-3.806839061737)).toBe('-3.806839');
    expect(formatValue(4294967295, true)).toBe('4294967295');
    expect(formatValue(1.5e-9)).toBe('1.5e-9');
    expect(formatValue(-2.5e12)).toBe('-2.5e+12');
    // ASCII throughout, so a value copied from the table pastes into code.
    expect([Number.NaN, Infinity, -Infinity].map((v) => formatValue(v))).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('signs a difference and writes small ones in powers of ten', () => {
    expect(formatDifference(1)).toBe('+1.00');
    expect(formatDifference(-3.05e-7)).toBe('-3.05e-7');
    expect(formatDifference(0)).toBe('0');
    expect(formatDifference(Number.NaN)).toBe('NaN');
  });

  it('writes the error in tolerances, blank for padding', () => {
    expect([0, 0.5, 3.21, 343, 2e5, 1e-3, Number.NaN, Infinity].map(formatExcess)).toEqual(['0', '0.50×', '3.2×', '343×', '2.0e5×', '1.0e-3×', '', '∞']);
  });
});

describe('the heatmap\'s colours', () => {
  const redness = ([r, , b]: readonly number[]): number => r! - b!;
  const lightness = (c: readonly number[]): number => c[0]! + c[1]! + c[2]!;

  it('draws errors within the tolerance blue, darker nearer it; beyond it orange to dark red', () => {
    const within = [0, 1e-4, 1e-2, 0.5, 1].map(excessColor);
    const beyond = [1.01, 10, 1e3, 1e9].map(excessColor);
    for (const c of within) expect(redness(c)).toBeLessThanOrEqual(0);
    for (const c of beyond) expect(redness(c)).toBeGreaterThan(0);
    expect(within.map(lightness)).toEqual(within.map(lightness).toSorted((a, b) => b - a));
    expect(beyond.map(lightness)).toEqual(beyond.map(lightness).toSorted((a, b) => b - a));
    expect(excessColor(Infinity)).toEqual(PALETTE.nonFinite);
    expect(excessColor(Number.NaN)).toEqual(PALETTE.padding);
  });

  it('draws values blue below zero and red above, palest at zero', () => {
    expect(redness(valueColor(-1, 2))).toBeLessThan(0);
    expect(redness(valueColor(1, 2))).toBeGreaterThan(0);
    expect(valueColor(0, 2)).toEqual(PALETTE.zero);
    expect(valueColor(-2, 2)).toEqual(PALETTE.negative);
    expect(valueColor(Number.NaN, 2)).toEqual(PALETTE.nonFinite);
  });
});
