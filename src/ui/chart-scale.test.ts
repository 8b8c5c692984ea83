import { describe, expect, it } from 'vitest';
import {
  axisWithCeiling, bandwidthTick, binaryLogAxis, barLabelPlacement, ceilingCaption, decadeDomain, decadeLabel, decadeTicks, flopsTick, formatPercent,
  linearAxis, logTicks, niceStep, positionOnAxis, valueAxis,
} from './chart-scale';
import { formatBandwidth } from './format';

describe('valueAxis', () => {
  it('stays linear from zero within a decade, topped just above the data, not at a far ceiling', () => {
    const axis = valueAxis([0.1, 0.35, 0.8]);
    expect(axis.scale).toBe('linear');
    expect(axis.domain[0]).toBe(0);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(0.8 * 1.1);
    expect(axis.domain[1]).toBeLessThanOrEqual(1);
    expect(axis.ticks[0]).toBe(0);
    expect(axis.ticks.at(-1)).toBe(axis.domain[1]);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
  });

  it('goes logarithmic when the data span more than a decade, with a margin of a tenth of their span', () => {
    const axis = valueAxis([0.012, 0.3, 1.6]);
    expect(axis.scale).toBe('log');
    const margin = (1.6 / 0.012) ** 0.1;
    expect(axis.domain[0]).toBeCloseTo(0.012 / margin, 6);
    expect(axis.domain[1]).toBeCloseTo(1.6 * margin, 6);
    expect(axis.ticks).toEqual([0.01, 0.1, 1]);
  });

  it('puts 2× and 5× ticks on a log axis over less than three decades', () => {
    const axis = valueAxis([0.15, 2.5]);
    expect(axis.scale).toBe('log');
    expect(axis.ticks).toEqual([0.2, 0.5, 1, 2]);
  });

  it('cannot put zero on a log axis, so a zero keeps it linear', () => {
    expect(valueAxis([0, 0.01, 5]).scale).toBe('linear');
  });

  it('has an axis even with no data', () => {
    expect(valueAxis([]).domain).toEqual([0, 1]);
    expect(linearAxis(Number.NaN).domain).toEqual([0, 1]);
  });
});

describe('ticks', () => {
  it('marks every power of ten inside a wide log axis', () => {
    expect(decadeTicks(0.004, 230)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks(0.004, 230)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(decadeTicks(1, 1000)).toEqual([1, 10, 100, 1000]);
  });

  it('fills a narrow log axis with 2× and 5×', () => {
    expect(logTicks(0.15, 3)).toEqual([0.2, 0.5, 1, 2]);
  });

  it('rounds a log-log chart out to whole decades', () => {
    expect(decadeDomain(0.03, 17.8)).toEqual([0.01, 100]);
    expect(decadeDomain(1, 10)).toEqual([1, 10]);
  });

  it('steps a linear axis in round numbers', () => {
    expect(niceStep(0.88)).toBe(0.2);
    expect(niceStep(17)).toBe(5);
    expect(linearAxis(16).ticks).toEqual([0, 5, 10, 15, 20]);
  });

  it('writes ticks with their units and no trailing zeros', () => {
    expect(bandwidthTick(1)).toBe('1 GB/s');
    expect(bandwidthTick(0.2)).toBe('200 MB/s');
    expect(bandwidthTick(1.5)).toBe('1.5 GB/s');
    expect(flopsTick(10)).toBe('10 GFLOP/s');
    expect(flopsTick(0.05)).toBe('50 MFLOP/s');
  });

  it('writes powers of ten plainly, and as 10ⁿ where zeros pile up', () => {
    expect([0.01, 0.1, 1, 10, 100, 1000].map(decadeLabel)).toEqual(['0.01', '0.1', '1', '10', '100', '1000']);
    expect(decadeLabel(1e4)).toBe('10⁴');
    expect(decadeLabel(1e-5)).toBe('10⁻⁵');
  });
});

describe('the ceiling', () => {
  it('is left off an axis it would flatten, and the caption says how far away it is', () => {
    const { axis, drawn } = axisWithCeiling([0.1, 0.5, 0.8], 15.1);
    expect(drawn).toBe(false);
    expect(axis.domain[1]).toBeLessThanOrEqual(1);
    expect(ceilingCaption(0.8, 15.1, 'bandwidth ceiling', formatBandwidth, drawn)).toBe(
      "Best point 800 MB/s, 5.3% of the bandwidth ceiling 15.1 GB/s, which is off the chart's top.",
    );
  });

  it('is drawn, the axis reaching it, when the best point is at least half of it', () => {
    const { axis, drawn } = axisWithCeiling([4, 9], 15.1);
    expect(drawn).toBe(true);
    expect(axis.domain[1]).toBeGreaterThan(15.1);
    expect(ceilingCaption(9, 15.1, 'bandwidth ceiling', formatBandwidth, drawn)).toContain('60% of the bandwidth ceiling 15.1 GB/s (the dashed line)');
  });

  it('is drawn when points are above it (a cache answering, or ceilings measured too small)', () => {
    const { axis, drawn } = axisWithCeiling([2, 30, 40], 15);
    expect(drawn).toBe(true);
    expect(positionOnAxis(15, axis)).toBeGreaterThan(0);
    expect(positionOnAxis(15, axis)).toBeLessThan(1);
  });

  it('is not drawn without data or without a measurement', () => {
    expect(axisWithCeiling([], 15).drawn).toBe(false);
    expect(axisWithCeiling([1], undefined).drawn).toBe(false);
  });

  it('places values on either scale', () => {
    expect(positionOnAxis(5, linearAxis(9))).toBeCloseTo(0.5);
    expect(positionOnAxis(1, { scale: 'log', domain: [0.1, 10], ticks: [] })).toBeCloseTo(0.5);
  });

  it('gives shares with the digits that matter', () => {
    expect([0.453, 0.053, 0.004].map(formatPercent)).toEqual(['45%', '5.3%', '0.4%']);
  });
});

describe('a bar label', () => {
  it('goes after the bar, else inside it, else shrinks to the figure', () => {
    expect(barLabelPlacement(120, 40, 150)).toBe('after');
    expect(barLabelPlacement(120, 160, 60)).toBe('inside');
    expect(barLabelPlacement(120, 80, 60)).toBe('figure');
  });
});

describe('a log axis of bytes in binary units', () => {
  it('runs between powers of two and ticks every few octaves when the span is wide (32 KiB, 1 MiB, 32 MiB, 1 GiB)', () => {
    const wide = binaryLogAxis(3 * 2 ** 10, 5 * 2 ** 30);
    expect(wide.domain).toEqual([2 ** 11, 2 ** 33]);
    expect(wide.ticks).toEqual([2 ** 15, 2 ** 20, 2 ** 25, 2 ** 30]);
    const narrow = binaryLogAxis(2 ** 20, 2 ** 24 + 1);
    expect(narrow.domain).toEqual([2 ** 20, 2 ** 25]);
    expect(narrow.ticks).toEqual([2 ** 20, 2 ** 21, 2 ** 22, 2 ** 23, 2 ** 24, 2 ** 25]);
    const mid = binaryLogAxis(2 ** 12, 2 ** 26);
    expect(mid.ticks.length).toBeLessThanOrEqual(7);
    expect(mid.ticks.every((t) => Number.isInteger(Math.log2(t)) && t >= mid.domain[0] && t <= mid.domain[1])).toBe(true);
    expect(binaryLogAxis(4096, 4096).domain).toEqual([4096, 8192]);
  });
});
