/**
 * From a spec and the user's numbers to a concrete plan: buffer sizes, the
 * uniform bytes, workgroup counts and the cost model's FLOPs and bytes. Pure,
 * so limits can be checked before anything touches the GPU.
 */
import { KernelLabError, messageOf, ParamsError } from '../gpu/errors';
import { ExprError, evaluate, type Scope } from './expr';
import { bufferShape, bytesFor, scalarShape, valuesIn, type BufferShape } from './memory';
import { reflectWgsl, type Reflection } from './reflect';
import { uniformBlocks, type BufferSpec, type Constants, type Expr, type KernelSpec, type ParamProblem, type Params } from './spec';
import { uniformProblems, writeUniforms } from './uniforms';

export interface PlannedBuffer {
  readonly spec: BufferSpec;
  /** How its memory reads on the host: value kinds, padding, stride (memory.ts). */
  readonly shape: BufferShape;
  /** Host values (4 bytes each, 2 for f16), padding included: the length of what the reference receives. */
  readonly length: number;
  readonly bytes: number;
  /** Rows and columns of a matrix buffer (the spec's `dims`), checked to fit in `length`. */
  readonly dims?: readonly [number, number];
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
  /** The uniform blocks' bytes, one per `var<uniform>` the spec fills. */
  readonly uniforms: readonly { readonly binding: number; readonly data: ArrayBuffer }[];
  readonly passes: readonly PlannedPass[];
  readonly flops: number;
  readonly bytes: number;
  readonly workgroupStorage: number;
}

export type ParamIssue = ParamProblem;

/** "8, 16 or 32": a short list in words. */
const oneOf = (values: readonly number[]): string => (values.length === 1 ? String(values[0]) : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`);

/**
 * Problems with the user's parameter values, worded for the form: each
 * parameter's own (a number, whole, one of its allowed values or in range), then, when all of those pass,
 * the spec's rules between parameters (`checkParams`).
 */
export function validateParams(spec: KernelSpec, params: Readonly<Record<string, number | undefined>>): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const p of spec.params) {
    const v = params[p.name];
    const label = p.label ?? p.name;
    if (v === undefined || !Number.isFinite(v)) issues.push({ name: p.name, message: `${label} must be a number.` });
    else if ((p.integer ?? true) && !Number.isInteger(v)) issues.push({ name: p.name, message: `${label} must be a whole number (got ${v}).` });
    else if (p.allowed && !p.allowed.includes(v)) issues.push({ name: p.name, message: `${label} must be ${oneOf(p.allowed)} (got ${v}).` });
    else if (v < p.min || v > p.max) issues.push({ name: p.name, message: `${label} must be between ${p.min} and ${p.max} (got ${v}).` });
  }
  if (issues.length === 0 && spec.checkParams) issues.push(...spec.checkParams(params as Params));
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

const reflections = new Map<string, Reflection>();

/** The reflection of a library source, read once (specs planned without the page's edited source). */
function reflectionOf(source: string): Reflection {
  let r = reflections.get(source);
  if (!r) {
    r = reflectWgsl(source);
    reflections.set(source, r);
  }
  return r;
}

/** The memory shape of a buffer: from the shader's declaration where it binds one, from its spec type otherwise. */
export function shapeOf(buffer: BufferSpec, reflection: Reflection): BufferShape {
  const declared = buffer.binding === undefined ? undefined : reflection.bindings.find((b) => b.group === 0 && b.binding === buffer.binding);
  if (!declared?.layout) return scalarShape(buffer.type ?? 'f32');
  try {
    return bufferShape(declared.layout);
  } catch (e) {
    throw new KernelLabError('spec', `Buffer ${buffer.name} (${declared.type}): ${messageOf(e)}.`);
  }
}

function bufferBytes(b: BufferSpec, shape: BufferShape, scope: Scope): number {
  const what = `Buffer ${b.name}'s ${b.elements !== undefined ? 'elements' : 'length'}`;
  if (b.elements !== undefined) return bytesFor(shape, wholeAtLeast(what, evalIn(what, b.elements, scope), shape.runtime ? 1 : 0));
  if (b.length !== undefined) {
    const values = wholeAtLeast(what, evalIn(what, b.length, scope), 1);
    const per = shape.kinds.length;
    if (b.binding !== undefined && shape.runtime && per > 1 && (values - shape.prefixKinds.length) % per !== 0) {
      throw new KernelLabError('params', `${what} is ${values} values, which is not a whole number of ${shape.elementText} elements (${per} values each, padding included); give "elements" instead.`);
    }
    return values * shape.unit;
  }
  if (shape.runtime) throw new KernelLabError('spec', `Buffer ${b.name} is a runtime-sized array of ${shape.elementText}: give its size as "elements" (array elements) or "length" (host values).`);
  return bytesFor(shape, shape.fixedCount);
}

/** A buffer's rows and columns: whole numbers whose product fits in the values it holds after its header. */
function matrixDims(b: BufferSpec, dims: readonly [Expr, Expr], values: number, scope: Scope): readonly [number, number] {
  const [rows, columns] = dims.map((e, k) => {
    const what = `Buffer ${b.name}'s dims (${k === 0 ? 'rows' : 'columns'})`;
    return wholeAtLeast(what, evalIn(what, e, scope), 1);
  }) as [number, number];
  if (rows * columns > values) {
    throw new KernelLabError('spec', `Buffer ${b.name}'s dims are ${rows} × ${columns} = ${rows * columns} values, but it holds ${values} (dims "${dims[0]}" × "${dims[1]}"): rows × columns must not exceed its values.`);
  }
  return [rows, columns];
}

/**
 * The concrete run: buffer sizes from the spec's expressions and the WGSL
 * layouts, the uniform bytes at WGSL's member offsets, workgroup counts,
 * FLOPs and bytes. `reflection` is the shader the run will use (the page's
 * edited source); a library spec's own source by default. Expressions see
 * the parameters, the constants and the shader's module-scope consts.
 */
export function planKernel(spec: KernelSpec, params: Params, constants: Constants, reflection: Reflection = reflectionOf(spec.source)): KernelPlan {
  const issues = validateParams(spec, params);
  if (issues.length > 0) throw new ParamsError(issues);
  const scope: Scope = { ...reflection.consts, ...constants, ...params };

  const buffers = spec.buffers.map((b): PlannedBuffer => {
    const shape = shapeOf(b, reflection);
    const bytes = bufferBytes(b, shape, scope);
    const least = shape.prefix + (shape.runtime ? shape.stride : shape.fixedCount * shape.stride);
    if (b.binding !== undefined && bytes < least) {
      throw new KernelLabError('params', `Buffer ${b.name} would hold ${bytes} bytes, but its WGSL type needs at least ${least} (${shape.runtime ? 'one element' : 'the whole type'} of ${shape.elementText}${shape.padded ? `, ${shape.stride} bytes each with padding` : ''}).`);
    }
    const length = valuesIn(shape, bytes);
    const dims = b.dims && matrixDims(b, b.dims, length - shape.prefixKinds.length, scope);
    return { spec: b, shape, length, bytes, ...(dims ? { dims } : {}) };
  });

  const uniforms = uniformBlocks(spec).map((u) => {
    const declared = reflection.bindings.find((b) => b.group === 0 && b.binding === u.binding);
    if (!declared?.layout || declared.space !== 'uniform') throw new KernelLabError('spec', `The uniform block at @binding(${u.binding}) is not a var<uniform> the shader declares with a plain-data type.`);
    const layout = declared.layout;
    const problems = uniformProblems(layout, declared.name, u.fields.map((f) => ({ name: f.name, count: Array.isArray(f.value) ? f.value.length : 1, type: f.type })));
    if (problems.length > 0) throw new KernelLabError('spec', `Uniform ${declared.name}: ${problems.join('; ')}.`);
    const data = writeUniforms(layout, declared.name, u.fields.map((f) => ({
      name: f.name,
      values: (Array.isArray(f.value) ? (f.value as readonly Expr[]) : [f.value as Expr]).map((e, i) => evalIn(`Uniform ${declared.name}.${f.name}${Array.isArray(f.value) ? `[${i}]` : ''}`, e, scope)),
    })));
    return { binding: u.binding, data };
  });

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
    uniforms,
    passes,
    flops: evalIn('The FLOP count', spec.cost.flops, scope),
    bytes: evalIn('The byte count', spec.cost.bytes, scope),
    workgroupStorage: spec.workgroupStorage === undefined ? 0 : evalIn('The workgroup storage', spec.workgroupStorage, scope),
  };
}

/** One buffer's share of a plan's device memory. */
export interface BufferMemory {
  readonly name: string;
  readonly role: BufferSpec['role'];
  readonly bytes: number;
}

export interface PlannedMemory {
  /** Every buffer and uniform block, in bytes. */
  readonly bytes: number;
  /** The scratch buffers alone: working memory beyond the inputs and outputs (unfused attention's S). */
  readonly scratchBytes: number;
  readonly buffers: readonly BufferMemory[];
}

/**
 * The device memory a kernel needs at a shape: every buffer of the plan
 * (inputs, outputs and scratch, such as unfused attention's B·H·N·L score
 * matrix) plus its uniform blocks, in bytes. This is what the kernel itself
 * allocates; the staging buffers a run reads results back through, and the
 * rotated copies bandwidth kernels are timed against, are not counted.
 */
export function plannedMemory(plan: KernelPlan): PlannedMemory {
  const buffers = plan.buffers.map((b) => ({ name: b.spec.name, role: b.spec.role, bytes: b.bytes }));
  const sum = (list: readonly { readonly bytes: number }[]): number => list.reduce((total, b) => total + b.bytes, 0);
  const uniformBytes = plan.uniforms.reduce((total, u) => total + u.data.byteLength, 0);
  return { bytes: sum(buffers) + uniformBytes, scratchBytes: sum(buffers.filter((b) => b.role === 'scratch')), buffers };
}
