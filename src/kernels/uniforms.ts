/**
 * Uniform values by name, written where WGSL puts them. A spec names what it
 * sets by member path ("n", "scale" with two values, "scale.y", "inner.a",
 * "weights[2]"); every scalar the uniform holds must get exactly one value,
 * at its member's offset (a vec2<f32> after a u32 starts at byte 8, not 4).
 */
import { toHalf } from './memory';
import type { ScalarType, TypeLayout } from './reflect';

/** One scalar of a uniform: where it lives and what it is. */
export interface UniformLeaf {
  /** "scale.x", "m[1][0]", or the variable's name for a plain scalar uniform. */
  readonly path: string;
  readonly offset: number;
  readonly scalar: ScalarType;
}

const COMPONENTS = ['x', 'y', 'z', 'w'];

/** Every scalar of `layout`, depth first in memory order, named from `root`. */
export function uniformLeaves(layout: TypeLayout, root: string, base = 0): UniformLeaf[] {
  const join = (a: string, b: string): string => (a ? `${a}${b.startsWith('[') ? '' : '.'}${b}` : b.replace(/^\./, ''));
  switch (layout.kind) {
    case 'scalar':
      return [{ path: root, offset: base, scalar: layout.scalar }];
    case 'vector': {
      const size = layout.scalar === 'f16' ? 2 : 4;
      return Array.from({ length: layout.n }, (_, i) => ({ path: join(root, COMPONENTS[i]!), offset: base + i * size, scalar: layout.scalar }));
    }
    case 'matrix': {
      const size = layout.scalar === 'f16' ? 2 : 4;
      const out: UniformLeaf[] = [];
      for (let c = 0; c < layout.columns; c++) for (let r = 0; r < layout.rows; r++) out.push({ path: `${root}[${c}][${r}]`, offset: base + c * layout.columnStride + r * size, scalar: layout.scalar });
      return out;
    }
    case 'array':
      return Array.from({ length: layout.count ?? 0 }, (_, i) => uniformLeaves(layout.element, `${root}[${i}]`, base + i * layout.stride)).flat();
    case 'struct':
      return layout.members.flatMap((m) => uniformLeaves(m.layout, join(root, m.name), base + m.offset));
  }
}

/** The leaves a path names: one scalar, or every scalar of a member, vector, array element…; or why it names none. */
export function leavesAt(leaves: readonly UniformLeaf[], path: string, layout: TypeLayout, variable: string): UniformLeaf[] | string {
  // "scale[1]" and "scale.y" are the same scalar.
  const norm = (p: string): string => p.replace(/\[(\d)\]$/, (_, i: string) => (Number(i) < 4 ? `.${COMPONENTS[Number(i)]}` : `[${i}]`));
  const wanted = path.trim();
  const exact = leaves.filter((l) => l.path === wanted || l.path === norm(wanted));
  if (exact.length > 0) return exact;
  const under = leaves.filter((l) => l.path.startsWith(`${wanted}.`) || l.path.startsWith(`${wanted}[`));
  if (under.length > 0) return under;
  if (layout.kind !== 'struct') return `"${wanted}" is not ${variable}: this uniform is a plain ${layout.text}, named "${variable}"`;
  return `"${wanted}" is not a member of ${layout.text} (its members: ${layout.members.map((m) => `${m.name}: ${m.layout.text}`).join(', ')})`;
}

/**
 * Problems with a set of named values for this uniform: names that match no
 * member, scalars given twice, and members left without a value (each problem
 * names both sides). `count` is how many values each name carries.
 */
export function uniformProblems(layout: TypeLayout, variable: string, given: readonly { readonly name: string; readonly count: number; readonly type?: ScalarType | undefined }[]): string[] {
  const leaves = leavesOf(layout, variable);
  const problems: string[] = [];
  const covered = new Map<string, string>();
  for (const g of given) {
    const found = leavesAt(leaves, g.name, layout, variable);
    if (typeof found === 'string') {
      problems.push(found);
      continue;
    }
    if (g.count !== found.length) {
      problems.push(`"${g.name}" holds ${found.length} value${found.length === 1 ? '' : 's'} (${found.map((l) => l.path).join(', ')}), but ${g.count} ${g.count === 1 ? 'is' : 'are'} given`);
    }
    if (g.type && found.some((l) => l.scalar !== g.type)) problems.push(`"${g.name}" is said to be ${g.type}, but the shader has ${found[0]!.scalar}`);
    for (const l of found) {
      const before = covered.get(l.path);
      if (before !== undefined) problems.push(`${l.path} is given twice ("${before}" and "${g.name}")`);
      covered.set(l.path, g.name);
    }
  }
  const missing = leaves.filter((l) => !covered.has(l.path));
  if (missing.length > 0 && problems.length === 0) {
    problems.push(`${missing.map((l) => `${l.path} (${l.scalar})`).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no value; the shader reads ${layout.kind === 'struct' ? `${layout.text} { ${layout.members.map((m) => `${m.name}: ${m.layout.text}`).join(', ')} }` : layout.text}`);
  }
  return problems;
}

/** Leaves named from the variable for a plain uniform, from the member names for a struct. */
function leavesOf(layout: TypeLayout, variable: string): UniformLeaf[] {
  return uniformLeaves(layout, layout.kind === 'struct' ? '' : variable);
}

/**
 * The uniform buffer's bytes: `values[i]` written at the leaves `names[i]`
 * names, in order. Sized to the struct, at least 16 bytes and a multiple of 16.
 * Throws with the first problem (a spec checked by uniformProblems has none).
 */
export function writeUniforms(layout: TypeLayout, variable: string, assignments: readonly { readonly name: string; readonly values: readonly number[] }[]): ArrayBuffer {
  const leaves = leavesOf(layout, variable);
  const data = new ArrayBuffer(Math.max(16, Math.ceil(layout.size / 16) * 16));
  const view = new DataView(data);
  for (const a of assignments) {
    const found = leavesAt(leaves, a.name, layout, variable);
    if (typeof found === 'string') throw new Error(found);
    found.forEach((l, i) => {
      const v = a.values[i] ?? 0;
      if (l.scalar === 'f32') view.setFloat32(l.offset, v, true);
      else if (l.scalar === 'u32') view.setUint32(l.offset, v >>> 0, true);
      else if (l.scalar === 'i32' || l.scalar === 'bool') view.setInt32(l.offset, v | 0, true);
      else view.setUint16(l.offset, toHalf(v), true);
    });
  }
  return data;
}
