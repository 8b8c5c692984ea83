/**
 * Ours on purpose: ten functions, no `eval`, and errors that name the culprit in a sidecar, in 200 lines.
 *
 * Arithmetic expressions over kernel parameters and `override` constants:
 * buffer lengths ("M*K"), workgroup counts ("ceil(N / WG_X)"), FLOPs and bytes.
 *
 * Specs are data, so the same strings serve the built-in library and a user's
 * JSON sidecar. This is the one place such strings are parsed: a small
 * recursive-descent parser, no `eval`, with errors that name the culprit.
 */

export type Scope = Readonly<Record<string, number>>;

export class ExprError extends Error {
  override name = 'ExprError';
}

export interface CompiledExpr {
  readonly source: string;
  /** Every identifier the expression reads (not function names). */
  readonly names: ReadonlySet<string>;
  evaluate(scope: Scope): number;
}

type Node =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'name'; readonly id: string }
  | { readonly k: 'neg'; readonly a: Node }
  | { readonly k: 'bin'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Node[] };

interface ExprFunction {
  readonly arity: readonly [number, number];
  readonly f: (...x: number[]) => number;
}

/** A Map, not an object: `constructor(1)` or `toString(1)` must be unknown functions, not Object.prototype's. */
const FUNCTIONS: ReadonlyMap<string, ExprFunction> = new Map<string, ExprFunction>([
  ['ceil', { arity: [1, 1], f: Math.ceil }],
  ['floor', { arity: [1, 1], f: Math.floor }],
  ['round', { arity: [1, 1], f: Math.round }],
  ['abs', { arity: [1, 1], f: Math.abs }],
  ['sqrt', { arity: [1, 1], f: Math.sqrt }],
  ['log2', { arity: [1, 1], f: Math.log2 }],
  ['min', { arity: [1, 16], f: Math.min }],
  ['max', { arity: [1, 16], f: Math.max }],
  ['pow', { arity: [2, 2], f: Math.pow }],
  ['clamp', { arity: [3, 3], f: (x, lo, hi) => Math.min(Math.max(x, lo), hi) }],
]);

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/%(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new ExprError(`unexpected character '${src.slice(pos).trim()[0] ?? ''}' in "${src}"`);
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
    pos = TOKEN.lastIndex;
  }
  return out;
}

function parse(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const take = (want?: string): string => {
    const t = toks[i];
    if (t === undefined || (want !== undefined && t !== want)) {
      throw new ExprError(`expected ${want ? `'${want}'` : 'more'} ${t === undefined ? 'at the end' : `but found '${t}'`} in "${src}"`);
    }
    i++;
    return t;
  };
  const additive = (): Node => {
    let a = multiplicative();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      a = { k: 'bin', op, a, b: multiplicative() };
    }
    return a;
  };
  const multiplicative = (): Node => {
    let a = unary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = take();
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Node => {
    if (peek() === '-') {
      take();
      return { k: 'neg', a: unary() };
    }
    if (peek() === '+') take();
    return power();
  };
  const power = (): Node => {
    const a = primary();
    if (peek() === '**') {
      take();
      return { k: 'bin', op: '**', a, b: unary() };
    }
    return a;
  };
  const primary = (): Node => {
    const t = take();
    if (t === '(') {
      const e = additive();
      take(')');
      return e;
    }
    if (/^[\d.]/.test(t)) return { k: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() !== '(') return { k: 'name', id: t };
      const fn = FUNCTIONS.get(t);
      if (!fn) throw new ExprError(`unknown function '${t}' in "${src}" (known: ${[...FUNCTIONS.keys()].join(', ')})`);
      take('(');
      const args: Node[] = [];
      if (peek() !== ')') {
        args.push(additive());
        while (peek() === ',') {
          take();
          args.push(additive());
        }
      }
      take(')');
      if (args.length < fn.arity[0] || args.length > fn.arity[1]) {
        throw new ExprError(`${t}() takes ${fn.arity[0] === fn.arity[1] ? fn.arity[0] : `${fn.arity[0]}–${fn.arity[1]}`} arguments, got ${args.length} in "${src}"`);
      }
      return { k: 'call', fn: t, args };
    }
    throw new ExprError(`unexpected '${t}' in "${src}"`);
  };
  if (toks.length === 0) throw new ExprError('empty expression');
  const root = additive();
  if (i < toks.length) throw new ExprError(`unexpected '${toks[i]}' in "${src}"`);
  return root;
}

function collectNames(n: Node, into: Set<string>): Set<string> {
  switch (n.k) {
    case 'name': into.add(n.id); break;
    case 'neg': collectNames(n.a, into); break;
    case 'bin': collectNames(n.a, into); collectNames(n.b, into); break;
    case 'call': for (const a of n.args) collectNames(a, into); break;
    case 'num': break;
  }
  return into;
}

function evalNode(n: Node, scope: Scope, src: string): number {
  switch (n.k) {
    case 'num': return n.v;
    case 'name': {
      const v = Object.hasOwn(scope, n.id) ? scope[n.id] : undefined;
      if (v === undefined) throw new ExprError(`unknown name '${n.id}' in "${src}" (known: ${Object.keys(scope).join(', ') || 'none'})`);
      return v;
    }
    case 'neg': return -evalNode(n.a, scope, src);
    case 'call': return FUNCTIONS.get(n.fn)!.f(...n.args.map((a) => evalNode(a, scope, src)));
    case 'bin': {
      const a = evalNode(n.a, scope, src);
      const b = evalNode(n.b, scope, src);
      switch (n.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        default: return a ** b;
      }
    }
  }
}

const cache = new Map<string, CompiledExpr>();

export function compileExpr(source: string | number): CompiledExpr {
  const text = String(source);
  const hit = cache.get(text);
  if (hit) return hit;
  const root = parse(text);
  const compiled: CompiledExpr = {
    source: text,
    names: collectNames(root, new Set()),
    evaluate(scope) {
      const v = evalNode(root, scope, text);
      if (!Number.isFinite(v)) throw new ExprError(`"${text}" is not a finite number (got ${v})`);
      return v;
    },
  };
  cache.set(text, compiled);
  return compiled;
}

export function evaluate(source: string | number, scope: Scope): number {
  return typeof source === 'number' ? source : compileExpr(source).evaluate(scope);
}
