import { describe, expect, it } from 'vitest';
import { constantsBesideCode, settleConstants, withConstants, withOverrideDefaults, type DraftCode } from './overrides';
import { reflectWgsl } from './reflect';

describe('rewriting override defaults', () => {
  it('sets the named overrides and leaves everything else alone', () => {
    const src = [
      '// override BM: u32 = 1; (a comment, untouched)',
      'override BM: u32 = 64; // rows',
      'override BN: u32 = 64;',
      'override SCALE: f32 = 1.5;',
      'override FLAG = true;',
      'fn f() {}',
    ].join('\n');
    const out = withOverrideDefaults(src, { BM: 32, SCALE: 2, MISSING: 7 });
    expect(out.split('\n')).toEqual([
      '// override BM: u32 = 1; (a comment, untouched)',
      'override BM: u32 = 32; // rows',
      'override BN: u32 = 64;',
      'override SCALE: f32 = 2.0;',
      'override FLAG = true;',
      'fn f() {}',
    ]);
    expect(reflectWgsl(out).overrides.map((o) => [o.name, o.defaultValue])).toEqual([['BM', 32], ['BN', 64], ['SCALE', 2], ['FLAG', undefined]]);
  });
});

describe('the code as the one source of truth for constants', () => {
  const src = 'override TILE: u32 = 16;\noverride WG: u32;\n';

  it('writes declared overrides into the code and keeps the rest beside it', () => {
    const d = withConstants({ source: src, constants: {} }, { TILE: 8, WG: 64, SPLIT: 4 });
    expect(d.source).toBe('override TILE: u32 = 8;\noverride WG: u32 = 64;\n');
    expect(d.constants).toEqual({ SPLIT: 4 });
    expect(constantsBesideCode(reflectWgsl(d.source), { TILE: 16, WG: 1, SPLIT: 4 })).toEqual({ SPLIT: 4 });
  });

  it('moves a panel value saved before this rule into the code, so what ran is kept', () => {
    const { draft, moved } = settleConstants<DraftCode>({ source: src, constants: { TILE: 4, SPLIT: 2 } });
    expect(moved).toEqual(['TILE = 4']);
    expect(draft.source).toContain('override TILE: u32 = 4;');
    expect(draft.constants).toEqual({ SPLIT: 2 });
    expect(draft.constantsInCode).toBe(true);
    // Once settled, a stored value is never taken over the code again.
    expect(settleConstants({ ...draft, source: src, constants: { TILE: 8 } }).draft.source).toBe(src);
  });
});
