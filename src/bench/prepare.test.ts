import { describe, expect, it } from 'vitest';
import { findKernel } from '../kernels/library';
import { reflectWgsl } from '../kernels/reflect';
import { resolveConstants } from './prepare';

const tiled = findKernel('matmul/tiled')!;

describe('which constant value runs', () => {
  it('takes the code\'s default over the spec\'s, so the editor shows what runs', () => {
    const edited = tiled.source.replace(/override TILE: u32 = \d+;/, 'override TILE: u32 = 4;');
    const r = resolveConstants(tiled, reflectWgsl(edited), {});
    expect(r.values.TILE).toBe(4);
    expect(r.pipeline.TILE).toBe(4);
  });

  it('takes a value given for the run (the runner\'s --constants, a tuning candidate) over the code', () => {
    const r = resolveConstants(tiled, reflectWgsl(tiled.source), { TILE: 8 });
    expect(r.values.TILE).toBe(8);
    expect(r.pipeline.TILE).toBe(8);
  });

  it('leaves a default the code computes in a way we cannot follow to the compiler', () => {
    const edited = tiled.source.replace(/override TILE: u32 = \d+;/, 'override TILE: u32 = select(8u, 16u, true);');
    const r = resolveConstants(tiled, reflectWgsl(edited), {});
    expect(r.pipeline).not.toHaveProperty('TILE');
  });
});
