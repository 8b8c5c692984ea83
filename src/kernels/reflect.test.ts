import { describe, expect, it } from 'vitest';
import { parseWgslNumber, reflectWgsl, stripComments, type TypeLayout } from './reflect';

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

const memberOffsets = (l: TypeLayout | undefined): [string, number][] => (l?.kind === 'struct' ? l.members.map((m) => [m.name, m.offset]) : []);

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

  it('finds overrides with their @id, type and default', () => {
    expect(r.overrides.map(({ name, type, id, defaultText, defaultValue, line }) => ({ name, type, id, defaultText, defaultValue, line }))).toEqual([
      { name: 'WG_X', type: 'u32', id: 3, defaultText: '16u', defaultValue: 16, line: 10 },
      { name: 'SCALE', type: 'inferred', id: undefined, defaultText: '1.5', defaultValue: 1.5, line: 11 },
      { name: 'FLAG', type: 'bool', id: undefined, defaultText: undefined, defaultValue: undefined, line: 12 },
    ]);
    const wg = r.overrides[0]!;
    expect(SHADER.slice(wg.start, wg.end)).toBe('@id(3) override WG_X: u32 = 16u;');
  });

  it('follows override defaults written as arithmetic over consts and earlier overrides', () => {
    const r2 = reflectWgsl('const WG = 64u;\noverride TILE: u32 = WG / 4u;\noverride AREA = TILE * TILE;\noverride ODD: u32 = select(1u, 2u, true);\n');
    expect(r2.overrides.map((o) => [o.name, o.defaultText, o.defaultValue])).toEqual([
      ['TILE', 'WG / 4u', 16],
      ['AREA', 'TILE * TILE', 256],
      ['ODD', 'select(1u, 2u, true)', undefined],
    ]);
  });

  it('finds compute entry points and their workgroup sizes, expressions included', () => {
    expect(r.entryPoints.map((e) => [e.name, e.workgroupSize, e.line])).toEqual([
      ['main', ['WG_X', '4', '1'], 15],
      ['second', ['64', '1', '1'], 20],
    ]);
    // The parser underneath cannot read these; they must still be found, with their text.
    const r2 = reflectWgsl('const WG = 64u;\noverride K: u32 = 2;\n@compute @workgroup_size(max(WG, 32u), K * 2u)\nfn only() {}\n');
    expect(r2.problem).toBeUndefined();
    expect(r2.entryPoints).toEqual([{ name: 'only', workgroupSize: ['max(WG, 32u)', 'K * 2u', '1'], line: 4 }]);
  });

  it('finds module-scope numeric consts, not those inside functions', () => {
    const r2 = reflectWgsl('const TM = 4u;\nconst NAME: f32 = 1.5;\nconst TWICE = TM * 2u;\nconst V = vec2(1);\nfn f() {\n  const inner = 3;\n}\n');
    expect(r2.consts).toEqual({ TM: 4, NAME: 1.5, TWICE: 8 });
  });

  it('lists enable directives', () => {
    expect(reflectWgsl('enable f16;\nenable subgroups;\n@compute @workgroup_size(1) fn main() {}').enables).toEqual(['f16', 'subgroups']);
  });

  it('lays out uniform structs by WGSL\'s rules: a vec2 after a u32 starts at byte 8', () => {
    const r2 = reflectWgsl('struct Params { n: u32, scale: vec2<f32>, offset: vec3f, m: mat3x3f }\n@group(0) @binding(0) var<uniform> p: Params;');
    const p = r2.bindings[0]!.layout!;
    expect(memberOffsets(p)).toEqual([['n', 0], ['scale', 8], ['offset', 16], ['m', 32]]);
    expect(p.size).toBe(80);
    expect(p.kind === 'struct' && p.members[3]!.layout).toMatchObject({ kind: 'matrix', columns: 3, rows: 3, columnStride: 16 });
  });

  it('gives every storage buffer its element layout: vectors, atomics, f16, structs, arrays of structs', () => {
    const r2 = reflectWgsl(`enable f16;
struct Body { pos: vec2f, mass: f32 }
struct Bodies { items: array<Body> }
@group(0) @binding(0) var<storage, read_write> pairs: array<vec2u>;
@group(0) @binding(1) var<storage, read_write> bins: array<atomic<u32>>;
@group(0) @binding(2) var<storage, read_write> halves: array<f16>;
@group(0) @binding(3) var<storage, read> bodies: Bodies;
@group(0) @binding(4) var<storage, read> size: vec2u;
@group(0) @binding(5) var<storage, read_write> points: array<vec3<f32>>;
@compute @workgroup_size(1) fn main() {}`);
    const by = Object.fromEntries(r2.bindings.map((b) => [b.name, b.layout]));
    expect(by.pairs).toMatchObject({ kind: 'array', count: undefined, stride: 8, element: { kind: 'vector', scalar: 'u32', n: 2 } });
    expect(by.bins).toMatchObject({ kind: 'array', stride: 4, element: { kind: 'scalar', scalar: 'u32', atomic: true } });
    expect(by.halves).toMatchObject({ kind: 'array', stride: 2, element: { kind: 'scalar', scalar: 'f16' } });
    expect(by.points).toMatchObject({ kind: 'array', stride: 16, element: { kind: 'vector', scalar: 'f32', n: 3, size: 12 } });
    expect(by.size).toMatchObject({ kind: 'vector', scalar: 'u32', n: 2, size: 8 });
    const bodies = by.bodies!;
    expect(bodies.kind).toBe('struct');
    if (bodies.kind !== 'struct') return;
    expect(bodies.members[0]).toMatchObject({ name: 'items', offset: 0, layout: { kind: 'array', stride: 16, count: undefined } });
    expect(memberOffsets(r2.structs.Body)).toEqual([['pos', 0], ['mass', 8]]);
  });

  it('says where it gave up, without throwing', () => {
    const r2 = reflectWgsl('@group(0) @binding(0) var<storage> a: array<f32>;\nfn main( {\n}\n');
    expect(r2.problem?.line).toBe(2);
    expect(r2.bindings).toEqual([]);
  });

  it('works out expressions in @group, @binding, @id and @align from module-scope consts, or says where it cannot', () => {
    const placed = reflectWgsl([
      'const B = 1u;',
      'const G: u32 = B - 1u;',
      '@group(G) @binding(B + 1u) var<storage, read> a: array<f32>;',
      '@group(0) @binding(B * 3u) var<storage, read_write> b: array<f32>;',
      '@id(B + 9u) override K: u32 = 4u;',
      'struct P { x: f32, @align(B * 16) y: f32 }',
      '@group(0) @binding(4) var<uniform> p: P;',
      '@compute @workgroup_size(64) fn main() { b[0] = a[0] + p.y + f32(K); }',
    ].join('\n'));
    expect(placed.problem).toBeUndefined();
    expect(placed.bindings.map((x) => [x.name, x.group, x.binding])).toEqual([['a', 0, 2], ['b', 0, 3], ['p', 0, 4]]);
    expect(placed.overrides.find((o) => o.name === 'K')?.id).toBe(10);
    expect(placed.entryPoints.map((e) => e.name)).toEqual(['main']);
    const unknown = reflectWgsl('const B = 1u;\n\n@group(0) @binding(NOPE + B) var<storage> a: array<f32>;\n');
    expect(unknown.problem).toEqual({ message: '@binding(NOPE + B) must be a whole number Kernel Lab can work out from numbers and module-scope consts', line: 3 });
    expect(reflectWgsl('override BASE: u32 = 1u;\n@group(0) @binding(BASE) var<storage> a: array<f32>;\n').problem).toEqual({ message: '@binding(BASE) must be a whole number: BASE is an override, which WGSL does not allow there (use a const)', line: 2 });
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
