/**
 * A user's own kernel: a WGSL file plus a short JSON sidecar, turned into the
 * same KernelSpec the library uses. The sidecar may leave out what the WGSL
 * already says (read by reflect.ts): a buffer's binding (found by variable
 * name), its role (read_write → output), its element type and layout, the
 * entry point, the constants. Everything is checked here, before any GPU:
 * names in expressions (parameters, constants, the shader's consts), uniform
 * values against the uniform's members, entry points against the shader.
 * Every problem is reported with the path of the field it concerns.
 */
import { CompileError, KernelLabError, messageOf } from '../gpu/errors';
import { compileExpr, ExprError } from './expr';
import { bufferShape, type BufferShape } from './memory';
import { reflectWgsl, type Reflection } from './reflect';
import { uniformProblems } from './uniforms';
import { SIZE_PRESETS, uniformBlocks, type BufferRole, type BufferSpec, type ConstantSpec, type ElementType, type Expr, type InputInit, type KernelSpec, type ParamSpec, type PassSpec, type Reference, type SizePreset, type UniformField, type UniformSpec } from './spec';

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
  /** An expression over `known` names; `about` names what it sizes in the message ("C's rows"). */
  expr(v: Json, path: string, known: ReadonlySet<string>, about?: string): Expr {
    const fail = (problem: string): never => this.fail(path, about ? `${about}: ${problem}` : problem);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(`must be a number, not ${JSON.stringify(v)}`);
      return v;
    }
    if (typeof v !== 'string' || v.length === 0) fail('must be a non-empty string');
    const text = v as string;
    let names: ReadonlySet<string> = new Set();
    try {
      names = compileExpr(text).names;
    } catch (e) {
      fail(e instanceof ExprError ? e.message : String(e));
    }
    for (const n of names) {
      if (!known.has(n)) fail(`"${text}" uses '${n}', which is neither a parameter nor a constant (known: ${[...known].join(', ')})`);
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
const INIT_KINDS = ['random', 'iota', 'fill', 'values', 'permutation', 'sorted', 'members', 'paged'] as const;
const PAGED_PARTS = ['blockTable', 'slotMapping', 'contextLengths'] as const;

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
  if (reflection.problem) {
    // Not the sidecar's fault: the WGSL does not parse, and the compiler will say the same at this line.
    throw new CompileError([{ type: 'error', line: reflection.problem.line, column: 1, length: 0, message: reflection.problem.message }]);
  }

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
  // Expressions may name the parameters, the constants (overrides) and the shader's module-scope consts.
  const known = new Set([...params.map((p) => p.name), ...constants.map((c) => c.name), ...Object.keys(reflection.consts)]);
  const buffers = r.array(s.buffers, 'buffers').map((b, i) => bufferOf(r, b, `buffers[${i}]`, reflection, known));
  if (!buffers.some((b) => b.role === 'output' || b.role === 'inout')) r.fail('buffers', 'no buffer is an output (or inout), so there is nothing to check');
  const uniforms = s.uniforms === undefined ? undefined : uniformsOf(r, s.uniforms, reflection, known);
  checkAllSupplied(r, reflection, buffers, uniforms);

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
    ...(uniforms !== undefined ? { uniforms } : {}),
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
  // An override without a default has no value unless the sidecar gives one: found here, not at pipeline creation.
  for (const o of reflection.overrides) {
    if (o.defaultText === undefined && !given.some((g) => g.name === o.name)) {
      r.fail('constants', `override ${o.name} (line ${o.line}) has no default in the shader, so the sidecar must give it: "constants": [{ "name": "${o.name}", "default": … }]`);
    }
  }
  // Numeric overrides the sidecar does not mention are still tunable, at the shader's default.
  const rest = reflection.overrides
    .filter((o) => o.type !== 'bool' && o.defaultValue !== undefined && !given.some((g) => g.name === o.name))
    .map((o): ConstantSpec => ({ name: o.name, default: o.defaultValue! }));
  return [...given, ...rest];
}

function initOf(r: Reader, raw: Json, path: string, known: ReadonlySet<string>, shape: BufferShape | undefined): InputInit {
  const i = r.object(raw, path);
  const kind = r.oneOf(i.kind, `${path}.kind`, INIT_KINDS);
  const num = (v: Json, field: string, fallback: number): number => (v === undefined ? fallback : r.number(v, `${path}.${field}`));
  switch (kind) {
    case 'random':
      r.known(i, path, ['kind', 'min', 'max']);
      // Without bounds, each kind gets its own (random.ts): [-1, 1) for floats, [0, 255] for u32.
      return { kind, ...(i.min === undefined ? {} : { min: r.number(i.min, `${path}.min`) }), ...(i.max === undefined ? {} : { max: r.number(i.max, `${path}.max`) }) };
    case 'sorted':
      r.known(i, path, ['kind', 'min', 'max']);
      return { kind, min: num(i.min, 'min', 0), max: num(i.max, 'max', 100) };
    case 'fill':
      r.known(i, path, ['kind', 'value']);
      return { kind, value: r.number(i.value, `${path}.value`) };
    case 'values':
      r.known(i, path, ['kind', 'values']);
      return { kind, values: r.array(i.values, `${path}.values`).map((v, k) => r.expr(v, `${path}.values[${k}]`, known)) };
    case 'paged':
      r.known(i, path, ['kind', 'part', 'sequences', 'longest', 'blockSize']);
      return {
        kind,
        part: r.oneOf(i.part, `${path}.part`, PAGED_PARTS),
        sequences: r.expr(i.sequences, `${path}.sequences`, known),
        longest: r.expr(i.longest, `${path}.longest`, known),
        blockSize: r.expr(i.blockSize, `${path}.blockSize`, known),
      };
    case 'members': {
      r.known(i, path, ['kind', 'members']);
      const members = r.object(i.members, `${path}.members`);
      const names = shape ? [...Object.keys(shape.headerMembers), ...(shape.arrayMember ? [shape.arrayMember] : []), ...Object.keys(shape.members)] : [];
      for (const m of Object.keys(members)) {
        if (!names.includes(m)) r.fail(`${path}.members.${m}`, `${shape?.elementText ?? 'the element'} has no member ${m} (members: ${names.join(', ') || 'none: it is not a struct'})`);
      }
      return { kind, members: Object.fromEntries(Object.entries(members).map(([m, v]) => [m, initOf(r, v, `${path}.members.${m}`, known, undefined)])) };
    }
    default:
      r.known(i, path, ['kind']);
      return { kind };
  }
}

function bufferOf(r: Reader, raw: Json, path: string, reflection: Reflection, known: ReadonlySet<string>): BufferSpec {
  const o = r.object(raw, path);
  r.known(o, path, ['name', 'binding', 'role', 'type', 'length', 'elements', 'init', 'dims']);
  const name = r.string(o.name, `${path}.name`);
  const declared = o.binding === undefined
    ? reflection.bindings.find((b) => b.group === 0 && b.name === name)
    : reflection.bindings.find((b) => b.group === 0 && b.binding === o.binding);
  const binding = o.binding === undefined ? declared?.binding : r.number(o.binding, `${path}.binding`);
  if (binding === undefined) {
    const names = reflection.bindings.filter((b) => b.group === 0 && b.space === 'storage').map((b) => b.name);
    r.fail(`${path}.binding`, `not given, and the shader declares no @group(0) var named ${name} (its storage buffers: ${names.join(', ') || 'none'})`);
  }
  const role: BufferRole = o.role === undefined
    ? declared?.access === 'read_write' ? 'output' : 'input'
    : r.oneOf(o.role, `${path}.role`, ['input', 'output', 'inout', 'scratch'] as const);
  let shape: BufferShape | undefined;
  if (declared?.layout) {
    try {
      shape = bufferShape(declared.layout);
    } catch (e) {
      r.fail(path, `${declared.type}: ${messageOf(e)}`);
    }
  }
  let type: ElementType | undefined;
  if (o.type !== undefined) {
    // The WGSL decides; a type given here must agree with it (it once silently turned vec2<u32> into floats).
    type = r.oneOf(o.type, `${path}.type`, ELEMENT_TYPES);
    if (shape && shape.scalar !== type) r.fail(`${path}.type`, `"${type}", but the shader declares ${name} as ${declared!.type} (${shape.scalar === 'mixed' ? 'a mix of kinds' : shape.scalar}); leave "type" out, the WGSL says it`);
  }
  if (o.length !== undefined && o.elements !== undefined) r.fail(path, 'give its size as "elements" or as "length", not both');
  if (shape && !shape.runtime && (o.length !== undefined || o.elements !== undefined)) {
    r.fail(path, `${name} is ${declared!.type}, not a runtime-sized array: its size is the type's (${shape.fixedCount === 1 ? 'one element' : `${shape.fixedCount} elements`}); leave out "${o.elements !== undefined ? 'elements' : 'length'}"`);
  }
  if (shape?.runtime && o.length === undefined && o.elements === undefined) {
    r.fail(path, `${name} is a runtime-sized array of ${shape.elementText}: give "elements" (how many ${shape.elementText}) or "length" (host values of ${shape.unit} bytes, padding included)`);
  }
  const init = o.init === undefined ? undefined : initOf(r, o.init, `${path}.init`, known, shape);
  if (init?.kind === 'values' && shape && !shape.runtime) {
    const holds = [...shape.prefixKinds, ...Array.from({ length: shape.fixedCount }, () => shape.kinds).flat()].filter((k) => k !== 'pad').length;
    if (init.values.length !== holds) r.fail(`${path}.init.values`, `gives ${init.values.length} value${init.values.length === 1 ? '' : 's'}, but ${name} (${declared!.type}) holds ${holds}`);
  }
  let dims: [Expr, Expr] | undefined;
  if (o.dims !== undefined) {
    if (!Array.isArray(o.dims) || o.dims.length !== 2) r.fail(`${path}.dims`, `${name}'s dims must be [rows, columns], two sizes such as ["M", "N"], not ${JSON.stringify(o.dims)}`);
    if (shape && !shape.runtime && shape.fixedCount <= 1) r.fail(`${path}.dims`, `${name} is ${declared!.type}, not an array: it has no rows and columns`);
    dims = [r.expr(o.dims[0], `${path}.dims[0]`, known, `${name}'s rows`), r.expr(o.dims[1], `${path}.dims[1]`, known, `${name}'s columns`)];
  }
  return {
    name,
    binding,
    role,
    ...(type ? { type } : {}),
    ...(dims ? { dims } : {}),
    ...(o.length !== undefined ? { length: r.expr(o.length, `${path}.length`, known) } : {}),
    ...(o.elements !== undefined ? { elements: r.expr(o.elements, `${path}.elements`, known) } : {}),
    ...(init ? { init } : {}),
  };
}

/** Nested value objects ("inner": {"a": …}) become member paths; nested lists (a matrix's columns) one flat list. */
function flattenValues(raw: Record<string, Json>, prefix = ''): { name: string; values: Json[] | Json }[] {
  return Object.entries(raw).flatMap(([k, v]) => {
    const name = prefix ? `${prefix}.${k}` : k;
    if (isObject(v)) return flattenValues(v, name);
    return [{ name, values: Array.isArray(v) ? (v as Json[]).flat(Number.POSITIVE_INFINITY) : v }];
  });
}

/**
 * One uniform block: values by member (`"values": {"n": "N", "scale": ["a", "b"]}`,
 * nested objects for nested structs) or a list of fields (`"fields": [{"name":
 * "scale.x", "value": "a"}]`), checked against the uniform's WGSL type: every
 * scalar gets one value, and every name is a member.
 */
function uniformBlockOf(r: Reader, raw: Json, path: string, reflection: Reflection, known: ReadonlySet<string>, only: boolean): UniformSpec {
  const u = r.object(raw, path);
  r.known(u, path, ['binding', 'fields', 'values']);
  const all = reflection.bindings.filter((b) => b.group === 0 && b.space === 'uniform');
  if (u.binding === undefined && !(only && all.length === 1)) {
    r.fail(`${path}.binding`, all.length === 0 ? 'the shader declares no var<uniform>' : `the shader declares ${all.length} uniforms (${all.map((b) => `${b.name} at @binding(${b.binding})`).join(', ')}): give each block its "binding"${only ? ', as a list' : ''}`);
  }
  const declared = u.binding === undefined ? all[0] : reflection.bindings.find((b) => b.group === 0 && b.binding === u.binding);
  if (!declared) r.fail(`${path}.binding`, `the shader declares nothing at @binding(${String(u.binding)})`);
  if (declared.space !== 'uniform') r.fail(`${path}.binding`, `@binding(${declared.binding}) is ${declared.name}, a storage buffer, not a var<uniform>`);
  if (!declared.layout) r.fail(path, `${declared.name}: ${declared.type} has no layout Kernel Lab can write`);
  if ((u.fields === undefined) === (u.values === undefined)) r.fail(path, 'give either "values" (by member) or "fields" (a list)');
  const fields: UniformField[] = u.values !== undefined
    ? flattenValues(r.object(u.values, `${path}.values`)).map(({ name, values }) => ({
        name,
        value: Array.isArray(values) ? values.map((x, k) => r.expr(x, `${path}.values.${name}[${k}]`, known)) : r.expr(values, `${path}.values.${name}`, known),
      }))
    : r.array(u.fields, `${path}.fields`).map((f, i) => {
        const at = `${path}.fields[${i}]`;
        const o = r.object(f, at);
        r.known(o, at, ['name', 'type', 'value']);
        const value = Array.isArray(o.value) ? (o.value as Json[]).flat(Number.POSITIVE_INFINITY).map((x, k) => r.expr(x, `${at}.value[${k}]`, known)) : r.expr(o.value, `${at}.value`, known);
        return { name: r.string(o.name, `${at}.name`), ...(o.type === undefined ? {} : { type: r.oneOf(o.type, `${at}.type`, ['u32', 'i32', 'f32'] as const) }), value };
      });
  const problems = uniformProblems(declared.layout, declared.name, fields.map((f) => ({ name: f.name, count: Array.isArray(f.value) ? f.value.length : 1, type: f.type })));
  if (problems.length > 0) r.fail(u.values !== undefined ? `${path}.values` : `${path}.fields`, problems.join('; '));
  return { binding: declared.binding, fields };
}

/** The uniform blocks: one object, or a list where the shader declares several `var<uniform>`s. */
function uniformsOf(r: Reader, raw: Json, reflection: Reflection, known: ReadonlySet<string>): UniformSpec | UniformSpec[] {
  if (Array.isArray(raw)) return raw.map((b, i) => uniformBlockOf(r, b, `uniforms[${i}]`, reflection, known, false));
  return uniformBlockOf(r, raw, 'uniforms', reflection, known, true);
}

/** Every resource the shader binds in @group(0) must come from the sidecar: found here, not when the GPU refuses the bind group. */
function checkAllSupplied(r: Reader, reflection: Reflection, buffers: readonly BufferSpec[], uniforms: UniformSpec | readonly UniformSpec[] | undefined): void {
  const supplied = new Set([...buffers.map((b) => b.binding), ...(uniforms === undefined ? [] : uniformBlocks({ uniforms })).map((u) => u.binding)]);
  const missing = reflection.bindings.filter((b) => b.group === 0 && !supplied.has(b.binding));
  for (const m of missing) {
    r.fail(m.space === 'uniform' ? 'uniforms' : 'buffers', `the shader binds ${m.name} (var<${m.space}>, @binding(${m.binding})), but the sidecar ${m.space === 'uniform' ? 'gives no values for it' : 'lists no buffer for it'}`);
  }
}

function passesOf(r: Reader, s: Record<string, Json>, reflection: Reflection, known: ReadonlySet<string>): PassSpec[] {
  const entryPoints = reflection.entryPoints.map((e) => e.name);
  // A top-level pass (no "passes" list) has no prefix: its fields are "entryPoint", "workgroups[0]".
  const pass = (o: Record<string, Json>, prefix: string): PassSpec => {
    const at = (field: string): string => (prefix ? `${prefix}.${field}` : field);
    const entryPoint = o.entryPoint === undefined ? entryPoints[0] : r.string(o.entryPoint, at('entryPoint'));
    if (entryPoint === undefined) r.fail(at('entryPoint'), 'not given, and the shader has no @compute entry point');
    if (!entryPoints.includes(entryPoint)) r.fail(at('entryPoint'), `"${entryPoint}" is not an entry point of the shader (its @compute entry points: ${entryPoints.join(', ') || 'none'})`);
    if (o.entryPoint === undefined && entryPoints.length > 1) r.fail(at('entryPoint'), `the shader has several entry points (${entryPoints.join(', ')}); name one`);
    const wg = r.array(o.workgroups, at('workgroups'));
    if (wg.length < 1 || wg.length > 3) r.fail(at('workgroups'), 'must have one to three counts (x, y, z)');
    const e = (k: number): Expr => (wg[k] === undefined ? 1 : r.expr(wg[k], at(`workgroups[${k}]`), known));
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
  r.known(o, 'presets', SIZE_PRESETS);
  const out: Partial<Record<SizePreset, Record<string, number>>> = {};
  for (const size of SIZE_PRESETS) {
    if (o[size] === undefined) continue;
    const p = r.object(o[size], `presets.${size}`);
    r.known(p, `presets.${size}`, params.map((x) => x.name));
    out[size] = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, r.number(v, `presets.${size}.${k}`)]));
  }
  return out;
}
