/**
 * Just enough WGSL reflection to keep a kernel's sidecar short and to catch
 * mismatches before the GPU does: resource bindings, `override` declarations
 * and compute entry points with their workgroup sizes.
 *
 * It reads declarations, not meaning: a shader it cannot read is still handed
 * to the GPU compiler, whose messages are the authority.
 */
import { compileExpr } from './expr';

export type AddressSpace = 'storage' | 'uniform' | 'other';

export interface ReflectedBinding {
  readonly group: number;
  readonly binding: number;
  readonly name: string;
  readonly space: AddressSpace;
  readonly access: 'read' | 'read_write';
  readonly type: string;
  /** 1-based line of the declaration, for editor messages. */
  readonly line: number;
}

export interface ReflectedOverride {
  readonly name: string;
  readonly type: string;
  /** The default as written in the shader, when it has one. */
  readonly defaultText?: string;
  /** Its value, when it is a number or arithmetic over numbers, consts and earlier overrides. */
  readonly defaultValue?: number;
  readonly line: number;
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
  /** Module-scope `const`s whose value is a plain number (they may size workgroups). */
  readonly consts: Readonly<Record<string, number>>;
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

const lineAt = (src: string, offset: number): number => src.slice(0, offset).split('\n').length;

/** A WGSL literal such as `64`, `64u`, `0x40`, `1.5f`, or undefined. */
export function parseWgslNumber(text: string): number | undefined {
  const t = text.trim().replace(/[uif]$/, '');
  if (/^-?0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16);
  if (/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}

const ATTRS = String.raw`((?:@\s*\w+\s*(?:\([^)]*\))?\s*)+)`;
const VAR_RE = new RegExp(String.raw`${ATTRS}var\s*(?:<([^>]*)>)?\s*(\w+)\s*:\s*([^;=]+)`, 'g');
const OVERRIDE_RE = /(?:@\s*id\s*\(\s*\d+\s*\)\s*)?\boverride\s+(\w+)\s*(?::\s*(\w+))?\s*(?:=\s*([^;]+))?;/g;
const FN_RE = new RegExp(String.raw`${ATTRS}fn\s+(\w+)`, 'g');

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(String.raw`@\s*${name}\s*\(([^)]*)\)`).exec(attrs);
  return m?.[1];
}

export function reflectWgsl(source: string): Reflection {
  const src = stripComments(source);
  const bindings: ReflectedBinding[] = [];
  for (const m of src.matchAll(VAR_RE)) {
    const attrs = m[1] ?? '';
    const group = attr(attrs, 'group');
    const binding = attr(attrs, 'binding');
    if (group === undefined || binding === undefined) continue;
    const qualifiers = (m[2] ?? '').split(',').map((s) => s.trim());
    const space: AddressSpace = qualifiers[0] === 'storage' ? 'storage' : qualifiers[0] === 'uniform' ? 'uniform' : 'other';
    bindings.push({
      group: parseWgslNumber(group) ?? -1,
      binding: parseWgslNumber(binding) ?? -1,
      name: m[3] ?? '',
      space,
      access: qualifiers[1] === 'read_write' ? 'read_write' : 'read',
      type: (m[4] ?? '').trim(),
      line: lineAt(src, (m.index ?? 0) + attrs.length),
    });
  }
  const consts = moduleConsts(src);
  const overrides: ReflectedOverride[] = [];
  const known: Record<string, number> = { ...consts };
  for (const m of src.matchAll(OVERRIDE_RE)) {
    const text = m[3]?.trim();
    const def = text === undefined ? undefined : valueOf(text, known);
    const name = m[1] ?? '';
    if (def !== undefined) known[name] = def;
    overrides.push({
      name,
      type: m[2] ?? 'inferred',
      ...(text === undefined ? {} : { defaultText: text }),
      ...(def === undefined ? {} : { defaultValue: def }),
      line: lineAt(src, m.index ?? 0),
    });
  }
  const entryPoints: ReflectedEntryPoint[] = [];
  for (const m of src.matchAll(FN_RE)) {
    const attrs = m[1] ?? '';
    if (!/@\s*compute\b/.test(attrs)) continue;
    const args = (attr(attrs, 'workgroup_size') ?? '1').split(',').map((s) => s.trim()).filter(Boolean);
    entryPoints.push({
      name: m[2] ?? '',
      workgroupSize: [args[0] ?? '1', args[1] ?? '1', args[2] ?? '1'],
      line: lineAt(src, (m.index ?? 0) + attrs.length),
    });
  }
  return { bindings, overrides, entryPoints, consts };
}

/** A literal, or arithmetic over literals and names already known (`2u * WG`); undefined otherwise. */
function valueOf(text: string, known: Readonly<Record<string, number>>): number | undefined {
  const literal = parseWgslNumber(text);
  if (literal !== undefined) return literal;
  try {
    const v = compileExpr(text.replace(/\b(\d+(?:\.\d*)?)[uif]\b/g, '$1')).evaluate(known);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Module-scope `const`s with a numeric value: a `const` at the start of a line, outside any function body. */
function moduleConsts(src: string): Record<string, number> {
  const consts: Record<string, number> = {};
  let depth = 0;
  for (const line of src.split('\n')) {
    const m = depth === 0 ? /^\s*const\s+(\w+)\s*(?::\s*\w+\s*)?=\s*([^;]+);/.exec(line) : null;
    const v = m ? valueOf(m[2]!, consts) : undefined;
    if (m && v !== undefined) consts[m[1]!] = v;
    for (const ch of line) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
  }
  return consts;
}
