import { describe, expect, it } from 'vitest';
import { describeLineChanges } from './line-changes';

const change = (os: number, oe: number, ms: number, me: number) => ({ originalStartLineNumber: os, originalEndLineNumber: oe, modifiedStartLineNumber: ms, modifiedEndLineNumber: me });

describe('a diff in words', () => {
  it('says when there is nothing to see', () => {
    expect(describeLineChanges([], 'your edit')).toBe('No differences.');
  });

  it('names changed, added and removed lines by the right-hand side\'s numbers', () => {
    expect(describeLineChanges([change(12, 12, 12, 12)], 'your edit')).toBe('1 change in your edit: line 12 changed.');
    expect(describeLineChanges([change(3, 4, 3, 5), change(19, 0, 20, 22), change(30, 31, 32, 0), change(1, 1, 0, 0)], 'run #2')).toBe(
      '4 changes in run #2: lines 3–5 changed; lines 20–22 added; 2 lines removed after line 32; 1 line removed at the top.',
    );
  });

  it('names the first few and counts the rest', () => {
    const many = Array.from({ length: 9 }, (_, i) => change(i * 10 + 1, i * 10 + 1, i * 10 + 1, i * 10 + 1));
    expect(describeLineChanges(many, 'x', 2)).toBe('9 changes in x: line 1 changed; line 11 changed; and 7 more.');
  });
});
