import { describe, expect, it } from 'vitest';
import { withOverrideDefaults } from './overrides';
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
