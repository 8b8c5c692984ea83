/**
 * Rewrite the defaults of `override` declarations in WGSL source, so a tuned
 * choice of constants can be written into the editor's code. The one place
 * where Kernel Lab edits shader text.
 */
import { stripComments, type Reflection } from './reflect';

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
