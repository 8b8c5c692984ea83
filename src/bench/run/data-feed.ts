/**
 * Which input buffers of a kernel a data column can feed, and which size
 * parameters follow the column's rows: the rules the parameters panel uses
 * when a column is picked for a buffer (the values themselves come from
 * src/data's columnToHost; a run takes them through RunOptions.data).
 *
 * A buffer can be fed when its values are all f32, all i32 or all u32
 * (no padding, no header) and one of its sizes is a single parameter:
 * - a matrix whose rows are a product of parameters (`dims: ["B * H * N", "d"]`,
 *   attention's Q, K and V): the last factor follows (N = rows / (B·H)), the
 *   others keep their values, and a FixedSizeList sets d;
 * - a matrix, `dims: [R, C]` with R and C parameter names: a
 *   FixedSizeList<…>[d] column of n rows sets R = n and C = d; a scalar column
 *   of n values is read as [n / C, C] with C as it is (R = n / C), or, when an
 *   earlier pick set R, as [R, n / R] (C = n / R);
 * - a vector, `length: P` (or `elements: P`, values per element counted): a
 *   column of n rows (× d for a FixedSizeList, flattened row-major) sets P.
 * Anything else ("4 * ceil(N / 4)") is refused with the reason: no parameter
 * can follow. Two buffers that want the same parameter (saxpy's x and y both
 * set N) must agree; the later pick is refused, naming the earlier.
 */
import type { HostColumnArray, HostKind } from '../../data/columns';
import { shapeOf } from '../../kernels/plan';
import { reflectWgsl, type Reflection } from '../../kernels/reflect';
import type { Expr, KernelSpec, Params } from '../../kernels/spec';

export type FeedSizing =
  /** `param` values per buffer = rows × width / `per` (host values per array element). */
  | { readonly kind: 'vector'; readonly param: string; readonly per: number }
  /**
   * A row-major matrix of `rows` × `cols` values; where the spec's row count
   * is a product (`B * H * N`: attention's Q), `rows` is its last factor and
   * `times` the others, kept at their current values.
   */
  | { readonly kind: 'matrix'; readonly rows: string; readonly cols: string; readonly times?: readonly string[] };

/** One input (or inout) buffer of a kernel, as data may feed it. */
export interface FeedTarget {
  readonly buffer: string;
  /** The element type of its values, when a column can feed it. */
  readonly kind?: HostKind;
  readonly sizing?: FeedSizing;
  /** Why no column can feed it, in a sentence; absent when one can. */
  readonly problem?: string;
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The name of a parameter when `e` is just that name. */
function singleParam(spec: KernelSpec, e: Expr | undefined): string | undefined {
  if (typeof e !== 'string') return undefined;
  const name = e.trim();
  return spec.params.some((p) => p.name === name) ? name : undefined;
}

/** The parameter names of `e` when it is a product of two or more of them (`B * H * N`), in order. */
function productOfParams(spec: KernelSpec, e: Expr | undefined): string[] | undefined {
  if (typeof e !== 'string' || !e.includes('*')) return undefined;
  const names = e.split('*').map((f) => f.trim());
  return names.length >= 2 && names.every((n) => singleParam(spec, n) === n) && new Set(names).size === names.length ? names : undefined;
}

/**
 * Every input and inout buffer of `spec`, in spec order, with how a column can feed it.
 * @param reflection the WGSL the run will use (the editor's); the spec's own source when absent
 */
export function feedTargets(spec: KernelSpec, reflection: Reflection = reflectWgsl(spec.source)): FeedTarget[] {
  return spec.buffers.filter((b) => b.role === 'input' || b.role === 'inout').map((b): FeedTarget => {
    let shape;
    try {
      shape = shapeOf(b, reflection);
    } catch (e) {
      return { buffer: b.name, problem: e instanceof Error ? e.message : String(e) };
    }
    const scalar = shape.scalar;
    if (scalar !== 'f32' && scalar !== 'i32' && scalar !== 'u32') {
      return { buffer: b.name, problem: `${b.name} holds ${shape.elementText}: a column can feed only arrays of f32, i32 or u32 values.` };
    }
    if (shape.padded || shape.prefixKinds.length > 0) {
      return { buffer: b.name, problem: `${b.name} holds ${shape.elementText}${shape.padded ? ' with padding' : ' after a header'}: a column can feed only plain arrays of values.` };
    }
    const rows = b.dims ? singleParam(spec, b.dims[0]) : undefined;
    const cols = b.dims ? singleParam(spec, b.dims[1]) : undefined;
    if (rows && cols && rows !== cols) return { buffer: b.name, kind: scalar, sizing: { kind: 'matrix', rows, cols } };
    const product = b.dims ? productOfParams(spec, b.dims[0]) : undefined;
    if (product && cols && !product.includes(cols)) {
      return { buffer: b.name, kind: scalar, sizing: { kind: 'matrix', rows: product.at(-1)!, cols, times: product.slice(0, -1) } };
    }
    const byLength = singleParam(spec, b.length);
    if (byLength) return { buffer: b.name, kind: scalar, sizing: { kind: 'vector', param: byLength, per: 1 } };
    const byElements = singleParam(spec, b.elements);
    if (byElements) return { buffer: b.name, kind: scalar, sizing: { kind: 'vector', param: byElements, per: shape.kinds.length } };
    const size = b.dims ? `dims [${b.dims.join(', ')}]` : b.length !== undefined ? `length "${b.length}"` : b.elements !== undefined ? `elements "${b.elements}"` : 'a fixed size';
    return { buffer: b.name, kind: scalar, problem: `No parameter can follow a column's rows into ${b.name}: its size is ${size}, not one parameter.` };
  });
}

/** A column as the picker knows it before converting it: its rows and values per row (d of a FixedSizeList, else 1). */
export interface FeedColumn {
  readonly file: string;
  readonly column: string;
  readonly rows: number;
  readonly width: number;
}

export interface FeedRequest extends FeedColumn {
  readonly buffer: string;
}

export type FeedPlan =
  | {
    readonly buffer: string;
    readonly ok: true;
    readonly kind: HostKind;
    /** The parameters this column sets. */
    readonly params: Readonly<Record<string, number>>;
    /** The row width to ask columnToHost for (a scalar column read as a matrix); absent to take the column as it is. */
    readonly width?: number;
  }
  | { readonly buffer: string; readonly ok: false; readonly problem: string };

const label = (r: FeedColumn): string => `column ${r.column} of ${r.file}`;

/**
 * The parameters each request sets, in order; a request that cannot be
 * followed (no such buffer, no parameter, a value out of the parameter's
 * range, a disagreement with an earlier request) gets its problem instead.
 * `params` are the current values (a scalar column read as a matrix keeps the
 * current column count).
 */
export function planFeeds(spec: KernelSpec, targets: readonly FeedTarget[], requests: readonly FeedRequest[], params: Params): FeedPlan[] {
  const claimed = new Map<string, { value: number; by: FeedRequest }>();
  return requests.map((r): FeedPlan => {
    const fail = (problem: string): FeedPlan => ({ buffer: r.buffer, ok: false, problem });
    const target = targets.find((t) => t.buffer === r.buffer);
    if (!target) return fail(`${spec.id} has no input buffer ${r.buffer}.`);
    if (!target.sizing || !target.kind) return fail(target.problem ?? `${r.buffer} cannot be fed from data.`);
    const values = r.rows * r.width;
    let wants: Record<string, number>;
    let width: number | undefined;
    const s = target.sizing;
    if (s.kind === 'vector') {
      if (values % s.per !== 0) return fail(`${label(r)} has ${formatCount(values)} values, which do not make whole elements of ${r.buffer} (${s.per} values each).`);
      wants = { [s.param]: values / s.per };
    } else if (s.times && s.times.length > 0) {
      // Rows are a product (B · H · N): its last factor follows, the others stay as they are.
      const others = s.times.map((t) => claimed.get(t)?.value ?? params[t] ?? Number.NaN);
      const per = others.reduce((a, b) => a * b, 1);
      const cols = r.width > 1 ? r.width : claimed.get(s.cols)?.value ?? params[s.cols] ?? Number.NaN;
      const rowsGiven = r.width > 1 ? r.rows : r.rows / cols;
      const product = `${s.times.join(' × ')} = ${formatCount(per)}`;
      if (!Number.isInteger(rowsGiven) || !Number.isInteger(per) || per < 1 || rowsGiven % per !== 0) {
        return fail(`${label(r)} gives ${formatCount(r.rows)} rows${r.width > 1 ? '' : ` of ${s.cols} = ${cols}`}, which do not divide into ${product} blocks for ${r.buffer} (rows are ${[...s.times, s.rows].join(' × ')}): set ${s.times.join(' and ')} so that they divide it.`);
      }
      wants = { [s.rows]: rowsGiven / per, ...(r.width > 1 ? { [s.cols]: r.width } : {}) };
      if (r.width === 1) width = cols;
    } else if (r.width > 1) {
      wants = { [s.rows]: r.rows, [s.cols]: r.width };
    } else {
      // A scalar column fills the matrix row by row: its columns follow when an earlier pick fixed its rows, else its rows follow the current columns.
      const fixedRows = claimed.get(s.rows);
      if (fixedRows) {
        const n = fixedRows.value;
        if (r.rows % n !== 0) return fail(`${label(r)} has ${formatCount(r.rows)} values, which do not make ${formatCount(n)} rows (${s.rows}, set by ${label(fixedRows.by)}) for ${r.buffer} (${formatCount(r.rows % n)} left over).`);
        wants = { [s.cols]: r.rows / n };
        width = r.rows / n;
      } else {
        const cols = claimed.get(s.cols)?.value ?? params[s.cols] ?? Number.NaN;
        if (!Number.isInteger(cols) || cols < 1 || r.rows % cols !== 0) {
          return fail(`${label(r)} has ${formatCount(r.rows)} values, which do not make rows of ${s.cols} = ${cols} for ${r.buffer} (${formatCount(r.rows % cols)} left over): set ${s.cols} to a divisor of ${formatCount(r.rows)}, or pick a FixedSizeList column.`);
        }
        wants = { [s.rows]: r.rows / cols };
        width = cols;
      }
    }
    for (const [name, value] of Object.entries(wants)) {
      const p = spec.params.find((q) => q.name === name);
      if (p && (value < p.min || value > p.max)) {
        return fail(`${label(r)} would set ${name} to ${formatCount(value)}, but ${p.label ?? name} may be ${formatCount(p.min)} to ${formatCount(p.max)}.`);
      }
      const earlier = claimed.get(name);
      if (earlier && earlier.value !== value) {
        return fail(`${label(r)} would set ${name} to ${formatCount(value)}, but ${name} already follows ${label(earlier.by)} into ${earlier.by.buffer} (${formatCount(earlier.value)}).`);
      }
    }
    for (const [name, value] of Object.entries(wants)) if (!claimed.has(name)) claimed.set(name, { value, by: r });
    return { buffer: r.buffer, ok: true, kind: target.kind, params: wants, ...(width === undefined ? {} : { width }) };
  });
}

/**
 * A column's values as the whole buffer: as they are when the lengths match;
 * followed by zeros when the buffer has a tail past its rows × columns (the
 * vec4 matmuls' spare vec4), said in `padded`.
 * @throws Error when the buffer holds fewer values than the column gives
 */
export function fitToBuffer(values: HostColumnArray, length: number, buffer: string): { readonly values: HostColumnArray; readonly padded: number } {
  if (values.length === length) return { values, padded: 0 };
  if (values.length > length) throw new Error(`${buffer} holds ${formatCount(length)} values with these parameters, fewer than the column's ${formatCount(values.length)}.`);
  const out = new (values.constructor as new (n: number) => HostColumnArray)(length);
  out.set(values);
  return { values: out, padded: length - values.length };
}
