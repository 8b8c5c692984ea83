/**
 * The value a column's nulls become (the page's "fill with" field, the
 * runner's --fill): a number the buffer's element type holds, or refused with
 * a sentence. Never replaced by another value: text that is not a number, an
 * empty field, or a value that would not survive the conversion (1e40 becomes
 * ∞ in f32, 1.5 is no i32) is an error, not a silent 0 or ∞.
 */
import { RANGE, type HostKind } from './convert';

/** The largest finite f32, (2 − 2⁻²³)·2¹²⁷ (IEEE 754 binary32). */
export const F32_MAX = 3.4028234663852886e38;

/**
 * Why `value` cannot fill nulls of a `kind` buffer, in a clause ("does not fit in f32 (at most ±3.4028235e38)"),
 * or undefined when it can. f32: finite and rounding to a finite f32; i32 / u32: an integer within range.
 */
export function fillProblem(value: number, kind: HostKind): string | undefined {
  if (!Number.isFinite(value)) return 'is not a finite number';
  if (kind === 'f32') return Number.isFinite(Math.fround(value)) ? undefined : `does not fit in f32 (at most ±${F32_MAX.toPrecision(8)})`;
  const [lo, hi] = RANGE[kind];
  if (!Number.isInteger(value)) return `is not an integer, so it cannot become ${kind}`;
  return value < lo || value > hi ? `does not fit in ${kind} (${lo} to ${hi})` : undefined;
}

/**
 * The fill value typed as `text`, for a `kind` buffer when known (without it only "a finite number that fits in f32",
 * the widest of the three, is checked). Returns the number, or a sentence saying why not (for the field or the runner).
 */
export function parseFill(text: string, kind?: HostKind): { readonly value: number } | { readonly problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'Give a value for the nulls (the field is empty).' };
  const value = Number(t);
  if (Number.isNaN(value)) return { problem: `"${text}" is not a number: give the value the nulls become, e.g. 0 or -1.` };
  const why = fillProblem(value, kind ?? 'f32');
  return why ? { problem: `The fill value ${t} ${why}.` } : { value };
}
