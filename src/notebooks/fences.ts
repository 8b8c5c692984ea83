/**
 * The first pass over a lesson: split the Markdown into prose and raw cell
 * fences, with line numbers. Fences follow CommonMark (three or more
 * backticks or tildes, up to three spaces of indent, closed by a fence of the
 * same character at least as long), so a cell shown inside a longer prose
 * fence (a lesson about lessons) stays prose.
 */
import { CELL_TYPES, type CellType } from './format';

/** A problem in a lesson file, at a line (1-based). */
export interface LessonProblem {
  readonly line: number;
  readonly message: string;
}

export interface RawProse {
  readonly kind: 'prose';
  readonly line: number;
  readonly text: string;
}

export interface RawFence {
  readonly kind: 'fence';
  readonly type: CellType;
  readonly id: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** The opening fence's line. */
  readonly line: number;
  readonly body: string;
  /** The body's first line. */
  readonly bodyLine: number;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ID = /^[a-z][a-z0-9-]*$/;

/** Words of an info string; a value may be quoted: `params="M=64, N=64"`. */
function tokens(info: string): string[] | string {
  const out: string[] = [];
  const re = /\s*([^\s"=]+)(?:=("([^"]*)"|[^\s"]*))?/y;
  let at = 0;
  while (at < info.length) {
    if (/^\s*$/.test(info.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(info);
    if (!m) return `cannot read "${info.slice(at).trim()}" (write key=value, quoting a value with spaces: key="a b")`;
    out.push(m[2] === undefined ? m[1]! : `${m[1]}=${m[3] ?? m[2]}`);
    at = re.lastIndex;
  }
  return out;
}

/**
 * Prose and cell fences in file order. Problems (an unknown cell type, a
 * missing or malformed id, a fence never closed) are added to `problems`,
 * naming the line; a fence with a problem is left out.
 */
export function splitFences(text: string, problems: LessonProblem[]): (RawProse | RawFence)[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: (RawProse | RawFence)[] = [];
  let prose: string[] = [];
  let proseLine = 1;
  const flush = (next: number): void => {
    // A block's line is that of its first line with text.
    const lead = prose.findIndex((l) => l.trim() !== '');
    if (lead >= 0) out.push({ kind: 'prose', line: proseLine + lead, text: prose.slice(lead).join('\n') });
    prose = [];
    proseLine = next;
  };
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]!);
    if (!m || (m[1]![0] === '`' && m[2]!.includes('`'))) {
      prose.push(lines[i]!);
      continue;
    }
    const fence = m[1]!;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    const info = m[2]!.trim();
    const words = tokens(info);
    const first = typeof words === 'string' ? info.split(/\s+/)[0] ?? '' : (words[0] ?? '');
    const isCell = (CELL_TYPES as readonly string[]).includes(first);
    // A fence for showing code names one language; more words mean a cell.
    const meantAsCell = isCell || (typeof words === 'string' ? true : words.length > 1);
    if (!meantAsCell) {
      prose.push(...lines.slice(i, Math.min(end + 1, lines.length)));
      i = end;
      continue;
    }
    const line = i + 1;
    if (end >= lines.length) {
      problems.push({ line, message: `the ${isCell ? `${first} cell` : 'fence'} opened here is never closed (a line of ${fence} is missing)` });
      flush(lines.length + 1);
      return out;
    }
    flush(end + 2);
    const body = lines.slice(i + 1, end).join('\n');
    i = end;
    if (!isCell) {
      problems.push({ line, message: `unknown cell type "${first}": a cell is one of ${CELL_TYPES.join(', ')} (a fence that only shows code names just its language, as in \`\`\`wgsl)` });
      continue;
    }
    if (typeof words === 'string') {
      problems.push({ line, message: `the ${first} cell's first line: ${words}` });
      continue;
    }
    const id = words[1];
    if (id === undefined || id.includes('=')) {
      problems.push({ line, message: `the ${first} cell has no id: write \`\`\`${first} <id>${first === 'kernel' ? ' spec=…' : ''}` });
      continue;
    }
    if (!ID.test(id)) {
      problems.push({ line, message: `the ${first} cell's id "${id}" must be lower-case letters, digits and dashes, starting with a letter` });
      continue;
    }
    const attrs: Record<string, string> = {};
    let bad = false;
    for (const w of words.slice(2)) {
      const eq = w.indexOf('=');
      if (eq <= 0) {
        problems.push({ line, message: `the ${first} cell ${id}: "${w}" is not key=value` });
        bad = true;
        continue;
      }
      const key = w.slice(0, eq);
      if (key in attrs) {
        problems.push({ line, message: `the ${first} cell ${id} gives ${key} twice` });
        bad = true;
      }
      attrs[key] = w.slice(eq + 1);
    }
    if (!bad) out.push({ kind: 'fence', type: first as CellType, id, attrs, line, body, bodyLine: line + 1 });
  }
  flush(lines.length + 1);
  return out;
}
