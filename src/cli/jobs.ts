/**
 * The runner's jobs, planned in Node before any browser starts: the selected
 * library kernels and kernel files, each with its parameters (the size
 * preset and --params), its constants (--constants) and a plan that shows
 * every size can be (planKernel is pure). Whatever is wrong here is the
 * user's input: a UsageError, exit 2.
 */
import { resolveConstants } from '../bench/run/prepare';
import { KernelLabError, ParamsError } from '../gpu/errors';
import { LIBRARY } from '../kernels/library';
import { planKernel, validateParams } from '../kernels/plan';
import { reflectWgsl } from '../kernels/reflect';
import type { KernelSpec } from '../kernels/spec';
import type { CustomKernelFiles } from '../runner/protocol';
import { constantsFor, paramsFor, selectKernels, unusedConstants, unusedParams, UsageError, type BenchArgs } from './args';
import { loadKernelFile, type Transpile } from './kernel-file';

export interface Job {
  readonly spec: KernelSpec;
  readonly custom?: CustomKernelFiles;
  readonly params: Record<string, number>;
  readonly constants: Record<string, number>;
  /** Input buffers fed from --data (data-input.ts). */
  readonly data?: readonly JobData[];
}

/** A column of the --data file as one input buffer's values, made in Node before any browser starts. */
export interface JobData {
  readonly buffer: string;
  readonly file: string;
  readonly column: string;
  readonly rows: number;
  readonly kind: 'f32' | 'i32' | 'u32';
  /** What the column's nulls became (--fill), when it had any. */
  readonly nulls?: { readonly fill: number };
  readonly values: Float32Array | Int32Array | Uint32Array;
}

/** One kernel's job: parameters and constants checked, and its plan made once to find impossible sizes. */
export function planJob(spec: KernelSpec, args: Pick<BenchArgs, 'size' | 'params' | 'constants'>, custom?: CustomKernelFiles): Job {
  const params = paramsFor(spec, args.size, args.params);
  const issues = validateParams(spec, params);
  if (issues.length > 0) throw new UsageError(`${spec.id}: ${issues.map((i) => i.message).join(' ')}`);
  const constants = constantsFor(spec, args.constants);
  let resolved;
  try {
    resolved = resolveConstants(spec, reflectWgsl(spec.source), constants);
  } catch (e) {
    if (e instanceof ParamsError) throw new UsageError(`--constants: ${spec.id}: ${e.message}`);
    throw e;
  }
  // A size that cannot be (a length that is no whole number of elements) is found here, not in the browser.
  try {
    planKernel(spec, params, resolved.values);
  } catch (e) {
    if (e instanceof KernelLabError && (e.kind === 'params' || e.kind === 'spec')) throw new UsageError(`${spec.id}: ${e.message}`);
    throw e;
  }
  return { spec, params, constants, ...(custom ? { custom } : {}) };
}

/** Every selected kernel's job, or the first reason the arguments cannot run. */
export async function planJobs(args: BenchArgs, transpile: Transpile): Promise<Job[]> {
  const customs = await Promise.all(args.kernelFiles.map((f) => loadKernelFile(f, transpile)));
  const otherWork = customs.length > 0 || args.calibrate || args.sweeps.length > 0 || args.suites.length > 0 || args.simulate !== undefined || args.notebooks.length > 0;
  const patterns = args.kernels ?? (otherWork ? [] : ['*/*']);
  const library = selectKernels(patterns, LIBRARY);
  const all: { spec: KernelSpec; custom?: CustomKernelFiles }[] = [...library.map((spec) => ({ spec })), ...customs.map((c) => ({ spec: c.spec, custom: c.files }))];
  const unused = unusedParams(args.params, all.map((a) => a.spec));
  if (unused.length > 0) throw new UsageError(`--params: no selected kernel has a parameter ${unused.join(', ')}.`);
  const unusedC = unusedConstants(args.constants, all.map((a) => a.spec));
  if (unusedC.length > 0) throw new UsageError(`--constants: no selected kernel declares ${unusedC.join(', ')}.`);
  return all.map(({ spec, custom }) => planJob(spec, args, custom));
}
