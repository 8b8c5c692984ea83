/**
 * A user's own kernel: a WGSL file plus a short JSON sidecar, turned into the
 * same KernelSpec the library uses. The sidecar may leave out what the WGSL
 * already says: a buffer's binding (found by variable name), its role
 * (read_write → output) and element type, the entry point, the constants.
 * Every problem is reported with the path of the field it concerns.
 */
import { KernelLabError } from '../gpu/errors';
import { compileExpr, ExprError } from './expr';
import { reflectWgsl, type Reflection } from './reflect';
import type { BufferRole, BufferSpec, ConstantSpec, ElementType, Expr, InputInit, KernelSpec, ParamSpec, PassSpec, Reference, SizePreset, UniformSpec } from './spec';

export class SidecarError extends KernelLabError {
  override name = 'SidecarError';
  constructor(readonly path: string, problem: string, readonly file = 'sidecar') {
    super('spec', `${file}: ${path ? `${path}: ` : ''}${problem}`);
  }
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  constructor(private readonly file: string) {}
  fail(path: string, problem: string): never {
    throw new SidecarError(path, problem, this.file);
  }
  object(v: Json, path: string): Record<string, Json> {
    if (!isObject(v)) this.fail(path, `must be an object, not ${JSON.stringify(v) ?? 'undefined'}`);
    return v;
  }
  array(v: Json, path: string): Json[] {
    if (!Array.isArray(v)) this.fail(path, 'must be an array');
    return v;
  }
  string(v: Json, path: string): string {
    if (typeof v !== 'string' || v.length === 0) this.fail(path, 'must be a non-empty string');
    return v;
  }
  number(v: Json, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, `must be a number, not ${JSON.stringify(v) ?? 'undefined'}`);
    return v;
  }
  expr(v: Json, path: string, known: ReadonlySet<string>): Expr {
    if (typeof v === 'number') return this.number(v, path);
    const text = this.string(v, path);
    let names: ReadonlySet<string>;
    try {
      names = compileExpr(text).names;
    } catch (e) {
      this.fail(path, e instanceof ExprError ? e.message : String(e));
    }
    for (const n of names) {
      if (!known.has(n)) this.fail(path, `"${text}" uses '${n}', which is neither a parameter nor a constant (known: ${[...known].join(', ')})`);
    }
    return text;
  }
  oneOf<T extends string>(v: Json, path: string, options: readonly T[]): T {
    if (typeof v !== 'string' || !options.includes(v as T)) this.fail(path, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
    return v as T;
  }
  known(o: Record<string, Json>, path: string, fields: readonly string[]): void {
    for (const k of Object.keys(o)) if (!fields.includes(k)) this.fail(path ? `${path}.${k}` : k, `is not a field here (expected one of: ${fields.join(', ')})`);
  }
}

const ELEMENT_TYPES: readonly ElementType[] = ['f32', 'u32', 'i32'];

function elementTypeOf(wgslType: string): ElementType | undefined {
  const m = /^array\s*<\s*(?:vec[234]\s*<\s*)?(f32|u32|i32)/.exec(wgslType.trim());
  return m?.[1] as ElementType | undefined;
}

export interface CustomKernelInput {
  /** The WGSL file's name without extension; the default id is `custom/<name>`. */
  readonly name: string;
  readonly wgsl: string;
  readonly sidecar: Json;
  readonly reference?: Reference;
  /** The module text `reference` was loaded from, if any (lets a Worker load it too). */
  readonly referenceModule?: string;
  /** The file that text came from, for messages. */
  readonly referenceFile?: string;
  /** For messages: the sidecar's file name. */
  readonly file?: string;
}

export function customKernel(input: CustomKernelInput): KernelSpec {
  const r: Reader = new Reader(input.file ?? `${input.name}.json`);
  const s = r.object(input.sidecar, '');
  r.known(s, '', ['id', 'title', 'summary', 'params', 'constants', 'buffers', 'uniforms', 'passes', 'workgroups', 'entryPoint', 'cost', 'tolerance', 'reference', 'presets']);
  const reflection = reflectWgsl(input.wgsl);

  const params = r.array(s.params ?? [], 'params').map((p, i): ParamSpec => {
    const path = `params[${i}]`;
    const o = r.object(p, path);
    r.known(o, path, ['name', 'label', 'default', 'min', 'max', 'integer', 'help']);
    const min = o.min === undefined ? 1 : r.number(o.min, `${path}.min`);
    const max = o.max === undefined ? 2 ** 31 : r.number(o.max, `${path}.max`);
    const def = r.number(o.default, `${path}.default`);
    if (def < min || def > max) r.fail(`${path}.default`, `${def} is outside ${min} … ${max}`);
    return {
      name: r.string(o.name, `${path}.name`),
      default: def,
      min,
      max,
      ...(o.integer === false ? { integer: false } : {}),
      ...(typeof o.label === 'string' ? { label: o.label } : {}),
      ...(typeof o.help === 'string' ? { help: o.help } : {}),
    };
  });

  const constants = constantsOf(r, s.constants, reflection);
  const known = new Set([...params.map((p) => p.name), ...constants.map((c) => c.name)]);
  const buffers = r.array(s.buffers, 'buffers').map((b, i) => bufferOf(r, b, `buffers[${i}]`, reflection, known));
  if (!buffers.some((b) => b.role === 'output')) r.fail('buffers', 'no buffer is an output, so there is nothing to check');

  let uniforms: UniformSpec | undefined;
  if (s.uniforms !== undefined) {
    const u = r.object(s.uniforms, 'uniforms');
    r.known(u, 'uniforms', ['binding', 'fields']);
    const binding = u.binding === undefined ? reflection.bindings.find((b) => b.space === 'uniform')?.binding : r.number(u.binding, 'uniforms.binding');
    if (binding === undefined) r.fail('uniforms.binding', 'not given, and the shader declares no var<uniform>');
    uniforms = {
      binding,
      fields: r.array(u.fields, 'uniforms.fields').map((f, i) => {
        const path = `uniforms.fields[${i}]`;
        const o = r.object(f, path);
        r.known(o, path, ['name', 'type', 'value']);
        return { name: r.string(o.name, `${path}.name`), type: r.oneOf(o.type ?? 'u32', `${path}.type`, ['u32', 'i32', 'f32'] as const), value: r.expr(o.value, `${path}.value`, known) };
      }),
    };
  }

  const passes = passesOf(r, s, reflection, known);
  const cost = r.object(s.cost, 'cost');
  r.known(cost, 'cost', ['flops', 'bytes']);
  const id = s.id === undefined ? `custom/${input.name}` : r.string(s.id, 'id');
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) r.fail('id', `"${id}" must look like family/variant`);

  return {
    id,
    family: id.split('/')[0]!,
    custom: true,
    title: s.title === undefined ? input.name : r.string(s.title, 'title'),
    summary: s.summary === undefined ? `Custom kernel ${input.name}.` : r.string(s.summary, 'summary'),
    source: input.wgsl,
    params,
    constants,
    buffers,
    ...(uniforms ? { uniforms } : {}),
    passes,
    cost: { flops: r.expr(cost.flops, 'cost.flops', known), bytes: r.expr(cost.bytes, 'cost.bytes', known) },
    ...(input.reference ? { reference: input.reference } : {}),
    ...(input.reference && input.referenceModule !== undefined ? { referenceModule: input.referenceModule } : {}),
    ...(input.reference && input.referenceFile !== undefined ? { referenceFile: input.referenceFile } : {}),
    tolerance: s.tolerance === undefined ? 1e-5 : r.number(s.tolerance, 'tolerance'),
    ...(s.presets === undefined ? {} : { presets: presetsOf(r, s.presets, params) }),
  };
}

function constantsOf(r: Reader, raw: Json, reflection: Reflection): ConstantSpec[] {
  const given = r.array(raw ?? [], 'constants').map((c, i): ConstantSpec => {
    const path = `constants[${i}]`;
    const o = r.object(c, path);
    r.known(o, path, ['name', 'default', 'allowed', 'help']);
    const name = r.string(o.name, `${path}.name`);
    const shader = reflection.overrides.find((x) => x.name === name);
    if (!shader) r.fail(`${path}.name`, `the shader declares no override ${name}`);
    const def = o.default === undefined ? shader.defaultValue : r.number(o.default, `${path}.default`);
    if (def === undefined) r.fail(`${path}.default`, `override ${name} has no default in the shader, so the sidecar must give one`);
    return {
      name,
      default: def,
      ...(o.allowed === undefined ? {} : { allowed: r.array(o.allowed, `${path}.allowed`).map((v, k) => r.number(v, `${path}.allowed[${k}]`)) }),
      ...(typeof o.help === 'string' ? { help: o.help } : {}),
    };
  });
  // Numeric overrides the sidecar does not mention are still tunable, at the shader's default.
  const rest = reflection.overrides
    .filter((o) => o.type !== 'bool' && o.defaultValue !== undefined && !given.some((g) => g.name === o.name))
    .map((o): ConstantSpec => ({ name: o.name, default: o.defaultValue! }));
  return [...given, ...rest];
}

function bufferOf(r: Reader, raw: Json, path: string, reflection: Reflection, known: ReadonlySet<string>): BufferSpec {
  const o = r.object(raw, path);
  r.known(o, path, ['name', 'binding', 'role', 'type', 'length', 'init']);
  const name = r.string(o.name, `${path}.name`);
  const declared = o.binding === undefined
    ? reflection.bindings.find((b) => b.group === 0 && b.name === name)
    : reflection.bindings.find((b) => b.group === 0 && b.binding === o.binding);
  const binding = o.binding === undefined ? declared?.binding : r.number(o.binding, `${path}.binding`);
  if (binding === undefined) r.fail(`${path}.binding`, `not given, and the shader declares no @group(0) var named ${name}`);
  const role: BufferRole = o.role === undefined
    ? declared?.access === 'read_write' ? 'output' : 'input'
    : r.oneOf(o.role, `${path}.role`, ['input', 'output', 'scratch'] as const);
  const type = o.type === undefined ? (declared && elementTypeOf(declared.type)) ?? 'f32' : r.oneOf(o.type, `${path}.type`, ELEMENT_TYPES);
  let init: InputInit | undefined;
  if (o.init !== undefined) {
    const i = r.object(o.init, `${path}.init`);
    const kind = r.oneOf(i.kind, `${path}.init.kind`, ['random', 'iota', 'fill'] as const);
    init = kind === 'random'
      ? { kind, min: i.min === undefined ? -1 : r.number(i.min, `${path}.init.min`), max: i.max === undefined ? 1 : r.number(i.max, `${path}.init.max`) }
      : kind === 'fill' ? { kind, value: r.number(i.value, `${path}.init.value`) } : { kind };
  }
  return { name, binding, role, type, length: r.expr(o.length, `${path}.length`, known), ...(init ? { init } : {}) };
}

function passesOf(r: Reader, s: Record<string, Json>, reflection: Reflection, known: ReadonlySet<string>): PassSpec[] {
  const entryPoints = reflection.entryPoints.map((e) => e.name);
  const pass = (o: Record<string, Json>, path: string): PassSpec => {
    const entryPoint = o.entryPoint === undefined ? entryPoints[0] : r.string(o.entryPoint, `${path}.entryPoint`);
    if (entryPoint === undefined) r.fail(`${path}.entryPoint`, 'not given, and the shader has no @compute entry point');
    if (o.entryPoint === undefined && entryPoints.length > 1) r.fail(`${path}.entryPoint`, `the shader has several entry points (${entryPoints.join(', ')}); name one`);
    const wg = r.array(o.workgroups, `${path}.workgroups`);
    if (wg.length < 1 || wg.length > 3) r.fail(`${path}.workgroups`, 'must have one to three counts (x, y, z)');
    const e = (k: number): Expr => (wg[k] === undefined ? 1 : r.expr(wg[k], `${path}.workgroups[${k}]`, known));
    return { entryPoint, workgroups: [e(0), e(1), e(2)] };
  };
  if (s.passes !== undefined) {
    return r.array(s.passes, 'passes').map((p, i) => {
      const o = r.object(p, `passes[${i}]`);
      r.known(o, `passes[${i}]`, ['entryPoint', 'workgroups', 'label']);
      return pass(o, `passes[${i}]`);
    });
  }
  if (s.workgroups === undefined) r.fail('workgroups', 'give the workgroup counts (or "passes" for several dispatches)');
  return [pass({ workgroups: s.workgroups, ...(s.entryPoint === undefined ? {} : { entryPoint: s.entryPoint }) }, '')];
}

function presetsOf(r: Reader, raw: Json, params: readonly ParamSpec[]): Partial<Record<SizePreset, Record<string, number>>> {
  const o = r.object(raw, 'presets');
  r.known(o, 'presets', ['small', 'medium', 'large']);
  const out: Partial<Record<SizePreset, Record<string, number>>> = {};
  for (const size of ['small', 'medium', 'large'] as const) {
    if (o[size] === undefined) continue;
    const p = r.object(o[size], `presets.${size}`);
    r.known(p, `presets.${size}`, params.map((x) => x.name));
    out[size] = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, r.number(v, `presets.${size}.${k}`)]));
  }
  return out;
}
