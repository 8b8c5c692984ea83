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
export type { HostArray } from './memory';
import type { HostArray } from './memory';
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
  /** The only values it takes, when not every number in [min, max] is one (a block size: 8, 16 or 32). */
  readonly allowed?: readonly number[];
  readonly help?: string;
}

/** A parameter value the kernel cannot take, worded for the form field `name`. */
export interface ParamProblem {
  readonly name: string;
  readonly message: string;
}

/** A WGSL `override` the user may tune; the shader declares it with the same name. */
export interface ConstantSpec {
  readonly name: string;
  readonly default: number;
  readonly allowed?: readonly number[];
  readonly help?: string;
}

/**
 * How a buffer's values are made (see random.ts). Values are host values in
 * the buffer's memory layout (memory.ts): padding is skipped, so `iota` over
 * an array<vec2u> counts 0, 1, 2, 3 across components.
 */
export type InputInit =
  /**
   * Seeded random in [min, max): integers in [min, max] for integer kinds.
   * Without bounds, by kind: [-1, 1) for floats, [0, 255] for u32, [-128, 127] for i32.
   */
  | { readonly kind: 'random'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'iota' }
  | { readonly kind: 'fill'; readonly value: number }
  /** Exactly these values (expressions over the parameters, constants and consts), one per non-padding value. */
  | { readonly kind: 'values'; readonly values: readonly Expr[] }
  /** A seeded shuffle of 0 … n−1, n the buffer's number of values. */
  | { readonly kind: 'permutation' }
  /** Seeded random values in [min, max] (integers for integer kinds), sorted ascending. */
  | { readonly kind: 'sorted'; readonly min: number; readonly max: number }
  /**
   * Struct elements: an init per member, applied to that member of every
   * element; for a struct ending in a runtime-sized array, its header members
   * and the array member by name too.
   */
  | { readonly kind: 'members'; readonly members: Readonly<Record<string, InputInit>> }
  /**
   * One part of a paged KV cache's layout, made by the block manager (generators.ts pagedLayout) from the run's
   * seed, so every buffer of a run describes the same layout: `sequences` sequences whose context lengths fall
   * evenly from `longest` to about 1 (decodeLengths), each holding ceil((length + 1) / blockSize) blocks of a
   * shuffled pool. `part`: the block table [sequences × maxBlocks] (row by row, unused entries 0), the slot
   * mapping [sequences] (each sequence's next token: slot = block · blockSize + offset), or the context lengths
   * [sequences]. The pool holds exactly the blocks used. blockSize is 8, 16 or 32.
   */
  | { readonly kind: 'paged'; readonly part: 'blockTable' | 'slotMapping' | 'contextLengths'; readonly sequences: Expr; readonly longest: Expr; readonly blockSize: Expr };

/**
 * input: filled, read by the kernel; output: poisoned, then checked; inout:
 * filled like an input, then checked like an output (the reference receives
 * its initial contents); scratch: zeroed, never checked.
 */
export type BufferRole = 'input' | 'output' | 'inout' | 'scratch';

export interface BufferSpec {
  readonly name: string;
  /** Absent only for buffers no shader binds (those of a driver copy). */
  readonly binding?: number;
  readonly role: BufferRole;
  /** The host kind of a buffer no shader declares (the driver's copy); otherwise the WGSL says, and this must agree. */
  readonly type?: ElementType;
  /**
   * The size, one of two ways, over parameters, constants and consts:
   * `elements` counts elements of the WGSL array (what arrayLength() returns);
   * `length` counts host values, 4 bytes each (2 for f16), padding included
   * (an array<vec3<f32>> element is 4 values). Neither, for a buffer that is
   * not a runtime-sized array.
   */
  readonly length?: Expr;
  readonly elements?: Expr;
  /**
   * How the buffer starts. Inputs and inout buffers: random in [-1, 1) when
   * absent. Outputs: poisoned when absent (atomics: zero); with an init, they
   * start from it. Scratch: zero when absent.
   */
  readonly init?: InputInit;
  /**
   * Rows and columns, over the parameters and constants, when the buffer is a
   * matrix: its values (host values, padding included, after any header) are
   * read row-major, rows × columns of them, and the buffer view draws them as
   * a 2-D heatmap (matmul's C is [M, N]). Values past rows × columns (a vec4
   * buffer's tail) have no row or column.
   */
  readonly dims?: readonly [Expr, Expr];
}

export interface UniformField {
  /** A member path of the uniform ("n", "scale", "scale.y", "inner.a"), or the variable's name for a plain scalar. */
  readonly name: string;
  /** Checked against the shader when given. */
  readonly type?: 'u32' | 'i32' | 'f32';
  /** One value, or one per scalar for a vector, array or struct member. */
  readonly value: Expr | readonly Expr[];
}

/** The uniform block, written at WGSL's member offsets (see uniforms.ts). Shapes travel here. */
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

/**
 * The size classes, smallest first: a spec's presets, the sizes a suite runs
 * at (calibration, sweeps, the runner's --size), and the class a tuned winner
 * is kept under (autotune's shapeClass). The one list of them.
 */
export const SIZE_PRESETS = ['small', 'medium', 'large'] as const;
export type SizePreset = (typeof SIZE_PRESETS)[number];

export interface KernelSpec {
  /** `family/variant`, e.g. `matmul/naive`. */
  readonly id: string;
  readonly family: string;
  readonly title: string;
  /** One or two sentences for the library list. */
  readonly summary: string;
  readonly source: string;
  readonly params: readonly ParamSpec[];
  /**
   * Rules that tie parameters together, beyond each one's range (attention's
   * Hkv must divide H): problems worded for the form, each under the
   * parameter it concerns. Called only once every parameter is a number
   * within its range (see plan.ts validateParams).
   */
  readonly checkParams?: (params: Params) => readonly ParamProblem[];
  readonly constants: readonly ConstantSpec[];
  readonly buffers: readonly BufferSpec[];
  /** One uniform block, or a list where the shader declares several `var<uniform>`s. */
  readonly uniforms?: UniformSpec | readonly UniformSpec[];
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
  /** A shared copy of a library kernel (share/opened.ts): the library id whose reference it uses. */
  readonly libraryBase?: string;
  /**
   * Its reference module is someone else's (a shared link's, a results
   * file's): it runs only in the sandbox (bench/run/reference-sandbox.ts),
   * never on the page or in the page's own Worker.
   */
  readonly sandboxed?: boolean;
  /**
   * Inputs that must agree with each other (a block table and the slot
   * mapping that indexes it), made together from the seed: buffer name → its
   * host values. Buffers it names ignore their `init`; the lengths must match
   * (see generators.ts for the ones the library uses).
   */
  readonly generate?: (params: Params, seed: number, constants: Constants) => Readonly<Record<string, ArrayLike<number>>>;
  /**
   * Figures beyond the check and the throughput (see RunFigure), computed
   * once a run has passed its check and been timed. Called on the page's
   * thread: keep it to a pass over the inputs.
   */
  readonly figures?: (run: FigureContext) => readonly RunFigure[];
}

/**
 * A figure a kernel reports beside its check and timing, for what the check
 * and the cost model cannot say: the error quantization costs against the
 * f32 product, tokens per second. Shown under the verdict and printed by
 * the runner; kept in the run's record (`figures`).
 */
export interface RunFigure {
  /** A stable key for programs: `quantError`, `tokensPerS`. */
  readonly name: string;
  /** For people: "error against the f32 product". */
  readonly label: string;
  /** Non-finite when it could not be had (the timer could not resolve the run). */
  readonly value: number;
  /** `ratio` (a relative error, shown as 3.1e-2) or a unit (`tokens/s`). */
  readonly unit: string;
  /** How it was computed and what it assumes, in a sentence. */
  readonly note: string;
}

/** What a kernel's `figures` receives: one correct run, its inputs and outputs. */
export interface FigureContext {
  readonly params: Params;
  readonly constants: Constants;
  /** The seed its inputs were made from (what `generate` received). */
  readonly seed: number;
  /** What the reference received of the inputs. */
  readonly inputs: Readonly<Record<string, HostArray>>;
  /** What the kernel wrote to its outputs, by buffer name. */
  readonly outputs: Readonly<Record<string, HostArray>>;
  /** The timed median of one repetition; 0 when the timer could not resolve it. */
  readonly medianMs: number;
}

/** The spec's uniform blocks as a list (none, one, or several). */
export function uniformBlocks(spec: Pick<KernelSpec, 'uniforms'>): readonly UniformSpec[] {
  const u = spec.uniforms;
  return u === undefined ? [] : Array.isArray(u) ? (u as readonly UniformSpec[]) : [u as UniformSpec];
}

export function defaultParams(spec: KernelSpec): Record<string, number> {
  return Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
}

/** The spec's own constant values: what a kernel runs with when nobody tunes it. */
export function defaultConstants(spec: Pick<KernelSpec, 'constants'>): Record<string, number> {
  return Object.fromEntries(spec.constants.map((c) => [c.name, c.default]));
}

/** What each `enable` directive needs of the device. */
const ENABLE_FEATURES: Readonly<Record<string, GPUFeatureName>> = { f16: 'shader-f16', subgroups: 'subgroups' };

/** The device features a kernel needs: its spec's, and those its `enable` directives name. */
export function neededFeatures(spec: KernelSpec, enables: readonly string[] = []): GPUFeatureName[] {
  return [...new Set([...(spec.requiredFeatures ?? []), ...enables.flatMap((e) => (ENABLE_FEATURES[e] ? [ENABLE_FEATURES[e]] : []))])];
}

/** Features a kernel needs that the device lacks; empty when it can run. */
export function missingFeatures(spec: KernelSpec, features: { has(name: string): boolean }, enables: readonly string[] = []): string[] {
  return neededFeatures(spec, enables).filter((f) => !features.has(f));
}
