/**
 * A custom kernel's CPU reference, given as JavaScript module text: a default
 * export (or an export named `reference`) taking the inputs by buffer name and
 * the parameters, returning each output as an array of numbers. The page and
 * the runner's page load it from a blob: URL; results become float64.
 */
import { KernelLabError } from '../gpu/errors';
import type { HostArray, Reference } from './spec';

type UserReference = (inputs: Readonly<Record<string, HostArray>>, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>) => Record<string, ArrayLike<number>>;

export async function loadReferenceModule(code: string, file: string): Promise<Reference> {
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  let mod: { default?: unknown; reference?: unknown };
  try {
    mod = (await import(/* @vite-ignore */ url)) as typeof mod;
  } catch (e) {
    throw new KernelLabError('spec', `${file} does not load: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    URL.revokeObjectURL(url);
  }
  const fn = mod.default ?? mod.reference;
  if (typeof fn !== 'function') throw new KernelLabError('spec', `${file} must export a function (default export or \`reference\`).`);
  return (inputs, params, constants) => {
    const out = (fn as UserReference)(inputs, params, constants);
    if (typeof out !== 'object' || out === null) throw new KernelLabError('spec', `${file}: the reference returned ${String(out)}, not an object of outputs.`);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float64Array.from(v)]));
  };
}
