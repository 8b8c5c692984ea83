import { describe, expect, it } from 'vitest';
import { CompileError } from './errors';

describe('compile errors', () => {
  it('summarizes compiler messages with the first error place', () => {
    const e = new CompileError([
      { type: 'warning', line: 2, column: 1, length: 1, message: 'unused' },
      { type: 'error', line: 7, column: 12, length: 3, message: "unresolved identifier 'acc2'" },
      { type: 'error', line: 9, column: 1, length: 3, message: 'another' },
    ]);
    expect(e.message).toBe("Compile error at line 7, column 12: unresolved identifier 'acc2' (and 1 more error)");
  });
});
