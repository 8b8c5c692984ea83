/**
 * The pattern of a failing check at a glance: which part of an output is
 * wrong, named the way a kernel goes wrong. Whole rows or columns (a bound
 * test on the wrong axis), the last row of every tile (an edge the tiling
 * misses), every k-th value (a stride or a vector lane), everything from
 * some index on (a dispatch too small), one block (a workgroup's tile), or
 * no simple pattern. Exact: a pattern is named only when it accounts for
 * every mismatch and nothing else, so the sentence can be trusted; anything
 * else is "scattered", with where the mismatches are confined.
 *
 * Input: one ElementStatus per host value (mismatches.ts) and, for a matrix,
 * its rows and columns (row-major from `offset`, the values of any header).
 * O(n) time and memory, for a million values too.
 */
import { BEYOND, NON_FINITE, PADDING } from './mismatches';

/** A set of rows (or columns), described. */
export interface LineSet {
  readonly lines: readonly number[];
  /** When the lines are every `step`-th one from `from`, first to last (at least three, or two that end tiles of a power-of-two size). */
  readonly stride?: { readonly step: number; readonly from: number };
}

export type MismatchPattern =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'single'; readonly index: number }
  | { readonly kind: 'lines'; readonly rows?: LineSet; readonly columns?: LineSet }
  | { readonly kind: 'block'; readonly rows: readonly [number, number]; readonly columns: readonly [number, number] }
  /** Every value in [from, to] (padding aside); a tail when nothing after `to` is compared. */
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly tail: boolean }
  /** The mismatch mask repeats every `period` values; `offsets` are the wrong ones within a period. */
  | { readonly kind: 'periodic'; readonly period: number; readonly offsets: readonly number[] }
  /** Every `step`-th value from `from` to `to`, and nothing else. */
  | { readonly kind: 'stride'; readonly step: number; readonly from: number; readonly to: number }
  | { readonly kind: 'scattered'; readonly count: number; readonly rows?: readonly [number, number]; readonly columns?: readonly [number, number] };

export interface PatternReport {
  readonly pattern: MismatchPattern;
  /** One sentence for the page. */
  readonly sentence: string;
}

export interface Matrix {
  readonly rows: number;
  readonly columns: number;
  /** Index of the value at row 0, column 0. */
  readonly offset: number;
}

const isWrong = (s: number): boolean => s === BEYOND || s === NON_FINITE;
const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** "1st", "2nd", "3rd", "4th", "11th", "22nd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

const list = (xs: readonly number[], max = 5): string =>
  xs.length <= max ? (xs.length === 1 ? String(xs[0]) : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`) : `${xs.slice(0, max).join(', ')}, … (${xs.length} in all)`;

/** Constant difference between consecutive values, or undefined. */
function commonStep(xs: readonly number[] | Int32Array): number | undefined {
  if (xs.length < 2) return undefined;
  const step = xs[1]! - xs[0]!;
  for (let i = 2; i < xs.length; i++) if (xs[i]! - xs[i - 1]! !== step) return undefined;
  return step;
}

function lineSet(lines: readonly number[], total: number): LineSet {
  const step = commonStep(lines);
  const from = lines[0]!;
  // A stride names a pattern only when it covers its whole extent: every step-th line, first to last.
  const covers = step !== undefined && step >= 2 && from < step && lines.at(-1)! + step >= total;
  // Two lines make a stride only as the last line of each tile: rows 15 and 31 of 37 with 16-row tiles.
  const tileEnds = covers && lines.length === 2 && step >= 4 && isPowerOfTwo(step) && from === step - 1;
  return covers && (lines.length >= 3 || tileEnds) ? { lines, stride: { step, from } } : { lines };
}

/** "row 5", "rows 32–36 (the last 5)", "the last row of every 16 rows (rows ≡ 15 mod 16: a tile's edge)". */
export function describeLines(set: LineSet, total: number, noun: 'row' | 'column'): string {
  const { lines, stride } = set;
  const first = lines[0]!;
  const last = lines.at(-1)!;
  if (lines.length === 1) return `${noun} ${first}`;
  if (stride) {
    const { step, from } = stride;
    const which = from === step - 1 ? 'last' : from === 0 ? 'first' : undefined;
    if (which) return `the ${which} ${noun} of every ${step} ${noun}s (${noun}s ≡ ${from} mod ${step}${isPowerOfTwo(step) ? ": a tile's edge" : ''})`;
    return `every ${ordinal(step)} ${noun} from ${noun} ${from} (${noun}s ≡ ${from} mod ${step})`;
  }
  if (last - first + 1 === lines.length) {
    const end = last === total - 1 ? ` (the last ${lines.length})` : first === 0 ? ` (the first ${lines.length})` : '';
    return `${noun}s ${first}–${last}${end}`;
  }
  return `${noun}s ${list(lines)}`;
}

const at = (index: number, m: Matrix | undefined): string => {
  if (!m) return `index ${index}`;
  const k = index - m.offset;
  if (k < 0 || k >= m.rows * m.columns) return `index ${index}`;
  return `index ${index} (row ${Math.floor(k / m.columns)}, column ${k % m.columns})`;
};

/** Whole rows and columns, when they account for every mismatch. */
function wholeLines(status: Uint8Array, indices: Int32Array, m: Matrix): MismatchPattern | undefined {
  if (m.rows < 2 || m.columns < 2) return undefined;
  const rowWrong = new Int32Array(m.rows);
  const rowValues = new Int32Array(m.rows);
  const colWrong = new Int32Array(m.columns);
  const colValues = new Int32Array(m.columns);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.columns; c++) {
      const s = status[m.offset + r * m.columns + c]!;
      if (s === PADDING) continue;
      rowValues[r]!++;
      colValues[c]!++;
      if (isWrong(s)) {
        rowWrong[r]!++;
        colWrong[c]!++;
      }
    }
  }
  const full = (wrong: Int32Array, values: Int32Array): number[] => [...wrong.keys()].filter((k) => values[k]! > 0 && wrong[k] === values[k]);
  const rows = full(rowWrong, rowValues);
  const columns = full(colWrong, colValues);
  if (rows.length === 0 && columns.length === 0) return undefined;
  const fullRow = new Uint8Array(m.rows);
  const fullCol = new Uint8Array(m.columns);
  for (const r of rows) fullRow[r] = 1;
  for (const c of columns) fullCol[c] = 1;
  for (const i of indices) {
    const k = i - m.offset;
    if (k < 0 || k >= m.rows * m.columns) return undefined;
    if (!fullRow[Math.floor(k / m.columns)] && !fullCol[k % m.columns]) return undefined;
  }
  return { kind: 'lines', ...(rows.length > 0 ? { rows: lineSet(rows, m.rows) } : {}), ...(columns.length > 0 ? { columns: lineSet(columns, m.columns) } : {}) };
}

/** One rectangle, wholly wrong, and nothing outside it. */
function block(status: Uint8Array, indices: Int32Array, m: Matrix): MismatchPattern | undefined {
  let r0 = Infinity, r1 = -1, c0 = Infinity, c1 = -1;
  for (const i of indices) {
    const k = i - m.offset;
    if (k < 0 || k >= m.rows * m.columns) return undefined;
    const r = Math.floor(k / m.columns);
    const c = k % m.columns;
    r0 = Math.min(r0, r); r1 = Math.max(r1, r);
    c0 = Math.min(c0, c); c1 = Math.max(c1, c);
  }
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const s = status[m.offset + r * m.columns + c]!;
      if (s !== PADDING && !isWrong(s)) return undefined;
    }
  }
  return { kind: 'block', rows: [r0, r1], columns: [c0, c1] };
}

/** Every compared value from the first mismatch to the last. */
function range(status: Uint8Array, indices: Int32Array): MismatchPattern | undefined {
  const from = indices[0]!;
  const to = indices.at(-1)!;
  for (let i = from; i <= to; i++) if (status[i] !== PADDING && !isWrong(status[i]!)) return undefined;
  let tail = true;
  for (let i = to + 1; i < status.length && tail; i++) if (status[i] !== PADDING) tail = false;
  return { kind: 'range', from, to, tail };
}

/** The smallest p with mask[i] = mask[i + p] for all i, by the prefix function (Knuth–Morris–Pratt), when the mask repeats at least twice. */
function period(status: Uint8Array): MismatchPattern | undefined {
  const n = status.length;
  const bit = new Uint8Array(n);
  for (let i = 0; i < n; i++) bit[i] = isWrong(status[i]!) ? 1 : 0;
  const pi = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    const b = bit[i];
    let k = pi[i - 1]!;
    while (k > 0 && b !== bit[k]) k = pi[k - 1]!;
    if (b === bit[k]) k++;
    pi[i] = k;
  }
  const p = n - pi[n - 1]!;
  if (p > n / 2) return undefined;
  const offsets: number[] = [];
  for (let i = 0; i < p; i++) if (bit[i]) offsets.push(i);
  return offsets.length > 0 ? { kind: 'periodic', period: p, offsets } : undefined;
}

/** Where scattered mismatches lie: the rows and columns that hold them. */
function confinement(indices: Int32Array, m: Matrix | undefined): Pick<Extract<MismatchPattern, { kind: 'scattered' }>, 'rows' | 'columns'> {
  if (!m) return {};
  let r0 = Infinity, r1 = -1, c0 = Infinity, c1 = -1;
  for (const i of indices) {
    const k = i - m.offset;
    if (k < 0 || k >= m.rows * m.columns) return {};
    const r = Math.floor(k / m.columns);
    const c = k % m.columns;
    r0 = Math.min(r0, r); r1 = Math.max(r1, r);
    c0 = Math.min(c0, c); c1 = Math.max(c1, c);
  }
  return { rows: [r0, r1], columns: [c0, c1] };
}

/** The pattern of the mismatches in `status` (their ascending `indices`, as findMismatches gives them). */
export function mismatchPattern(status: Uint8Array, indices: Int32Array, matrix?: Matrix): MismatchPattern {
  const count = indices.length;
  if (count === 0) return { kind: 'none' };
  let compared = 0;
  for (let i = 0; i < status.length; i++) if (status[i] !== PADDING) compared++;
  if (count === compared) return { kind: 'all' };
  if (count === 1) return { kind: 'single', index: indices[0]! };
  const m = matrix && matrix.rows * matrix.columns > 0 ? matrix : undefined;
  const lines = m && wholeLines(status, indices, m);
  if (lines) return lines;
  const r = range(status, indices);
  if (r) return r;
  const b = m && block(status, indices, m);
  if (b) return b;
  // A pattern that repeats through the whole buffer; else every k-th value over part of it.
  const p = period(status);
  if (p) return p;
  const step = commonStep(indices);
  if (step !== undefined && count >= 3) return { kind: 'stride', step, from: indices[0]!, to: indices.at(-1)! };
  return { kind: 'scattered', count, ...confinement(indices, m) };
}

/** One sentence for a pattern of `count` mismatches, with rows and columns where the buffer is a matrix. */
export function describePattern(pattern: MismatchPattern, count: number, matrix?: Matrix): string {
  const n = count.toLocaleString('en-US');
  switch (pattern.kind) {
    case 'none':
      return 'No element is beyond the tolerance.';
    case 'all':
      return `Every element is wrong (${n}).`;
    case 'single':
      return `One element is wrong: ${at(pattern.index, matrix)}.`;
    case 'lines': {
      const { rows, columns } = pattern;
      const r = rows && describeLines(rows, matrix?.rows ?? 0, 'row');
      const c = columns && describeLines(columns, matrix?.columns ?? 0, 'column');
      const what = r && c ? 'Whole rows and columns are wrong' : r ? 'Whole rows are wrong' : 'Whole columns are wrong';
      return `${what}: ${[r, c].filter(Boolean).join('; ')}; nothing else is (${n} elements).`;
    }
    case 'block': {
      const [r0, r1] = pattern.rows;
      const [c0, c1] = pattern.columns;
      const edges = [r1 === (matrix?.rows ?? 0) - 1 && r0 > 0 ? 'bottom' : '', c1 === (matrix?.columns ?? 0) - 1 && c0 > 0 ? 'right' : ''].filter(Boolean);
      return `One block is wrong, and nothing else: rows ${r0}–${r1}, columns ${c0}–${c1} (${r1 - r0 + 1} × ${c1 - c0 + 1})${edges.length ? `, at the ${edges.join(' and ')} edge` : ''}.`;
    }
    case 'range':
      if (pattern.tail) return `Everything from ${at(pattern.from, matrix)} on is wrong (${n} elements), and nothing before it.`;
      if (pattern.from === 0 || (matrix && pattern.from === matrix.offset)) return `Everything up to ${at(pattern.to, matrix)} is wrong (${n} elements), and nothing after it.`;
      return `One run of ${n} elements is wrong, and nothing else: ${at(pattern.from, matrix)} to ${at(pattern.to, matrix)}.`;
    case 'stride':
      return `Every ${ordinal(pattern.step)} element is wrong, and nothing else: ${at(pattern.from, matrix)} to ${at(pattern.to, matrix)} (${n} elements, indices ≡ ${pattern.from % pattern.step} mod ${pattern.step}).`;
    case 'periodic': {
      const { period: p, offsets } = pattern;
      if (offsets.length === 1) return `Every ${ordinal(p)} element is wrong, and nothing else: indices ≡ ${offsets[0]} mod ${p} (${n} elements).`;
      const run = offsets.at(-1)! - offsets[0]! + 1 === offsets.length;
      const which = run ? `${offsets[0]}–${offsets.at(-1)}` : list(offsets, 4);
      return `The mismatches repeat every ${p} elements: in each ${p}, those at ${which} (${n} elements).`;
    }
    case 'scattered': {
      const { rows, columns } = pattern;
      const where = rows && columns
        ? rows[0] === rows[1] ? `, all in row ${rows[0]}` : columns[0] === columns[1] ? `, all in column ${columns[0]}` : `, within rows ${rows[0]}–${rows[1]} and columns ${columns[0]}–${columns[1]}`
        : '';
      return `${n} elements are wrong with no simple pattern${where}.`;
    }
  }
}

/** The pattern and its sentence. */
export function reportPattern(status: Uint8Array, indices: Int32Array, matrix?: Matrix): PatternReport {
  const pattern = mismatchPattern(status, indices, matrix);
  return { pattern, sentence: describePattern(pattern, indices.length, matrix) };
}
