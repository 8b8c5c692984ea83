/**
 * The kernel a cell or a run names, as the bench runs it: its spec (a library
 * kernel's, or one built from a sidecar with the student's WGSL), the source
 * as edited, the constants, and the parameters it runs at.
 */
import { KernelLabError } from '../gpu/errors';
import { customKernel } from '../kernels/custom';
import { findKernel } from '../kernels/library';
import { defaultParams, type KernelSpec, type Params, type SizePreset } from '../kernels/spec';
import type { Cell, EditableCell, Lesson } from './format';

/** Each editable cell's current WGSL, by cell id; a cell not listed runs its original. */
export type Sources = Readonly<Record<string, string>>;

export interface ResolvedKernel {
  readonly spec: KernelSpec;
  readonly source: string;
  readonly constants: Params;
  /** The cell's sizes, or the spec's preset for the run's size. */
  readonly params: Params;
  /** What to call it in tables and legends: the cell's id, or the library id. */
  readonly label: string;
}

/** The parameters a kernel runs at when the lesson gives none: its preset for `size`, else its defaults. */
export const presetParams = (spec: KernelSpec, size: SizePreset): Params => ({ ...defaultParams(spec), ...spec.presets?.[size] });

export const cellById = (lesson: Lesson, id: string): Cell | undefined => lesson.cells.find((c) => c.id === id);

/** The WGSL an editable cell runs now. */
export const sourceOf = (cell: EditableCell, sources: Sources): string => sources[cell.id] ?? cell.source;

/**
 * The kernel `name` stands for in `lesson`: a kernel or exercise cell, with
 * its current source, or a library kernel as it ships.
 * @throws KernelLabError (spec) when the name is neither; the parser makes that rare
 */
export function resolveKernel(lesson: Lesson, name: string, sources: Sources, size: SizePreset): ResolvedKernel {
  const cell = cellById(lesson, name);
  if (cell?.type === 'kernel' || cell?.type === 'exercise') {
    const source = sourceOf(cell, sources);
    const spec =
      cell.type === 'kernel' && cell.spec === undefined
        ? customKernel({ name: cell.id, wgsl: source, sidecar: cell.sidecar, file: `sidecar ${cell.id}` })
        : findKernel(cell.spec!);
    if (!spec) throw new KernelLabError('spec', `No kernel ${cell.spec} in the library.`);
    return { spec, source, constants: cell.constants, params: cell.params ?? presetParams(spec, size), label: cell.id };
  }
  const spec = findKernel(name);
  if (!spec) throw new KernelLabError('spec', `"${name}" is neither a kernel cell of this lesson nor a library kernel.`);
  return { spec, source: spec.source, constants: {}, params: presetParams(spec, size), label: name };
}
