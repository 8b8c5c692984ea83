/**
 * Rewrite the defaults of `override` declarations in WGSL source, so a tuned
 * choice of constants can be written into the editor's code. The one place
 * where Kernel Lab edits shader text.
 */
import { reflectWgsl, stripComments, type Reflection } from './reflect';

/** The part of a saved draft that holds code and constants. */
export interface DraftCode {
  readonly source: string;
  readonly constants: Readonly<Record<string, number>>;
  /** Set once the draft keeps its override values in the code (see settleConstants). */
  readonly constantsInCode?: boolean;
}

/**
 * The code is the one source of truth for an `override` it gives a default:
 * the Constants panel shows that default and edits it in the code. Only the
 * constants the code leaves open (declared without a default, or not declared
 * at all but used by the spec's dispatch) are kept beside the code. This
 * returns those, from the values stored with a draft.
 */
export function constantsBesideCode(reflection: Reflection, stored: Readonly<Record<string, number>>): Record<string, number> {
  const inCode = new Set(reflection.overrides.filter((o) => o.defaultValue !== undefined).map((o) => o.name));
  return Object.fromEntries(Object.entries(stored).filter(([name]) => !inCode.has(name)));
}

/** The source with `override NAME … = value;` set to the given values; other text untouched. */
export function withOverrideDefaults(source: string, values: Readonly<Record<string, number>>): string {
  const code = stripComments(source); // offsets match `source`; comments cannot match
  const re = /\boverride\s+(\w+)\s*(:\s*(\w+)\s*)?(=\s*[^;]+)?;/g;
  let out = '';
  let last = 0;
  for (const m of code.matchAll(re)) {
    const name = m[1]!;
    const v = values[name];
    if (v === undefined) continue;
    const type = m[3];
    const literal = type === 'u32' ? `${v}` : type === 'i32' ? `${v}` : type === 'f32' && Number.isInteger(v) ? `${v}.0` : `${v}`;
    const start = m.index ?? 0;
    out += source.slice(last, start) + `override ${name}${m[2] ? `: ${type}` : ''} = ${literal};`;
    last = start + m[0].length;
  }
  return out + source.slice(last);
}

/** Names of the overrides the code declares: their values live in the code. */
export const declaredOverrides = (source: string): Set<string> => new Set(reflectWgsl(source).overrides.map((o) => o.name));

/** Values split into those written into the code's `override`s and those kept beside it. */
export function withConstants<D extends DraftCode>(d: D, values: Readonly<Record<string, number>>): D {
  const declared = declaredOverrides(d.source);
  const inCode = Object.fromEntries(Object.entries(values).filter(([n]) => declared.has(n)));
  const beside = Object.fromEntries(Object.entries(values).filter(([n]) => !declared.has(n)));
  const source = Object.keys(inCode).length > 0 ? withOverrideDefaults(d.source, inCode) : d.source;
  return { ...d, source, constants: { ...d.constants, ...beside } };
}

/**
 * Drafts saved before the code became the one source of truth could hold a
 * panel value that differed from the code's default, and that value is what
 * ran: write it into the code, once, so nothing the user chose is lost. The
 * draft is then marked, and keeps only the constants the code leaves open.
 */
export function settleConstants<D extends DraftCode>(d: D): { draft: D; moved: string[] } {
  if (d.constantsInCode) return { draft: d, moved: [] };
  const moved: string[] = [];
  const values: Record<string, number> = {};
  const overrides = reflectWgsl(d.source).overrides;
  for (const o of overrides) {
    const stored = d.constants[o.name];
    if (stored !== undefined && o.defaultValue !== undefined && stored !== o.defaultValue) {
      values[o.name] = stored;
      moved.push(`${o.name} = ${stored}`);
    }
  }
  const source = moved.length === 0 ? d.source : withOverrideDefaults(d.source, values);
  const constants = constantsBesideCode(reflectWgsl(source), d.constants);
  return { draft: { ...d, source, constants, constantsInCode: true }, moved };
}
