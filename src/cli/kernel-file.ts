/**
 * `--kernel-file path.wgsl`: the WGSL, the JSON sidecar beside it, and the
 * reference module the sidecar names (JavaScript, or TypeScript transpiled
 * here). All of it is checked in Node first, so a bad file is reported (exit 2)
 * before any browser starts; the page then builds the same spec from the same text.
 * How TypeScript becomes JavaScript is the entry's choice (`Transpile`): Vite's
 * oxc in a checkout, Node's own type stripping in the single-folder build.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { CompileError, messageOf } from '../gpu/errors';
import { customKernel } from '../kernels/custom';
import type { KernelSpec, Reference } from '../kernels/spec';
import type { CustomKernelFiles } from '../runner/protocol';
import { UsageError } from './args';

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${what} ${path}${code === 'ENOENT' ? ': no such file' : `: ${messageOf(e)}`}.`);
  }
}

/** TypeScript module text to JavaScript; throws with the compiler's message. `path` is for messages. */
export type Transpile = (code: string, path: string) => Promise<string>;

async function loadReference(path: string, transpile: Transpile): Promise<{ code: string; fn: Reference }> {
  let code = await readText(path, 'the reference module');
  if (/\.[mc]?ts$/.test(path)) {
    try {
      code = await transpile(code, path);
    } catch (e) {
      throw new UsageError(`The reference module ${path} does not compile: ${messageOf(e)}`);
    }
  }
  let mod: { default?: unknown; reference?: unknown };
  try {
    mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as typeof mod;
  } catch (e) {
    throw new UsageError(`The reference module ${path} does not load: ${messageOf(e)}`);
  }
  const fn = mod.default ?? mod.reference;
  if (typeof fn !== 'function') throw new UsageError(`The reference module ${path} must export a function (default export or \`reference\`).`);
  return { code, fn: fn as Reference };
}

export async function loadKernelFile(path: string, transpile: Transpile): Promise<{ files: CustomKernelFiles; spec: KernelSpec }> {
  if (extname(path) !== '.wgsl') throw new UsageError(`--kernel-file expects a .wgsl file, not ${path}.`);
  const wgsl = await readText(path, 'the kernel file');
  const sidecarPath = path.replace(/\.wgsl$/, '.json');
  const sidecarText = await readText(sidecarPath, 'the sidecar');
  let sidecar: unknown;
  try {
    sidecar = JSON.parse(sidecarText);
  } catch (e) {
    throw new UsageError(`The sidecar ${sidecarPath} is not valid JSON: ${messageOf(e)}`);
  }
  const name = basename(path, '.wgsl');
  const file = basename(sidecarPath);
  const refName = typeof sidecar === 'object' && sidecar !== null ? (sidecar as { reference?: unknown }).reference : undefined;
  if (refName !== undefined && typeof refName !== 'string') throw new UsageError(`${file}: reference must be a file name.`);
  const reference = refName === undefined ? undefined : await loadReference(resolve(dirname(path), refName), transpile);
  let spec: KernelSpec;
  try {
    spec = customKernel({ name, file, wgsl, sidecar, ...(reference ? { reference: reference.fn } : {}) });
  } catch (e) {
    // WGSL that does not parse is the kernel's error (exit 1, as the compiler would say), not the sidecar's.
    if (e instanceof CompileError) throw new CompileError(e.messages.map((m) => ({ ...m, message: `${basename(path)}: ${m.message}` })));
    throw new UsageError(messageOf(e));
  }
  return { spec, files: { name, file, wgsl, sidecar, ...(reference && refName !== undefined ? { referenceCode: reference.code, referenceFile: refName } : {}) } };
}
