import { describe, expect, it } from 'vitest';
import { compileExpr } from './expr';
import { DECODE_TOKENS, decodeLengths, pagedBatch, pagedCache, pagedLayout } from './generators';

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
    expect(pagedLayout([5, 9], 8, 11)).toEqual(pagedLayout([5, 9], 8, 11));
    expect(pagedLayout([5, 9, 30], 8, 11).blockTable).not.toEqual(pagedLayout([5, 9, 30], 8, 12).blockTable);
  });
});

describe('a decode batch from the block manager', () => {
  it('has lengths falling from L to about 1, whose sum is DECODE_TOKENS', () => {
    expect(decodeLengths(4, 700)).toEqual([700, 467, 234, 1]);
    expect(decodeLengths(1, 5)).toEqual([5]);
    expect(decodeLengths(3, 1)).toEqual([1, 1, 1]);
    for (const [S, L] of [[4, 700], [1, 5], [3, 1], [16, 2048], [7, 100]] as const) {
      expect(compileExpr(DECODE_TOKENS).evaluate({ S, L })).toBe(decodeLengths(S, L).reduce((a, b) => a + b, 0));
    }
  });

  it('forks sequences from the one before, sharing whole blocks, and applies the copy-on-write copies to the cache', () => {
    const lengths = decodeLengths(8, 300);
    const pool = Math.ceil(lengths.reduce((a, b) => a + b, 0) / 8) + 8;
    const maxBlocks = Math.ceil(300 / 8);
    // A seed whose batch has forks (about half the sequences fork, so most seeds do).
    const batch = pagedBatch(lengths, 8, pool, maxBlocks, 3);
    batch.manager.checkInvariants();
    expect(batch.manager.stats().sharedBlocks).toBeGreaterThan(0);
    expect(batch.copies.length).toBeGreaterThan(0);
    const rows = lengths.map((len, s) => Array.from(batch.blockTable.subarray(s * maxBlocks, s * maxBlocks + Math.ceil(len / 8))));
    const all = rows.flat();
    expect(new Set(all).size).toBeLessThan(all.length);
    // A copied block holds its source's tokens, the rest of it is its own.
    const cache = pagedCache(pool, 8, 3, batch.copies, 9);
    const { from, to, slots } = batch.copies[0]!;
    expect(Array.from(cache.subarray(to * 24, to * 24 + slots * 3))).toEqual(Array.from(cache.subarray(from * 24, from * 24 + slots * 3)));
    expect(cache[to * 24 + slots * 3]).not.toBe(cache[from * 24 + slots * 3]);
  });

  it('refuses a pool too small for the batch, and a block size the manager does not offer', () => {
    expect(() => pagedBatch([40, 20], 16, 3, 3, 1)).toThrow('needs 1 free device block, but none is free.');
    expect(() => pagedLayout([3], 4, 1)).toThrow('The block size must be 8, 16 or 32 tokens, not 4.');
  });
});
