/**
 * A custom kernel's CPU reference, given as JavaScript module text: a default
 * export (or an export named `reference`) taking the inputs by buffer name and
 * the parameters, returning each output as an array of numbers. The page and
 * the runner's page load it from a blob: URL, the Dawn backend (Node, which
 * imports no blob: URL) from a data: URL; results become float64.
 */
import { KernelLabError, messageOf } from '../gpu/errors';
import type { HostArray, Reference, ReferenceOutput } from './spec';

type UserOutput = ArrayLike<number> | { readonly values: ArrayLike<number>; readonly terms: ArrayLike<number> };
type UserReference = (inputs: Readonly<Record<string, HostArray>>, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>) => Record<string, UserOutput>;

/** An output as float64: an array of numbers, or `{ values, terms }` with the size of the terms summed into each element. */
export function toOutput(v: UserOutput, name: string, file: string): ReferenceOutput {
  if (typeof v !== 'object' || v === null) throw new KernelLabError('spec', `${file}: output ${name} is ${String(v)}, not an array of numbers.`);
  if ('values' in v && 'terms' in v) return { values: Float64Array.from(v.values), terms: Float64Array.from(v.terms) };
  if (typeof (v as ArrayLike<number>).length !== 'number') throw new KernelLabError('spec', `${file}: output ${name} is neither an array of numbers nor { values, terms }.`);
  return Float64Array.from(v as ArrayLike<number>);
}

/**
 * Where in the module an error was thrown, from its stack: the frame that
 * names the module's blob: URL ("line 3, column 10"), or undefined.
 */
export function placeInModule(error: unknown, url: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const at = stack.indexOf(url);
  if (at < 0) return undefined;
  const m = /^:(\d+):(\d+)/.exec(stack.slice(at + url.length));
  return m ? `line ${m[1]}, column ${m[2]}` : undefined;
}

/**
 * Where a module's syntax error is: browsers reject a module import with the
 * message only, so the text is parsed again with acorn (loaded just for this)
 * for its line and column.
 */
export async function syntaxErrorPlace(code: string): Promise<string | undefined> {
  try {
    const { parse } = await import('acorn');
    parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
    return undefined;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    return loc ? `line ${loc.line}, column ${loc.column + 1}` : undefined;
  }
}

/** An address `import()` takes for a module's text, and how to let it go after loading. */
export interface ModuleAddress {
  readonly url: string;
  release(): void;
}

/** A blob: URL: what browsers import. */
export function blobModule(code: string): ModuleAddress {
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  return { url, release: () => URL.revokeObjectURL(url) };
}

/** A data: URL (the text percent-encoded): what Node imports. */
export function dataModule(code: string): ModuleAddress {
  return { url: `data:text/javascript,${encodeURIComponent(code)}`, release: () => undefined };
}

/**
 * Load a reference module. Errors name `file` (the tab or file the user
 * wrote) and, where the stack gives it, the line and column. `address`
 * turns the text into a URL to import: a blob: URL (browsers) by default.
 */
export async function loadReferenceModule(code: string, file: string, address: (code: string) => ModuleAddress = blobModule): Promise<Reference> {
  const { url, release } = address(code);
  let mod: { default?: unknown; reference?: unknown };
  try {
    mod = (await import(/* @vite-ignore */ url)) as typeof mod;
  } catch (e) {
    const place = e instanceof SyntaxError ? await syntaxErrorPlace(code) : undefined;
    throw new KernelLabError('spec', `${file}${place ? `, ${place}` : ''} does not load: ${messageOf(e)}`);
  } finally {
    release();
  }
  const fn = mod.default ?? mod.reference;
  if (typeof fn !== 'function') throw new KernelLabError('spec', `${file} must export a function (default export or \`reference\`).`);
  return (inputs, params, constants) => {
    let out: ReturnType<UserReference>;
    try {
      out = (fn as UserReference)(inputs, params, constants);
    } catch (e) {
      const place = placeInModule(e, url);
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      throw new KernelLabError('spec', `${file}${place ? `, ${place}` : ''}: the reference threw ${what}`);
    }
    if (typeof out !== 'object' || out === null) throw new KernelLabError('spec', `${file}: the reference returned ${String(out)}, not an object of outputs.`);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toOutput(v, k, file)]));
  };
}
