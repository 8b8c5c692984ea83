/**
 * The block grid read by keyboard: where each key moves the focused block,
 * and a block said in words.
 */
import { describe, expect, it } from 'vitest';
import { describeBlock, nextBlock } from './BlockView';

describe('the block grid by keyboard', () => {
  it('moves a block left and right, a row up and down, to either end, and stays inside', () => {
    expect(nextBlock('ArrowRight', 3, 20, 8)).toBe(4);
    expect(nextBlock('ArrowLeft', 0, 20, 8)).toBe(0);
    expect(nextBlock('ArrowDown', 3, 20, 8)).toBe(11);
    expect(nextBlock('ArrowDown', 15, 20, 8)).toBe(19);
    expect(nextBlock('ArrowUp', 5, 20, 8)).toBe(0);
    expect(nextBlock('Home', 7, 20, 8)).toBe(0);
    expect(nextBlock('End', 7, 20, 8)).toBe(19);
    expect(nextBlock('a', 7, 20, 8)).toBeUndefined();
  });
  it('says a block\'s request, slots and sharing, or that it is free', () => {
    expect(describeBlock(4, { row: 17, fill: 9, refs: 1 }, 16)).toBe('Block 4: request 17, 9 of 16 slots written');
    expect(describeBlock(5, { row: 3, fill: 16, refs: 2 }, 16)).toBe('Block 5: request 3, 16 of 16 slots written, shared by 2 sequences');
    expect(describeBlock(6, undefined, 16)).toBe('Block 6: free');
  });
});
