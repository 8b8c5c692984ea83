/**
 * A kernel's interface, read from its WGSL by a real parser (wgsl_reflect, the
 * one webgpu-utils builds on): resource bindings with their access mode and
 * memory layout, `override` declarations with `@id`, type and default, compute
 * entry points with their workgroup-size expressions, module-scope `const`s,
 * `enable` directives, and every struct's layout (member offsets, sizes,
 * alignments, array strides). Line numbers come from the parser's nodes, for
 * editor markers.
 *
 * wgsl_reflect 1.6 cannot parse an expression inside an attribute
 * (`@workgroup_size(WG * 2u)`, `max(WG, 32u)`), which WGSL allows: such
 * arguments are blanked (same length, same lines) before parsing, and this
 * module reads the workgroup size from the original text itself. The GPU
 * compiler stays the final authority: a shader this reader cannot read is
 * still handed to it, and its messages come first.
 */
import { WgslParser, WgslReflect, type Node, type TypeInfo } from 'wgsl_reflect';
import { compileExpr } from './expr';
import { messageOf } from '../gpu/errors';

export type AddressSpace = 'storage' | 'uniform' | 'other';
export type ScalarType = 'f32' | 'i32' | 'u32' | 'f16' | 'bool';

/** A WGSL type's layout in host-shareable memory (sizes and alignments per the WGSL spec's layout rules). */
export type TypeLayout =
  | { readonly kind: 'scalar'; readonly text: string; readonly size: number; readonly align: number; readonly scalar: ScalarType; readonly atomic: boolean }
  | { readonly kind: 'vector'; readonly text: string; readonly size: number; readonly align: number; readonly scalar: ScalarType; readonly n: number }
  | { readonly kind: 'matrix'; readonly text: string; readonly size: number; readonly align: number; readonly scalar: ScalarType; readonly columns: number; readonly rows: number; readonly columnStride: number }
  | { readonly kind: 'array'; readonly text: string; readonly size: number; readonly align: number; readonly element: TypeLayout; readonly stride: number; /** undefined: runtime-sized */ readonly count: number | undefined }
  | { readonly kind: 'struct'; readonly text: string; readonly size: number; readonly align: number; readonly members: readonly MemberLayout[] };

export interface MemberLayout {
  readonly name: string;
  /** Bytes from the start of the struct. */
  readonly offset: number;
  readonly layout: TypeLayout;
}

export interface ReflectedBinding {
  readonly group: number;
  readonly binding: number;
  readonly name: string;
  readonly space: AddressSpace;
  readonly access: 'read' | 'read_write';
  /** The type as written in the shader (`array<vec2u>`). */
  readonly type: string;
  /** Undefined for types that hold no plain data (textures, samplers) or that this reader cannot lay out. */
  readonly layout: TypeLayout | undefined;
  /** 1-based line of the declaration, for editor messages. */
  readonly line: number;
}

export interface ReflectedOverride {
  readonly name: string;
  readonly type: string;
  /** The `@id(n)` the pipeline keys this constant by, when the shader gives one. */
  readonly id?: number;
  /** The default as written in the shader, when it has one. */
  readonly defaultText?: string;
  /** Its value, when it is a number or arithmetic over numbers, consts and earlier overrides. */
  readonly defaultValue?: number;
  readonly line: number;
  /** Character offsets of the whole declaration (attributes to `;`), for rewriting its default. */
  readonly start: number;
  readonly end: number;
}

export interface ReflectedEntryPoint {
  readonly name: string;
  /** The three workgroup_size arguments as written (missing ones are "1"). */
  readonly workgroupSize: readonly [string, string, string];
  readonly line: number;
}

export interface Reflection {
  readonly bindings: readonly ReflectedBinding[];
  readonly overrides: readonly ReflectedOverride[];
  readonly entryPoints: readonly ReflectedEntryPoint[];
  /** Module-scope `const`s whose value is a number (they may size workgroups and appear in sidecar expressions). */
  readonly consts: Readonly<Record<string, number>>;
  /** `enable` directives (`f16`, `subgroups`, …). */
  readonly enables: readonly string[];
  /** Every struct the shader declares, by name. */
  readonly structs: Readonly<Record<string, TypeLayout>>;
  /** Why the reader gave up on this shader (a syntax error, most often); the lists are then empty. */
  readonly problem?: { readonly message: string; readonly line: number };
}

/** Blank out comments, keeping offsets and line numbers intact. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const two = src.slice(i, i + 2);
    if (depth === 0 && two === '//') {
      while (i < src.length && src[i] !== '\n') { out += ' '; i++; }
    } else if (two === '/*') {
      depth++; out += '  '; i += 2;
    } else if (depth > 0 && two === '*/') {
      depth--; out += '  '; i += 2;
    } else {
      const c = src[i]!;
      out += depth > 0 && c !== '\n' ? ' ' : c;
      i++;
    }
  }
  return out;
}

/** A WGSL literal such as `64`, `64u`, `0x40`, `1.5f`, or undefined. */
export function parseWgslNumber(text: string): number | undefined {
  const t = text.trim().replace(/[uifh]$/, '');
  if (/^-?0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16);
  if (/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}

/** A literal, or arithmetic over literals and names already known (`2u * WG`); undefined otherwise. */
export function valueOf(text: string, known: Readonly<Record<string, number>>): number | undefined {
  const literal = parseWgslNumber(text);
  if (literal !== undefined) return literal;
  try {
    const v = compileExpr(text.replace(/\b(\d+(?:\.\d*)?)[uifh]\b/g, '$1')).evaluate(known);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The `(…)` group starting at `open` (which must be '('), as [inner start, index of the matching ')']. */
function group(src: string, open: number): [number, number] | undefined {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return [open + 1, i];
  }
  return undefined;
}

/** Top-level comma-separated parts of an argument list. */
function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(text.slice(last));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const WORKGROUP_SIZE = '@workgroup_size';

/** The text for the parser: workgroup_size arguments that are expressions blanked to `1` (offsets kept). */
function maskAttributeExpressions(code: string): string {
  let out = code;
  let from = 0;
  for (;;) {
    const at = code.indexOf(WORKGROUP_SIZE, from);
    if (at < 0) return out;
    from = at + WORKGROUP_SIZE.length;
    let open = from;
    while (/\s/.test(code[open] ?? '')) open++;
    const g = code[open] === '(' ? group(code, open) : undefined;
    if (!g) continue;
    const inner = code.slice(g[0], g[1]);
    if (/^[\w\s,]*$/.test(inner)) continue;
    const blank = inner.replace(/[^\n]/g, ' ');
    out = `${out.slice(0, g[0])}1${blank.slice(1)}${out.slice(g[1])}`;
  }
}

/** Attributes whose argument is a number Kernel Lab must know (a binding's place, an override's id, a member's layout). */
const VALUE_ATTRIBUTE = /@(group|binding|id|size|align|location)\s*\(/g;

/**
 * Module-scope `const`s with a number value, read from the text (lines that start with `const`) before parsing:
 * what `@binding(B + 1u)` and its like may name. The parsed module's consts (reflectWgsl) are the authority after.
 */
function textConsts(code: string): Record<string, number> {
  const known: Record<string, number> = {};
  for (const m of code.matchAll(/^const\s+(\w+)\s*(?::\s*\w+\s*)?=\s*([^;]+);/gm)) {
    const v = valueOf(m[2]!.trim(), known);
    if (v !== undefined) known[m[1]!] = v;
  }
  return known;
}

/**
 * The text for the parser, step two: the arguments of @group, @binding, @id, @size, @align and @location that
 * are expressions (`@binding(B + 1u)`, which WGSL allows), replaced by their value, padded to keep lines (and,
 * unless a value is longer than its expression, offsets). An expression that is not a whole number from literals
 * and module-scope consts is a problem naming its line: the parser cannot take it, and guessing would misplace
 * a binding.
 */
function evaluateAttributeExpressions(code: string, text: string): { text: string } | { problem: { message: string; line: number } } {
  let known: Record<string, number> | undefined;
  let out = '';
  let last = 0;
  for (const m of code.matchAll(VALUE_ATTRIBUTE)) {
    const g = group(code, m.index + m[0].length - 1);
    if (!g) continue;
    const inner = code.slice(g[0], g[1]);
    if (/^\s*\d+[iu]?\s*$/.test(inner)) continue;
    known ??= textConsts(code);
    const v = valueOf(inner.trim(), known);
    if (v === undefined || !Number.isInteger(v) || v < 0) {
      const line = code.slice(0, m.index).split('\n').length;
      const override = [...inner.matchAll(/[A-Za-z_]\w*/g)].map((w) => w[0]).find((w) => new RegExp(`\\boverride\\s+${w}\\b`).test(code));
      const why = override ? `: ${override} is an override, which WGSL does not allow there (use a const)` : ' Kernel Lab can work out from numbers and module-scope consts';
      return { problem: { message: `@${m[1]}(${inner.trim()}) must be a whole number${why}`, line } };
    }
    const value = String(v);
    out += text.slice(last, g[0]) + value.padEnd(inner.length, ' ');
    last = g[1];
  }
  return { text: out + text.slice(last) };
}

/** The workgroup_size arguments of the entry point whose declaration starts at `start`, from the original text. */
function workgroupSizeAt(code: string, start: number): [string, string, string] {
  const fn = code.indexOf('fn', start);
  const at = code.indexOf(WORKGROUP_SIZE, start);
  if (at < 0 || (fn >= 0 && at > fn)) return ['1', '1', '1'];
  const g = group(code, code.indexOf('(', at));
  const args = g ? splitArgs(code.slice(g[0], g[1])) : [];
  return [args[0] ?? '1', args[1] ?? '1', args[2] ?? '1'];
}

const SCALARS: Readonly<Record<string, ScalarType>> = { f32: 'f32', i32: 'i32', u32: 'u32', f16: 'f16', bool: 'bool' };
const SHORT: Readonly<Record<string, ScalarType>> = { f: 'f32', i: 'i32', u: 'u32', h: 'f16' };
const roundUp = (align: number, n: number): number => Math.ceil(n / align) * align;

function scalarLayout(scalar: ScalarType, atomic = false, text: string = scalar): TypeLayout {
  const size = scalar === 'f16' ? 2 : 4;
  return { kind: 'scalar', text, size, align: size, scalar, atomic };
}

function vectorLayout(scalar: ScalarType, n: number, text: string): TypeLayout {
  const s = scalar === 'f16' ? 2 : 4;
  return { kind: 'vector', text, size: n * s, align: (n === 3 ? 4 : n) * s, scalar, n };
}

function matrixLayout(scalar: ScalarType, columns: number, rows: number, text: string): TypeLayout {
  const column = vectorLayout(scalar, rows, `vec${rows}`);
  const columnStride = roundUp(column.align, column.size);
  return { kind: 'matrix', text, size: columns * columnStride, align: column.align, scalar, columns, rows, columnStride };
}

/** Vectors and matrices written `vec3f`, `vec2<u32>`, `mat4x4h`, …. */
function shapedLayout(name: string, scalar: ScalarType, text: string): TypeLayout | undefined {
  const v = /^vec([234])$/.exec(name);
  if (v) return vectorLayout(scalar, Number(v[1]), text);
  const m = /^mat([234])x([234])$/.exec(name);
  if (m) return matrixLayout(scalar, Number(m[1]), Number(m[2]), text);
  return undefined;
}

/** The memory layout of a type the parser resolved; undefined for what holds no plain data. */
export function layoutOf(t: TypeInfo | null): TypeLayout | undefined {
  if (!t) return undefined;
  const text = t.getTypeName();
  if (t.isStruct) {
    const s = t as TypeInfo & { members: { name: string; offset: number; type: TypeInfo }[]; align: number };
    const members = s.members.map((m) => ({ name: m.name, offset: m.offset, layout: layoutOf(m.type) }));
    if (members.some((m) => !m.layout)) return undefined;
    return { kind: 'struct', text: t.name, size: t.size, align: s.align, members: members as MemberLayout[] };
  }
  if (t.isArray) {
    const a = t as TypeInfo & { format: TypeInfo; count: number; stride: number };
    const element = layoutOf(a.format);
    if (!element) return undefined;
    const count = a.count > 0 ? a.count : undefined;
    return { kind: 'array', text, size: count === undefined ? 0 : count * a.stride, align: element.align, element, stride: a.stride, count };
  }
  if (t.isTemplate) {
    const f = (t as TypeInfo & { format: TypeInfo | null }).format;
    const scalar = f ? SCALARS[f.name] : undefined;
    if (!scalar) return undefined;
    if (t.name === 'atomic') return scalarLayout(scalar, true, text);
    return shapedLayout(t.name, scalar, text);
  }
  const scalar = SCALARS[t.name];
  if (scalar) return scalarLayout(scalar);
  const short = /^(vec[234]|mat[234]x[234])([fiuh])$/.exec(t.name);
  return short ? shapedLayout(short[1]!, SHORT[short[2]!]!, text) : undefined;
}

const EMPTY = { bindings: [], overrides: [], entryPoints: [], consts: {}, enables: [], structs: {} } as const;

/** The text between a declaration's `=` and its `;`, or undefined when it has none. */
function initializer(code: string, start: number, end: number): string | undefined {
  const decl = code.slice(start, end);
  const eq = decl.indexOf('=');
  if (eq < 0) return undefined;
  return decl.slice(eq + 1).replace(/;\s*$/, '').trim();
}

export function reflectWgsl(source: string): Reflection {
  const code = stripComments(source);
  let ast: Node[];
  const reflect = new WgslReflect();
  const parserText = evaluateAttributeExpressions(code, maskAttributeExpressions(code));
  if ('problem' in parserText) return { ...EMPTY, problem: parserText.problem };
  try {
    ast = new WgslParser().parse(parserText.text);
    reflect.updateAST(ast);
  } catch (e) {
    const message = messageOf(e);
    const line = Number(/Line: (\d+)/.exec(message)?.[1] ?? 0);
    return { ...EMPTY, problem: { message: message.replace(/\.?\s*Line: \d+\.?$/, ''), line } };
  }
  const node = (n: Node) => n as Node & { name: string; line: number; start: number; end: number; attributes?: { name: string; value: unknown }[] | null };

  const consts: Record<string, number> = {};
  const enables: string[] = [];
  const overrides: ReflectedOverride[] = [];
  const entryPoints: ReflectedEntryPoint[] = [];
  const vars = new Map<string, { line: number; type: string }>();
  for (const raw of ast) {
    const n = node(raw);
    switch (raw.astNodeType) {
      case 'const': {
        const text = initializer(code, n.start, n.end);
        const v = text === undefined ? undefined : valueOf(text, consts);
        if (v !== undefined) consts[n.name] = v;
        break;
      }
      case 'enable':
        enables.push(n.name);
        break;
      case 'var': {
        // The type as the user wrote it, for messages: from the declaration's ':' to its end.
        const decl = code.slice(n.start, n.end);
        const colon = decl.indexOf(':', decl.indexOf(n.name) + n.name.length);
        const type = colon < 0 ? '' : decl.slice(colon + 1).replace(/[;=][\s\S]*$/, '').trim();
        vars.set(n.name, { line: n.line, type });
        break;
      }
      case 'override': {
        const info = reflect.getOverrideInfo(n.name);
        const text = initializer(code, n.start, n.end);
        const known = { ...consts, ...Object.fromEntries(overrides.flatMap((o) => (o.defaultValue === undefined ? [] : [[o.name, o.defaultValue]]))) };
        const v = text === undefined ? undefined : valueOf(text, known);
        const idAttr = n.attributes?.find((a) => a.name === 'id');
        const id = idAttr ? parseWgslNumber(String(idAttr.value)) : undefined;
        overrides.push({
          name: n.name,
          type: info?.type?.getTypeName() ?? 'inferred',
          ...(id !== undefined ? { id } : {}),
          ...(text === undefined ? {} : { defaultText: text }),
          ...(v === undefined ? {} : { defaultValue: v }),
          line: n.line,
          start: n.start,
          end: n.end,
        });
        break;
      }
      case 'function':
        if (n.attributes?.some((a) => a.name === 'compute')) {
          entryPoints.push({ name: n.name, workgroupSize: workgroupSizeAt(code, n.start), line: n.line });
        }
        break;
      default:
        break;
    }
  }
  const bindings: ReflectedBinding[] = [...reflect.uniforms, ...reflect.storage]
    .map((v): ReflectedBinding => ({
      group: v.group,
      binding: v.binding,
      name: v.name,
      space: reflect.uniforms.includes(v) ? 'uniform' : 'storage',
      access: v.access === 'read_write' ? 'read_write' : 'read',
      type: vars.get(v.name)?.type || v.type.getTypeName(),
      layout: layoutOf(v.type),
      line: vars.get(v.name)?.line ?? 0,
    }))
    .sort((a, b) => a.line - b.line);
  const structs = Object.fromEntries(reflect.structs.flatMap((s) => {
    const l = layoutOf(s);
    return l ? [[s.name, l]] : [];
  }));
  return { bindings, overrides, entryPoints, consts, enables, structs };
}
