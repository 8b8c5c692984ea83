/**
 * The kernel spec: one plain object per kernel variant, consumed alike by the
 * page, the tests, the headless runner and the lessons.
 *
 * Everything but the CPU reference is data: sizes, dispatch and costs are
 * expressions (see expr.ts) over the parameters and `override` constants, so a
 * user's own kernel can be described by the same shape in a JSON sidecar.
 * All bindings live in `@group(0)`.
 */

/** A number, or an expression over parameters (and constants, where noted). */
export type Expr = string | number;

export type ElementType = 'f32' | 'u32' | 'i32';
export type HostArray = Float32Array | Uint32Array | Int32Array;
export type Params = Readonly<Record<string, number>>;
export type Constants = Readonly<Record<string, number>>;

export interface ParamSpec {
  readonly name: string;
  readonly label?: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Integer unless said otherwise (shapes are). */
  readonly integer?: boolean;
  readonly help?: string;
}

/** A WGSL `override` the user may tune; the shader declares it with the same name. */
export interface ConstantSpec {
  readonly name: string;
  readonly default: number;
  readonly allowed?: readonly number[];
  readonly help?: string;
}

export type InputInit =
  | { readonly kind: 'random'; readonly min: number; readonly max: number }
  | { readonly kind: 'iota' }
  | { readonly kind: 'fill'; readonly value: number };

export type BufferRole = 'input' | 'output' | 'scratch';

export interface BufferSpec {
  readonly name: string;
  /** Absent only for buffers no shader binds (those of a driver copy). */
  readonly binding?: number;
  readonly role: BufferRole;
  readonly type: ElementType;
  /** Element count, over parameters and constants. */
  readonly length: Expr;
  /** How an input is made; random in [-1, 1) when absent. Ignored for outputs (poisoned). */
  readonly init?: InputInit;
}

export interface UniformField {
  readonly name: string;
  readonly type: 'u32' | 'i32' | 'f32';
  readonly value: Expr;
}

/** One uniform struct of 4-byte scalars, in declaration order. Shapes travel here. */
export interface UniformSpec {
  readonly binding: number;
  readonly fields: readonly UniformField[];
}

export interface PassSpec {
  readonly entryPoint: string;
  /** Workgroup counts (x, y, z), over parameters and constants. */
  readonly workgroups: readonly [Expr, Expr, Expr];
  readonly label?: string;
}

/** Minimum work and traffic: each input read once, each output written once. */
export interface CostModel {
  readonly flops: Expr;
  readonly bytes: Expr;
}

/**
 * An output's expected values together with, per element, the sum of the
 * magnitudes of the terms that were added to make it (Σ|aₖbₖ| for a dot
 * product, |a·x| + |y| for saxpy). Where a result nearly cancels, its f32
 * rounding error is relative to the terms, not to the small result, so the
 * check measures it against them (see bench/check.ts).
 */
export interface ExpectedWithTerms {
  readonly values: Float64Array;
  readonly terms: Float64Array;
}

export type ReferenceOutput = Float64Array | ExpectedWithTerms;

export type Reference = (
  inputs: Readonly<Record<string, HostArray>>,
  params: Params,
  /**
   * The `override` values the run used (a reduction's chunking depends on
   * them). A reference that reads them must declare this argument (without a
   * default): one that declares two arguments is reused across constants.
   */
  constants: Constants,
) => Record<string, ReferenceOutput>;

/** The values and (where the reference gives them) the terms' magnitudes of one output. */
export function splitExpected(out: ReferenceOutput): { readonly expected: Float64Array; readonly terms?: Float64Array } {
  return out instanceof Float64Array ? { expected: out } : { expected: out.values, terms: out.terms };
}

export type SizePreset = 'small' | 'medium' | 'large';

export interface KernelSpec {
  /** `family/variant`, e.g. `matmul/naive`. */
  readonly id: string;
  readonly family: string;
  readonly title: string;
  /** One or two sentences for the library list. */
  readonly summary: string;
  readonly source: string;
  readonly params: readonly ParamSpec[];
  readonly constants: readonly ConstantSpec[];
  readonly buffers: readonly BufferSpec[];
  readonly uniforms?: UniformSpec;
  /** Dispatched in order inside one compute pass; most kernels have one. */
  readonly passes: readonly PassSpec[];
  /**
   * Instead of dispatches, the driver's own copyBufferToBuffer of a whole buffer
   * (`passes` is then empty): the reference every copy kernel is measured against.
   */
  readonly copy?: { readonly from: string; readonly to: string };
  /**
   * Bandwidth kernels: when timing, cycle through enough copies of the buffers
   * that the caches cannot hold them, so device memory answers, not the cache.
   */
  readonly rotate?: boolean;
  readonly cost: CostModel;
  /** Bytes of `var<workgroup>` memory, over constants: checked against the device before compiling. */
  readonly workgroupStorage?: Expr;
  /**
   * Expected value of every output, in float64, from the same f32 inputs.
   * Only a user's own kernel may lack one: then outputs are only checked to be
   * written and finite, and results say they were not compared.
   */
  readonly reference?: Reference;
  /**
   * A custom kernel's reference as JavaScript module text, so a Worker can
   * load it too (library references are found there by id).
   */
  readonly referenceModule?: string;
  /** The file `referenceModule` came from, for messages (`reference.js`, `scale.reference.ts`). */
  readonly referenceFile?: string;
  /**
   * Largest accepted ‖out − ref‖₂ / ‖s‖₂, where sᵢ is the size of the terms
   * summed into element i when the reference gives it, |refᵢ| otherwise.
   */
  readonly tolerance: number;
  /** Parameter sets for quick (CPU adapters), medium and large runs. */
  readonly presets?: Readonly<Partial<Record<SizePreset, Params>>>;
  readonly requiredFeatures?: readonly GPUFeatureName[];
  /** A user's own kernel (the page's, or the runner's --kernel-file): its source has no library version. */
  readonly custom?: boolean;
}

export function defaultParams(spec: KernelSpec): Record<string, number> {
  return Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
}

export function defaultConstants(spec: KernelSpec): Record<string, number> {
  return Object.fromEntries(spec.constants.map((c) => [c.name, c.default]));
}

export function bytesPerElement(_type: ElementType): number {
  return 4;
}

/** Features a kernel needs that the device lacks; empty when it can run. */
export function missingFeatures(spec: KernelSpec, features: { has(name: string): boolean }): string[] {
  return (spec.requiredFeatures ?? []).filter((f) => !features.has(f));
}
