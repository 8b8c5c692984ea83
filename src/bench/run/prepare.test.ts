import { describe, expect, it } from 'vitest';
import { findKernel } from '../../kernels/library';
import { reflectWgsl } from '../../kernels/reflect';
import { placeAtOverrides, resolveConstants } from './prepare';

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

describe('pipeline constants', () => {
  it('key an override with @id by its number, as WebGPU does', () => {
    const src = '@group(0) @binding(0) var<storage, read_write> y: array<f32>;\n@id(0) override WG: u32 = 64;\n@id(7) override GAIN: f32 = 2.5;\noverride PLAIN: u32 = 3;\n@compute @workgroup_size(WG) fn main() {}';
    const spec = { ...tiled, source: src, constants: [{ name: 'GAIN', default: 2.5 }] };
    const r = resolveConstants(spec, reflectWgsl(src), { GAIN: 4 });
    expect(r.pipeline).toEqual({ '0': 64, '7': 4, PLAIN: 3 });
    expect(r.values).toMatchObject({ WG: 64, GAIN: 4, PLAIN: 3 });
  });
});

describe('placing pipeline errors', () => {
  it('puts a message that names an override at its line, leaving others alone', () => {
    const r = reflectWgsl('@group(0) @binding(0) var<storage, read_write> y: array<f32>;\n\n@id(7) override GAIN: f32 = 2.5;\noverride WG: u32 = 64;\n@compute @workgroup_size(WG) fn main() {}');
    const placed = placeAtOverrides([
      { type: 'error', line: 0, column: 0, length: 0, message: 'entry point main: Pipeline overridable constant "WG" has an invalid value' },
      { type: 'error', line: 0, column: 0, length: 0, message: 'entry point main: constant (7) is out of range' },
      { type: 'error', line: 0, column: 0, length: 0, message: 'entry point main: something else' },
    ], r);
    expect(placed.map((m) => m.line)).toEqual([4, 3, 0]);
  });
});
