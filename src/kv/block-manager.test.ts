/**
 * The block manager case by case: slots, copy-on-write after a fork, refusals
 * that change nothing, both preemption policies, and the statistics.
 * block-manager.property.test.ts runs long random sequences of the same calls.
 */
import { describe, expect, it } from 'vitest';
import { BlockManager } from './block-manager';
import { KvStateError, OutOfBlocksError } from './errors';

describe('slots and block tables', () => {
  it('gives token p the slot table[p / bs] · bs + p mod bs, a block at a time, from the free list in order', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 6, freeOrder: [4, 1, 5, 0, 2, 3] });
    m.addSequence(1);
    expect(m.append(1, 3)).toEqual({ slots: [32, 33, 34], copies: [] });
    m.addSequence(2);
    expect(m.append(2, 9).slots).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 40]);
    expect(m.append(1, 6).slots).toEqual([35, 36, 37, 38, 39, 0]);
    expect([m.blockTable(1), m.blockTable(2)]).toEqual([[4, 0], [1, 5]]);
    expect(m.slotOf(1, 8)).toBe(0);
    expect(m.stats()).toMatchObject({ usedBlocks: 4, freeBlocks: 2, tokens: 18, storedTokens: 18, internalFragmentationSlots: 7 + 7, reservedUnusedSlots: 0 });
    m.checkInvariants();
  });

  it('refuses a block size other than 8, 16 or 32, and a free order that is not a permutation', () => {
    expect(() => new BlockManager({ blockSize: 12, blocks: 4 })).toThrow('The block size must be 8, 16 or 32 tokens, not 12.');
    expect(() => new BlockManager({ blocks: 3, freeOrder: [0, 1, 1] })).toThrow("The device pool's free-list order must be a permutation of 0 … 2.");
    expect(new BlockManager({ blocks: 1 }).blockSize).toBe(16);
  });
});

describe('fork and copy-on-write', () => {
  it('shares the parent\'s blocks, and copies the shared partial block at the first write into it', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 5 });
    m.addSequence(1);
    m.append(1, 10); // blocks 0 (full) and 1 (2 of 8)
    m.fork(1, 2);
    expect(m.blockTable(2)).toEqual([0, 1]);
    expect([m.refCount(0), m.refCount(1)]).toEqual([2, 2]);
    expect(m.stats()).toMatchObject({ usedBlocks: 2, sharedBlocks: 2, tokens: 20, storedTokens: 10 });
    // The child's token 10 lands in shared block 1: it gets a copy of the 2 written slots first.
    expect(m.append(2)).toEqual({ slots: [2 * 8 + 2], copies: [{ from: 1, to: 2, slots: 2 }] });
    expect(m.blockTable(2)).toEqual([0, 2]);
    expect([m.refCount(0), m.refCount(1), m.refCount(2)]).toEqual([2, 1, 1]);
    // The parent is then block 1's only owner: it writes in place.
    expect(m.append(1)).toEqual({ slots: [8 + 2], copies: [] });
    m.checkInvariants();
  });

  it('copies nothing when the fork is at a block boundary: the next token starts a new block', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 4 });
    m.addSequence(1);
    m.append(1, 16);
    m.fork(1, 2);
    expect(m.blocksNeeded(2, 1)).toBe(1);
    expect(m.append(2)).toEqual({ slots: [16], copies: [] });
    m.free(1);
    m.free(2);
    expect(m.stats()).toMatchObject({ usedBlocks: 0, freeBlocks: 4 });
    m.checkInvariants();
  });

  it('does not share blocks reserved ahead', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 4 });
    m.addSequence(1);
    m.append(1, 3);
    expect(m.reserve(1, 10)).toBe(1);
    expect(m.stats()).toMatchObject({ reservedUnusedSlots: 8, internalFragmentationSlots: 5 });
    m.fork(1, 2);
    expect(m.blockTable(2)).toEqual([0]);
    expect(m.append(1, 10).copies).toHaveLength(1); // block 0 is shared with 2: copied; block 1 was reserved
    m.checkInvariants();
  });
});

describe('refusals change nothing', () => {
  it('says how many blocks an append needs and how many are free', () => {
    const m = new BlockManager({ blocks: 2 });
    m.addSequence(7);
    m.append(7, 20);
    const before = JSON.stringify([m.stats(), m.blockTable(7)]);
    expect(() => m.append(7, 13)).toThrow(OutOfBlocksError);
    expect(() => m.append(7, 13)).toThrow('Appending 13 tokens to sequence 7 needs 1 free device block, but none is free.');
    expect(JSON.stringify([m.stats(), m.blockTable(7)])).toBe(before);
    expect(m.canAppend(7, 12)).toBe(true);
    expect(m.freeBlocks).toBe(0);
    m.free(7);
    expect(m.freeBlocks).toBe(m.stats().freeBlocks);
    expect(m.freeBlocks).toBe(2);
  });

  it('names unknown, repeated and swapped-out sequences', () => {
    const m = new BlockManager({ blocks: 4, swapBlocks: 4, preemption: 'swap' });
    expect(() => m.append(3)).toThrow(new KvStateError('There is no sequence 3.'));
    m.addSequence(3);
    expect(() => m.addSequence(3)).toThrow('Sequence 3 already exists.');
    expect(() => m.preempt([3, 3])).toThrow('A sequence is named twice in [3, 3].');
    m.append(3, 5);
    m.preempt([3]);
    expect(() => m.append(3)).toThrow('Sequence 3 is swapped out: swap it in before it can grow.');
    expect(() => m.swapOut([3])).toThrow('Sequence 3 is swapped out, so it cannot be swapped out.');
    m.addSequence(4);
    expect(() => m.append(4, 1.5)).toThrow('The tokens to append must be a whole number ≥ 0, not 1.5.');
  });
});

describe('preemption', () => {
  it('recompute: frees the blocks and keeps the sequence, empty, to be filled again', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 4 });
    m.addSequence(1);
    m.append(1, 12);
    m.fork(1, 2);
    m.append(2, 4);
    // Block 0 stays: sequence 2 still holds it.
    expect(m.preempt([1])).toEqual({ mode: 'recompute', tokens: 12, freedBlocks: 1 });
    expect([m.tokens(1), m.blockTable(1), m.location(1)]).toEqual([0, [], 'device']);
    m.checkInvariants();
    expect(m.append(1, 3).slots).toHaveLength(3);
    m.checkInvariants();
  });

  it('swap: moves blocks to the swap space, a block shared within the group once, and back', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 7, swapBlocks: 3, preemption: 'swap' });
    m.addSequence(1);
    m.append(1, 12);
    m.fork(1, 2);
    m.append(2, 1); // copies block 1; block 0 stays shared
    m.addSequence(3);
    m.append(3, 30);
    const out = m.preempt([1, 2]);
    expect(out.mode).toBe('swap');
    expect(out.mode === 'swap' && out.copies.map((c) => c.slots)).toEqual([8, 4, 5]); // blocks 0, 1, 2: three, not four
    expect(m.stats()).toMatchObject({ usedBlocks: 4, swapUsedBlocks: 3, sequences: 1, swappedSequences: 2, tokens: 30 });
    expect(m.refCount(m.blockTable(1)[0]!, 'swap')).toBe(2);
    m.checkInvariants();
    m.addSequence(4);
    m.append(4, 8);
    // Back needs 3 device blocks, and 2 are free: refused, nothing moves.
    expect(() => m.swapIn([1, 2])).toThrow('Moving 2 sequences to the device needs 3 free device blocks, but only 2 are free.');
    m.free(3);
    expect(m.swapIn([1, 2]).length).toBe(3);
    expect(m.stats()).toMatchObject({ usedBlocks: 4, sharedBlocks: 1, swapUsedBlocks: 0, tokens: 25 + 8 });
    m.checkInvariants();
  });

  it('refuses a swap that does not fit the swap space', () => {
    const m = new BlockManager({ blockSize: 8, blocks: 4, swapBlocks: 1, preemption: 'swap' });
    m.addSequence(1);
    m.append(1, 9);
    expect(() => m.preempt([1])).toThrow('Moving 1 sequence to the swap space needs 2 free swap blocks, but only 1 is free.');
    expect(m.location(1)).toBe('device');
    m.checkInvariants();
  });
});
