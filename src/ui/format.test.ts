import { describe, expect, it } from 'vitest';
import { formatBandwidth, formatFlops, formatSI } from './format';

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
