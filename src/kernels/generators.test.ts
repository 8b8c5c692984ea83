import { describe, expect, it } from 'vitest';
import { pagedLayout } from './generators';

describe('a paged layout', () => {
  it('gives every sequence its own shuffled blocks, and slots inside them', () => {
    const lengths = [0, 15, 16, 40];
    const p = pagedLayout(lengths, 16, 7, 3);
    expect(p.maxBlocks).toBe(3);
    expect(p.poolBlocks).toBe(1 + 1 + 2 + 3 + 3);
    const used = lengths.flatMap((len, s) => Array.from(p.blockTable.slice(s * p.maxBlocks, s * p.maxBlocks + Math.ceil((len + 1) / 16))));
    expect(new Set(used).size).toBe(used.length); // no block owned twice
    for (const b of used) expect(b).toBeLessThan(p.poolBlocks);
    lengths.forEach((len, s) => {
      const block = p.blockTable[s * p.maxBlocks + Math.floor(len / 16)]!;
      expect(p.slotMapping[s]).toBe(block * 16 + (len % 16));
    });
    // Shuffled: not simply 0, 1, 2, … in order.
    expect(used).not.toEqual([...used].sort((a, b) => a - b));
  });

  it('is the same for the same seed', () => {
    expect(pagedLayout([5, 9], 4, 11)).toEqual(pagedLayout([5, 9], 4, 11));
    expect(pagedLayout([5, 9], 4, 11).blockTable).not.toEqual(pagedLayout([5, 9], 4, 12).blockTable);
  });
});
