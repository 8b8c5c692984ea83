import { describe, expect, it } from 'vitest';
import { formatBandwidth, formatError, formatFlops, formatPercent, formatSI, formatThroughput, formatTime, siParts } from './format';

describe('formatSI', () => {
  it('picks the prefix that keeps three significant digits readable', () => {
    expect(formatBandwidth(2.2e-3)).toBe('2.20 MB/s');
    expect(formatBandwidth(15.1)).toBe('15.1 GB/s');
    expect(formatBandwidth(3350)).toBe('3.35 TB/s');
    expect(formatFlops(0.34)).toBe('340 MFLOP/s');
    expect(formatSI(999.96, 'B')).toBe('1.00 kB');
    expect(formatSI(4.2e-5, 's')).toBe('42.0 µs');
  });
  it('says zero and nothing plainly', () => {
    expect(formatSI(0, 'B/s')).toBe('0 B/s');
    expect(formatSI(Number.NaN, 'B/s')).toBe('—');
  });
});

describe('times, shares and parts of figures', () => {
  it('writes every time at three significant digits, whatever its size', () => {
    expect(formatTime(12.345)).toBe('12.3 ms');
    expect(formatTime(123.4)).toBe('123 ms');
    expect(formatTime(0.0421)).toBe('42.1 µs');
    expect(formatTime(1500)).toBe('1.50 s');
    expect(formatTime(3.6e6)).toBe('3600 s');
  });
  it('splits a figure into the number a test or a reader takes alone and its prefixed unit', () => {
    expect(siParts(3.4e8, 'FLOP/s')).toEqual({ number: '340', unit: 'MFLOP/s' });
    expect(siParts(0, 'B/s')).toEqual({ number: '0', unit: 'B/s' });
    expect(Number(siParts(2.2e6, 'B/s').number)).toBeGreaterThan(0);
  });
  it('writes a throughput in the unit a result keeps it in', () => {
    expect(formatThroughput(0.0022, 'GB/s')).toBe('2.20 MB/s');
    expect(formatThroughput(0.12, 'GFLOP/s')).toBe('120 MFLOP/s');
  });
  it('writes shares with a decimal only under 10%', () => {
    expect(formatPercent(0.341)).toBe('34%');
    expect(formatPercent(0.021)).toBe('2.1%');
    expect(formatPercent(1.12)).toBe('112%');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

});

describe('formatError', () => {
  it('says — where no error was computed, ∞ only where it is infinite', () => {
    expect(formatError(Number.NaN)).toBe('—');
    expect(formatError(null)).toBe('—');
    expect(formatError(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatError(2.5e-7)).toBe('2.50e-7');
  });
});
