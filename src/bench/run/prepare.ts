/**
 * Between a spec and the GPU: read the (possibly edited) WGSL, settle the
 * `override` values, check that the shader's bindings match the spec's
 * buffers, and build the explicit bind group layout. Mismatches come back as
 * CompileError messages with the line they concern, like compiler errors.
 */
import { checkShader, compileKernel, type CompiledKernel, type LayoutEntry } from '../../gpu/compile';
import { CompileError, ParamsError, type CompileMessage } from '../../gpu/errors';
import { compileExpr } from '../../kernels/expr';
import { parseWgslNumber, reflectWgsl, type Reflection } from '../../kernels/reflect';
import { uniformBlocks, type KernelSpec } from '../../kernels/spec';

export interface ResolvedConstants {
  /** Every constant's value, for expressions (dispatch, lengths) and records. */
  readonly values: Readonly<Record<string, number>>;
  /**
   * Only the overrides the shader declares: what the pipeline receives, keyed
   * as WebGPU keys them (an override with `@id(n)` by its number, others by name).
   */
  readonly pipeline: Readonly<Record<string, number>>;
  /** Things the user should know (a spec constant the shader no longer declares). */
  readonly notes: readonly string[];
}

/**
 * Every constant's value for a run. Precedence: a value given for this run
 * (the runner's --constants, an autotuning candidate), then the default the
 * code spells out, then the spec's default. The code outranks the spec so
 * that what the editor shows is what runs.
 */
export function resolveConstants(spec: KernelSpec, reflection: Reflection, user: Readonly<Record<string, number>>): ResolvedConstants {
  const values: Record<string, number> = {};
  const pipeline: Record<string, number> = {};
  const notes: string[] = [];
  const issues: { name: string; message: string }[] = [];
  const declared = new Map(reflection.overrides.map((o) => [o.name, o]));
  for (const c of spec.constants) {
    values[c.name] = user[c.name] ?? declared.get(c.name)?.defaultValue ?? c.default;
    if (!declared.has(c.name)) {
      notes.push(`The shader no longer declares override ${c.name}; dispatch still uses ${c.name} = ${values[c.name]}.`);
    }
  }
  for (const o of reflection.overrides) {
    const v = user[o.name] ?? o.defaultValue ?? values[o.name];
    if (v === undefined) continue; // the compiler will say the override needs a value
    if ((o.type === 'u32' && !(Number.isInteger(v) && v >= 0)) || (o.type === 'i32' && !Number.isInteger(v))) {
      issues.push({ name: o.name, message: `${o.name} is a${o.type === 'u32' ? ' u32' : 'n i32'} override, so it must be a whole number${o.type === 'u32' ? ' of at least 0' : ''} (got ${v}).` });
    }
    values[o.name] = v;
    // A default the code computes in a way we cannot follow stays the compiler's to compute.
    const codeDecides = user[o.name] === undefined && o.defaultText !== undefined && o.defaultValue === undefined;
    if (o.type !== 'bool' && !codeDecides) pipeline[o.id === undefined ? o.name : String(o.id)] = v;
  }
  if (issues.length > 0) throw new ParamsError(issues);
  return { values, pipeline, notes };
}

const at = (line: number, message: string): CompileMessage => ({ type: 'error', line, column: line > 0 ? 1 : 0, length: 0, message });

/** The bind group layout the spec supplies, checked against what the shader declares. */
export function bindingLayout(spec: KernelSpec, reflection: Reflection): LayoutEntry[] {
  const problems: CompileMessage[] = [];
  const declared = new Map(reflection.bindings.filter((b) => b.group === 0).map((b) => [b.binding, b]));
  const supplied = new Set<number>();
  for (const b of reflection.bindings) {
    if (b.group !== 0) problems.push(at(b.line, `${b.name} is in @group(${b.group}); Kernel Lab supplies buffers in @group(0) only.`));
  }
  for (const buf of spec.buffers) {
    if (buf.binding === undefined) continue;
    supplied.add(buf.binding);
    const d = declared.get(buf.binding);
    if (!d) {
      problems.push(at(0, `The kernel supplies buffer ${buf.name} at @binding(${buf.binding}), but the shader declares nothing there.`));
    } else if (d.space !== 'storage') {
      problems.push(at(d.line, `@binding(${buf.binding}) holds buffer ${buf.name}, so ${d.name} must be var<storage, …>.`));
    } else if (buf.role !== 'input' && d.access !== 'read_write') {
      problems.push(at(d.line, `${d.name} at @binding(${buf.binding}) is written by the kernel (${buf.role} ${buf.name}), so it must be var<storage, read_write>.`));
    }
  }
  for (const u of uniformBlocks(spec)) {
    supplied.add(u.binding);
    const d = declared.get(u.binding);
    if (!d) problems.push(at(0, `The kernel supplies a uniform block at @binding(${u.binding}), but the shader declares nothing there.`));
    else if (d.space !== 'uniform') problems.push(at(d.line, `@binding(${u.binding}) holds a uniform block (${u.fields.map((f) => f.name).join(', ')}), so ${d.name} must be var<uniform>.`));
  }
  for (const d of declared.values()) {
    if (!supplied.has(d.binding)) problems.push(at(d.line, `${d.name} at @binding(${d.binding}) is not supplied by this kernel (it binds ${[...supplied].sort((a, b) => a - b).join(', ')}).`));
  }
  if (problems.length > 0) throw new CompileError(problems, 'binding');
  return [...declared.values()]
    .sort((a, b) => a.binding - b.binding)
    .map((d) => ({ binding: d.binding, type: d.space === 'uniform' ? 'uniform' : d.access === 'read_write' ? 'storage' : 'read-only-storage' }));
}

/** Workgroup sizes as numbers where the shader spells them with literals and overrides. */
export function workgroupSizes(spec: KernelSpec, reflection: Reflection, constants: Readonly<Record<string, number>>) {
  const out: { entryPoint: string; size: [number, number, number] }[] = [];
  for (const pass of spec.passes) {
    const ep = reflection.entryPoints.find((e) => e.name === pass.entryPoint);
    if (!ep) continue;
    const dims = ep.workgroupSize.map((arg) => {
      const literal = parseWgslNumber(arg);
      if (literal !== undefined) return literal;
      try {
        return compileExpr(arg.replace(/\b(\d+)[uif]\b/g, '$1')).evaluate({ ...reflection.consts, ...constants });
      } catch {
        return undefined;
      }
    });
    if (dims.every((d) => d !== undefined)) out.push({ entryPoint: pass.entryPoint, size: [dims[0]!, dims[1]!, dims[2]!] });
  }
  return out;
}

/** What can be known of an edited kernel without a GPU. */
export interface InspectedKernel {
  readonly source: string;
  readonly reflection: Reflection;
  readonly constants: ResolvedConstants;
}

export interface PreparedKernel extends InspectedKernel {
  /** Absent for the driver's copy, which has no shader. */
  readonly compiled: CompiledKernel | undefined;
}

export function inspectKernel(spec: KernelSpec, source: string, userConstants: Readonly<Record<string, number>>): InspectedKernel {
  const reflection = reflectWgsl(source);
  return { source, reflection, constants: resolveConstants(spec, reflection, userConstants) };
}

/**
 * Pipeline errors come without a place; one that names an override (by name,
 * or by its @id) is put at that override's line, where the editor can mark it.
 */
export function placeAtOverrides(messages: readonly CompileMessage[], reflection: Reflection): CompileMessage[] {
  return messages.map((m) => {
    if (m.line > 0) return m;
    const o = reflection.overrides.find((x) => new RegExp(`\\b${x.name}\\b`).test(m.message) || (x.id !== undefined && new RegExp(`\\b(id|constant)\\s*\\(?${x.id}\\b`, 'i').test(m.message)));
    return o ? { ...m, line: o.line, column: 1 } : m;
  });
}

/** Check bindings against the spec, then compile (cached per device). */
export async function prepareKernel(device: GPUDevice, spec: KernelSpec, inspected: InspectedKernel): Promise<PreparedKernel> {
  const { source, reflection, constants } = inspected;
  if (spec.passes.length === 0) return { ...inspected, compiled: undefined };
  let layout: LayoutEntry[];
  try {
    layout = bindingLayout(spec, reflection);
  } catch (bindingError) {
    // A shader that does not parse confuses reflection: the compiler's word comes first.
    const messages = await checkShader(device, source);
    if (messages.some((m) => m.type === 'error')) throw new CompileError(messages);
    throw bindingError;
  }
  let compiled: CompiledKernel;
  try {
    compiled = await compileKernel(device, {
      label: spec.id,
      source,
      entryPoints: [...new Set(spec.passes.map((p) => p.entryPoint))],
      constants: constants.pipeline,
      layout,
    });
  } catch (e) {
    throw e instanceof CompileError ? new CompileError(placeAtOverrides(e.messages, reflection), e.kind === 'binding' || e.kind === 'pipeline' ? e.kind : 'compile') : e;
  }
  return { ...inspected, compiled };
}

/** The message for WGSL our reader cannot read although the compiler accepts it (a gap in wgsl_reflect). */
function readerProblem(reflection: Reflection): CompileMessage[] {
  const p = reflection.problem;
  if (!p) return [];
  return [{ type: 'error', line: p.line, column: p.line > 0 ? 1 : 0, length: 0, message: `Kernel Lab's WGSL reader (wgsl_reflect) cannot read this, although the GPU compiler accepts it: ${p.message}. Its bindings and layouts cannot be found, so it cannot run here; please report it.` }];
}

/**
 * Before anything needs the shader's interface: when the reader gave up on
 * it, the compiler's messages (the authority on WGSL), or, where the compiler
 * accepts what the reader cannot read, that.
 */
export async function requireReadable(device: GPUDevice, reflection: Reflection, source: string): Promise<void> {
  if (!reflection.problem) return;
  const messages = await checkShader(device, source);
  throw new CompileError(messages.some((m) => m.type === 'error') ? messages : readerProblem(reflection));
}

/**
 * What the editor should mark as the user types: the compiler's messages, or,
 * when the shader compiles, any mismatch between its bindings and the spec.
 */
export async function diagnoseKernel(device: GPUDevice, spec: KernelSpec, source: string): Promise<CompileMessage[]> {
  const messages = await checkShader(device, source);
  if (messages.some((m) => m.type === 'error')) return messages;
  const reflection = reflectWgsl(source);
  if (reflection.problem) return [...messages, ...readerProblem(reflection)];
  try {
    bindingLayout(spec, reflection);
    return messages;
  } catch (e) {
    if (e instanceof CompileError) return [...messages, ...e.messages];
    throw e;
  }
}
