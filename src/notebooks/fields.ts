/**
 * The small pieces of text inside cells: `key: value` lines (run, chart and
 * data cells), parameter lists (`M=64, N=2**6`) and sweeps
 * (`M,N,K = 32, 64, 128`). Values are the spec's own expressions
 * (kernels/expr.ts), without names. Every problem names its line.
 */
import { evaluate, ExprError } from '../kernels/expr';
import type { LessonProblem } from './fences';
import type { Sweep } from './format';

/** Read `key: value` lines; blank lines and `#` comments are skipped. Unknown and repeated keys are problems. */
export function readFields(body: string, firstLine: number, known: readonly string[], what: string, problems: LessonProblem[]): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  body.split('\n').forEach((raw, i) => {
    const line = firstLine + i;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const m = /^([a-z]+)\s*:\s*(.*)$/.exec(text);
    if (!m) {
      problems.push({ line, message: `${what}: "${text}" is not a \`key: value\` line (keys: ${known.join(', ')})` });
      return;
    }
    const [, key, value] = m as unknown as [string, string, string];
    if (!known.includes(key)) problems.push({ line, message: `${what}: unknown key "${key}" (keys: ${known.join(', ')})` });
    else if (out.has(key)) problems.push({ line, message: `${what}: "${key}" is given twice` });
    else out.set(key, { value: value.trim(), line });
  });
  return out;
}

const NAME = /^[A-Za-z_]\w*$/;

function number(text: string, where: string, line: number, problems: LessonProblem[]): number | undefined {
  try {
    return evaluate(text, {});
  } catch (e) {
    problems.push({ line, message: `${where}: ${e instanceof ExprError ? e.message : `"${text}" is not a number`}` });
    return undefined;
  }
}

/** `M=64, N=64, K=2**6` → { M: 64, N: 64, K: 64 }; empty text → {}. */
export function readParams(text: string, line: number, where: string, problems: LessonProblem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq <= 0 || !NAME.test(name)) {
      problems.push({ line, message: `${where}: "${part}" is not name=value` });
      continue;
    }
    if (name in out) problems.push({ line, message: `${where}: ${name} is given twice` });
    const v = number(part.slice(eq + 1).trim(), `${where}: ${name}`, line, problems);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** The most points one sweep may have: a lesson must stay quick on a CPU adapter. */
export const MAX_SWEEP_POINTS = 12;

/** `N = 64, 128, 256` or `M,N,K = 32, 64` (names tied to one value). */
export function readSweep(text: string, line: number, problems: LessonProblem[]): Sweep | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    problems.push({ line, message: `sweep: "${text}" is not names = values (as in N = 64, 128, 256, or M,N,K = 32, 64)` });
    return undefined;
  }
  const names = text.slice(0, eq).split(',').map((n) => n.trim());
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) {
    problems.push({ line, message: `sweep: "${bad}" is not a parameter name` });
    return undefined;
  }
  const values = text.slice(eq + 1).split(',').map((v) => v.trim()).filter(Boolean).map((v) => number(v, 'sweep', line, problems));
  if (values.some((v) => v === undefined)) return undefined;
  if (values.length === 0) {
    problems.push({ line, message: 'sweep: no values after =' });
    return undefined;
  }
  if (values.length > MAX_SWEEP_POINTS) {
    problems.push({ line, message: `sweep: ${values.length} values, more than the ${MAX_SWEEP_POINTS} a lesson may sweep` });
    return undefined;
  }
  return { names, values: values as number[] };
}

/** A comma list of words: `naive, tiled`. */
export const readList = (text: string): string[] => text.split(',').map((w) => w.trim()).filter(Boolean);
