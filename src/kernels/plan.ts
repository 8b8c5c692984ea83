/**
 * From a spec and the user's numbers to a concrete plan: buffer sizes, the
 * uniform bytes, workgroup counts and the cost model's FLOPs and bytes. Pure,
 * so limits can be checked before anything touches the GPU.
 */
import { KernelLabError, ParamsError } from '../gpu/errors';
import { ExprError, evaluate, type Scope } from './expr';
import { bytesPerElement, type BufferSpec, type Constants, type Expr, type KernelSpec, type Params } from './spec';

export interface PlannedBuffer {
  readonly spec: BufferSpec;
  readonly length: number;
  readonly bytes: number;
}

export interface PlannedPass {
  readonly entryPoint: string;
  readonly label: string;
  readonly workgroups: readonly [number, number, number];
}

export interface KernelPlan {
  readonly params: Params;
  readonly constants: Constants;
  readonly buffers: readonly PlannedBuffer[];
  readonly uniform?: { readonly binding: number; readonly data: ArrayBuffer };
  readonly passes: readonly PlannedPass[];
  readonly flops: number;
  readonly bytes: number;
  readonly workgroupStorage: number;
}

export interface ParamIssue {
  readonly name: string;
  readonly message: string;
}

/** Problems with the user's parameter values, one per parameter, worded for the form. */
export function validateParams(spec: KernelSpec, params: Readonly<Record<string, number | undefined>>): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const p of spec.params) {
    const v = params[p.name];
    const label = p.label ?? p.name;
    if (v === undefined || !Number.isFinite(v)) issues.push({ name: p.name, message: `${label} must be a number.` });
    else if ((p.integer ?? true) && !Number.isInteger(v)) issues.push({ name: p.name, message: `${label} must be a whole number (got ${v}).` });
    else if (v < p.min || v > p.max) issues.push({ name: p.name, message: `${label} must be between ${p.min} and ${p.max} (got ${v}).` });
  }
  return issues;
}

function evalIn(what: string, e: Expr, scope: Scope): number {
  try {
    return evaluate(e, scope);
  } catch (err) {
    if (err instanceof ExprError) throw new KernelLabError('params', `${what}: ${err.message}`);
    throw err;
  }
}

function wholeAtLeast(what: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) {
    throw new KernelLabError('params', `${what} must be a whole number of at least ${min}, but the spec gives ${v}.`);
  }
  return v;
}

export function planKernel(spec: KernelSpec, params: Params, constants: Constants): KernelPlan {
  const issues = validateParams(spec, params);
  if (issues.length > 0) throw new ParamsError(issues);
  const scope: Scope = { ...constants, ...params };

  const buffers = spec.buffers.map((b): PlannedBuffer => {
    const length = wholeAtLeast(`Buffer ${b.name}'s length`, evalIn(`Buffer ${b.name}'s length`, b.length, scope), 1);
    return { spec: b, length, bytes: length * bytesPerElement(b.type) };
  });

  let uniform: KernelPlan['uniform'];
  if (spec.uniforms) {
    const fields = spec.uniforms.fields;
    // Uniform buffers bind in multiples of 16 bytes.
    const data = new ArrayBuffer(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16));
    const view = new DataView(data);
    fields.forEach((f, i) => {
      const v = evalIn(`Uniform ${f.name}`, f.value, scope);
      if (f.type === 'f32') view.setFloat32(i * 4, v, true);
      else if (f.type === 'u32') view.setUint32(i * 4, v >>> 0, true);
      else view.setInt32(i * 4, v | 0, true);
    });
    uniform = { binding: spec.uniforms.binding, data };
  }

  const passes = spec.passes.map((p): PlannedPass => {
    const label = p.label ?? p.entryPoint;
    const wg = p.workgroups.map((e, axis) => {
      const what = `Pass ${label}'s workgroup count ${'xyz'[axis]}`;
      return wholeAtLeast(what, evalIn(what, e, scope), 0);
    });
    return { entryPoint: p.entryPoint, label, workgroups: [wg[0] ?? 1, wg[1] ?? 1, wg[2] ?? 1] };
  });

  return {
    params,
    constants,
    buffers,
    ...(uniform ? { uniform } : {}),
    passes,
    flops: evalIn('The FLOP count', spec.cost.flops, scope),
    bytes: evalIn('The byte count', spec.cost.bytes, scope),
    workgroupStorage: spec.workgroupStorage === undefined ? 0 : evalIn('The workgroup storage', spec.workgroupStorage, scope),
  };
}
