import { describe, expect, it } from 'vitest';
import { parseWgslNumber, reflectWgsl, stripComments } from './reflect';

const SHADER = `// a comment with @group(0) @binding(9) var<storage> fake: u32;
struct Dims { M: u32 }
/* block /* nested */ still comment @binding(8) */
@group(0) @binding(0) var<storage, read> a: array<f32>;
@binding(1) @group(0)
var<storage, read_write> out : array<vec4<f32>>;
@group(0) @binding(2) var<uniform> dims: Dims;
@group(1) @binding(0) var<storage> other: array<u32>;

@id(3) override WG_X: u32 = 16u;
override SCALE = 1.5;
override FLAG: bool;

@compute @workgroup_size(WG_X, 4)
fn main(@builtin(global_invocation_id) gid: vec3u) {}

fn helper() {}

@workgroup_size(64) @compute
fn second() {}
`;

describe('WGSL reflection', () => {
  const r = reflectWgsl(SHADER);

  it('finds bindings in either attribute order, ignoring comments', () => {
    expect(r.bindings.map((b) => [b.group, b.binding, b.name, b.space, b.access])).toEqual([
      [0, 0, 'a', 'storage', 'read'],
      [0, 1, 'out', 'storage', 'read_write'],
      [0, 2, 'dims', 'uniform', 'read'],
      [1, 0, 'other', 'storage', 'read'],
    ]);
    expect(r.bindings[1]?.type).toBe('array<vec4<f32>>');
    expect(r.bindings.map((b) => b.line)).toEqual([4, 6, 7, 8]);
  });

  it('finds overrides with their defaults', () => {
    expect(r.overrides).toEqual([
      { name: 'WG_X', type: 'u32', defaultText: '16u', defaultValue: 16, line: 10 },
      { name: 'SCALE', type: 'inferred', defaultText: '1.5', defaultValue: 1.5, line: 11 },
      { name: 'FLAG', type: 'bool', line: 12 },
    ]);
  });

  it('follows override defaults written as arithmetic over consts and earlier overrides', () => {
    const r2 = reflectWgsl('const WG = 64u;\noverride TILE: u32 = WG / 4u;\noverride AREA = TILE * TILE;\noverride ODD: u32 = select(1u, 2u, true);\n');
    expect(r2.overrides.map((o) => [o.name, o.defaultText, o.defaultValue])).toEqual([
      ['TILE', 'WG / 4u', 16],
      ['AREA', 'TILE * TILE', 256],
      ['ODD', 'select(1u, 2u, true)', undefined],
    ]);
  });

  it('finds compute entry points and their workgroup sizes', () => {
    expect(r.entryPoints.map((e) => [e.name, e.workgroupSize, e.line])).toEqual([
      ['main', ['WG_X', '4', '1'], 15],
      ['second', ['64', '1', '1'], 20],
    ]);
  });

  it('finds module-scope numeric consts, not those inside functions', () => {
    const r2 = reflectWgsl('const TM = 4u;\nconst NAME: f32 = 1.5;\nconst V = vec2(1);\nfn f() {\n  const inner = 3;\n}\n');
    expect(r2.consts).toEqual({ TM: 4, NAME: 1.5 });
  });

  it('keeps line numbers when stripping comments', () => {
    const s = stripComments('a /* x\ny */ b // c\nd');
    expect(s.split('\n')).toHaveLength(3);
    expect(s).not.toMatch(/[xyc]/);
    expect(s.length).toBe('a /* x\ny */ b // c\nd'.length);
  });

  it('reads WGSL number literals', () => {
    expect(parseWgslNumber('64u')).toBe(64);
    expect(parseWgslNumber('0x40')).toBe(64);
    expect(parseWgslNumber('1.5f')).toBe(1.5);
    expect(parseWgslNumber('-3i')).toBe(-3);
    expect(parseWgslNumber('WG')).toBeUndefined();
  });
});
