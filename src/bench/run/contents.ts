/**
 * What a checked run's buffers held, kept beside its verdict for the buffer
 * view: per buffer, the values it started from, what it held after the run
 * and what the float64 reference expected. Typed arrays are the run's own
 * (the inputs it wrote, the memory the check read back), never copies: a
 * 1024×1024 matmul keeps A, B, C, the expected C and its terms, about 28 MB.
 */
import type { BufferShape, HostArray } from '../../kernels/memory';
import type { KernelPlan } from '../../kernels/plan';
import { splitExpected, type BufferRole } from '../../kernels/spec';
import type { ReferenceOutputs } from './reference';

/** One buffer, as host values in its memory layout (memory.ts): padding included, and marked by `shape`. */
export interface BufferContents {
  readonly name: string;
  readonly role: BufferRole;
  readonly shape: BufferShape;
  /** Host values, padding included. */
  readonly length: number;
  /** Rows and columns, where the spec gives `dims`. */
  readonly dims?: readonly [number, number];
  /** What it started from: inputs and inout buffers, and outputs given an init. Poison is not shown. */
  readonly start?: HostArray;
  /** What it held after the run: outputs and inout buffers. */
  readonly got?: HostArray;
  /** The reference's values for a checked buffer, where there is a reference. */
  readonly expected?: Float64Array;
  /** Σ|terms| per element, where the reference gives it (the size the tolerance scales with). */
  readonly terms?: Float64Array;
}

/** The memory of the run the verdict is about: the check run before timing, or the failing run after it. */
export interface RunContents {
  readonly run: 'before timing' | 'after timing';
  /** The seed its inputs were made from. */
  readonly seed: number;
  /** The spec's tolerance on ‖out − ref‖₂ / ‖s‖₂ (check.ts). */
  readonly tolerance: number;
  /** Every planned buffer but scratch (never checked, and not read back), in the spec's order. */
  readonly buffers: readonly BufferContents[];
}

/**
 * The contents of one run of `plan`: `inputs` are the host values the
 * buffers started from (by name), `got` the checked buffers' values after
 * the run, `expected` the reference's answer when there was one.
 */
export function runContents(
  plan: Pick<KernelPlan, 'buffers'>,
  run: { readonly which: RunContents['run']; readonly seed: number; readonly tolerance: number },
  inputs: Readonly<Record<string, HostArray>>,
  got: readonly { readonly name: string; readonly got: HostArray }[],
  expected: ReferenceOutputs | undefined,
): RunContents {
  return {
    run: run.which,
    seed: run.seed,
    tolerance: run.tolerance,
    buffers: plan.buffers.filter((b) => b.spec.role !== 'scratch').map((b): BufferContents => {
      const { name, role } = b.spec;
      const start = inputs[name];
      const after = got.find((o) => o.name === name)?.got;
      const ref = after && expected?.[name];
      return {
        name,
        role,
        shape: b.shape,
        length: b.length,
        ...(b.dims ? { dims: b.dims } : {}),
        ...(start ? { start } : {}),
        ...(after ? { got: after } : {}),
        ...(ref ? splitExpected(ref) : {}),
      };
    }),
  };
}
