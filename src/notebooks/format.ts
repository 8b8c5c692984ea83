/**
 * The lesson format as data: what parse.ts makes of a `notebooks/*.md` file.
 *
 * A lesson is Markdown prose with fenced cells. A fence is a cell when its
 * info string names a cell type and an id (```` ```kernel naive spec=matmul/naive ````);
 * a fence naming only a language (```` ```wgsl ````) stays prose, for showing
 * code. The README ("Lessons") documents the format for teachers.
 */
import type { Params } from '../kernels/spec';
import type { PrecisionName } from '../teach/memory-calculator';

export const CELL_TYPES = ['kernel', 'sidecar', 'run', 'chart', 'data', 'exercise', 'solution', 'calculator'] as const;
export type CellType = (typeof CELL_TYPES)[number];

/**
 * What a chart's y axis shows (see chart.ts for where each comes from).
 * `tokens` and `quant-error` are kernel figures (RunFigure: `tokensPerS`,
 * `quantError`), drawn for the kernels that report them.
 */
export const METRICS = ['ms', 'gflops', 'gbps', 'memory', 'error', 'tokens', 'quant-error', 'bytes', 'mbps', 'throughput', 'idle'] as const;
export type Metric = (typeof METRICS)[number];

/** The data suites a run cell can run (the data lessons' tools, src/bench/suites). */
export const LESSON_SUITES = ['formats', 'pump'] as const;
export type LessonSuite = (typeof LESSON_SUITES)[number];

/** A stretch of Markdown between cells; `line` is its first line in the file (1-based). */
export interface ProseBlock {
  readonly type: 'prose';
  readonly line: number;
  readonly markdown: string;
}

interface CellBase {
  /** Unique in the lesson: `[a-z][a-z0-9-]*`. */
  readonly id: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
}

/**
 * A kernel the student can edit and run. Either a library kernel (`spec`),
 * whose WGSL the cell holds (an empty cell holds the library's own), or a
 * kernel of the lesson's own, described by a `sidecar` cell with the same id
 * (the runner's --kernel-file format; such a kernel has no reference, so its
 * outputs are only checked to be written and finite).
 */
export interface KernelCell extends CellBase {
  readonly type: 'kernel';
  readonly spec?: string;
  readonly sidecar?: unknown;
  readonly source: string;
  /** Sizes for running the cell; absent: the spec's preset for the run's size. */
  readonly params?: Params;
  readonly constants: Params;
}

/** One parameter (or several tied together: M,N,K) taking each of `values` in turn. */
export interface Sweep {
  readonly names: readonly string[];
  readonly values: readonly number[];
}

export type RunWhat =
  /** Each kernel (a kernel cell's id, or a library id) at each point of the sweep. */
  | { readonly kind: 'kernels'; readonly kernels: readonly string[]; readonly params: Params; readonly constants: Params; readonly sweep?: Sweep }
  /** A data suite at `rows` rows (the size preset's when absent). */
  | { readonly kind: 'suite'; readonly suite: LessonSuite; readonly rows?: number }
  /** Autotuning of one kernel (a kernel cell's id or a library id) at `params`. */
  | { readonly kind: 'tune'; readonly kernel: string; readonly params: Params };

export interface RunCell extends CellBase {
  readonly type: 'run';
  readonly what: RunWhat;
}

export interface ChartCell extends CellBase {
  readonly type: 'chart';
  /** The run cell whose results it draws. */
  readonly from: string;
  /** A swept parameter, `kernel`, `format` (formats), `depth` (pump) or `candidate` (tune). */
  readonly x: string;
  readonly y: Metric;
  readonly title?: string;
}

export interface DataCell extends CellBase {
  readonly type: 'data';
  /** A file of public/data (`vectors.parquet`). */
  readonly file: string;
  /** Columns to preview; all when absent. */
  readonly columns?: readonly string[];
}

/**
 * A kernel for the student to change (`source`), checked at `params` against
 * the library kernel `spec`'s float64 reference; `solution` is shown on request.
 */
export interface ExerciseCell extends CellBase {
  readonly type: 'exercise';
  readonly spec: string;
  readonly source: string;
  readonly solution: string;
  readonly params?: Params;
  readonly constants: Params;
}

/**
 * The training-memory calculator (src/teach/memory-calculator.ts), shown
 * interactive in the page, starting from the lesson's setup: `billions` of
 * parameters on `gpus` data-parallel GPUs at `precision`. Running it gives
 * the bytes per GPU of every strategy at that setup.
 */
export interface CalculatorCell extends CellBase {
  readonly type: 'calculator';
  readonly billions: number;
  readonly gpus: number;
  readonly precision: PrecisionName;
}

export type Cell = KernelCell | RunCell | ChartCell | DataCell | ExerciseCell | CalculatorCell;
export type Block = ProseBlock | Cell;

export interface Lesson {
  /** The file name without `.md`: `03-memory-wall`. */
  readonly id: string;
  readonly file: string;
  /** The first `# ` heading. */
  readonly title: string;
  readonly blocks: readonly Block[];
  readonly cells: readonly Cell[];
}

/** Cells whose code the student edits: what persists and what Share carries. */
export type EditableCell = KernelCell | ExerciseCell;
export const isEditable = (c: Cell): c is EditableCell => c.type === 'kernel' || c.type === 'exercise';
