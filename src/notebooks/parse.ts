/**
 * A lesson file (`notebooks/*.md`) read into a Lesson (format.ts), every
 * name checked: library specs and their parameters, the cells a run or a
 * chart names, what a chart can draw from its run, a sidecar's description,
 * a calculator's setup.
 * Every problem is reported at once, each naming its line.
 */
import { KernelLabError, messageOf } from '../gpu/errors';
import { customKernel } from '../kernels/custom';
import { findKernel } from '../kernels/library';
import type { KernelSpec } from '../kernels/spec';
import { memoryPerGpu, PRECISIONS, SetupError, type PrecisionName } from '../teach/memory-calculator';
import { splitFences, type LessonProblem, type RawFence } from './fences';
import { readFields, readList, readParams, readSweep } from './fields';
import { LESSON_SUITES, METRICS, type Block, type CalculatorCell, type Cell, type ChartCell, type DataCell, type ExerciseCell, type KernelCell, type Lesson, type LessonSuite, type Metric, type RunCell, type RunWhat } from './format';

/** A lesson that does not read; `problems` are every one found, in line order. */
export class LessonError extends KernelLabError {
  override name = 'LessonError';
  constructor(readonly file: string, readonly problems: readonly LessonProblem[]) {
    super('spec', problems.map((p) => `${file} line ${p.line}: ${p.message}`).join('\n'));
  }
}

/** What a chart may put on its axes, by the kind of run it draws. */
export const CHART_AXES: Readonly<Record<string, { readonly x: readonly string[]; readonly y: readonly Metric[] }>> = {
  kernels: { x: ['kernel'], y: ['ms', 'gflops', 'gbps', 'memory', 'error', 'tokens', 'quant-error'] },
  formats: { x: ['format'], y: ['ms', 'bytes', 'mbps'] },
  pump: { x: ['depth'], y: ['ms', 'throughput', 'idle'] },
  tune: { x: ['candidate'], y: ['throughput', 'ms'] },
};

export const runKind = (what: RunWhat): string => (what.kind === 'suite' ? what.suite : what.kind);

const DATA_FILE = /^[\w.-]+\.(parquet|arrow|arrows|feather|csv)$/;

/**
 * Reads a lesson. `file` names it in messages and gives its id (the name
 * without folders and `.md`).
 * @throws LessonError listing every problem with its line
 */
export function parseLesson(text: string, fileName: string): Lesson {
  const problems: LessonProblem[] = [];
  const raw = splitFences(text, problems);
  const lessonId = (fileName.split('/').pop() ?? fileName).replace(/\.md$/, '');
  const fences = raw.filter((r): r is RawFence => r.kind === 'fence');
  const seen = new Map<string, RawFence>();
  for (const f of fences) {
    if (f.type === 'sidecar' || f.type === 'solution') continue;
    const before = seen.get(f.id);
    if (before) problems.push({ line: f.line, message: `the id "${f.id}" is taken by the ${before.type} cell at line ${before.line}` });
    else seen.set(f.id, f);
  }
  const companion = (type: 'sidecar' | 'solution', id: string): RawFence | undefined => fences.find((f) => f.type === type && f.id === id);
  for (const f of fences) {
    const owner = seen.get(f.id);
    if (f.type === 'sidecar' && (owner?.type !== 'kernel' || owner.attrs.spec !== undefined)) problems.push({ line: f.line, message: `the sidecar ${f.id} belongs to no kernel cell without spec= (write \`\`\`kernel ${f.id} before it)` });
    if (f.type === 'solution' && owner?.type !== 'exercise') problems.push({ line: f.line, message: `the solution ${f.id} answers no exercise cell of that id` });
  }

  /** Each kernel cell's spec, for checking the runs that name it. */
  const specs = new Map<string, KernelSpec>();
  /** Kernel and exercise cells that have a problem of their own, by id: their line. */
  const broken = new Map<string, number>();
  const cells: Cell[] = [];
  const blocks: Block[] = [];
  const attrsOnly = (f: RawFence, known: readonly string[]): void => {
    for (const k of Object.keys(f.attrs)) if (!known.includes(k)) problems.push({ line: f.line, message: `the ${f.type} cell ${f.id}: unknown setting ${k}= (settings: ${known.join(', ') || 'none'})` });
  };
  const checkNames = (spec: KernelSpec, names: readonly string[], line: number, where: string, kind: 'parameter' | 'constant' = 'parameter'): void => {
    const have = kind === 'parameter' ? spec.params.map((p) => p.name) : spec.constants.map((c) => c.name);
    for (const n of names) if (!have.includes(n)) problems.push({ line, message: `${where}: ${spec.id} has no ${kind} ${n} (it has ${have.join(', ') || 'none'})` });
  };
  const library = (f: RawFence): KernelSpec | undefined => {
    const name = f.attrs.spec;
    if (name === undefined) {
      problems.push({ line: f.line, message: `the ${f.type} cell ${f.id} names no library kernel (spec=matmul/naive, say)` });
      return undefined;
    }
    const spec = findKernel(name);
    if (!spec) problems.push({ line: f.line, message: `the ${f.type} cell ${f.id}: no kernel "${name}" in the library` });
    return spec;
  };
  const sizes = (f: RawFence, spec: KernelSpec | undefined) => {
    const params = f.attrs.params === undefined ? undefined : readParams(f.attrs.params, f.line, `${f.id} params`, problems);
    const constants = readParams(f.attrs.constants ?? '', f.line, `${f.id} constants`, problems);
    if (spec && params) checkNames(spec, Object.keys(params), f.line, `${f.id} params`);
    if (spec) checkNames(spec, Object.keys(constants), f.line, `${f.id} constants`, 'constant');
    return { ...(params ? { params } : {}), constants };
  };

  const kernelCell = (f: RawFence): KernelCell | undefined => {
    attrsOnly(f, ['spec', 'params', 'constants']);
    if (f.attrs.spec !== undefined) {
      const spec = library(f);
      if (!spec) return undefined;
      specs.set(f.id, spec);
      return { type: 'kernel', id: f.id, line: f.line, spec: spec.id, source: f.body.trim() === '' ? spec.source : `${f.body}\n`, ...sizes(f, spec) };
    }
    const side = companion('sidecar', f.id);
    if (!side) {
      problems.push({ line: f.line, message: `the kernel cell ${f.id} names no library kernel (spec=…) and has no sidecar cell (\`\`\`sidecar ${f.id}) describing it` });
      return undefined;
    }
    if (f.body.trim() === '') problems.push({ line: f.line, message: `the kernel cell ${f.id} is empty: a kernel of the lesson's own needs its WGSL` });
    let sidecar: unknown;
    try {
      sidecar = JSON.parse(side.body);
    } catch (e) {
      problems.push({ line: side.line, message: `the sidecar ${f.id} is not JSON: ${messageOf(e)}` });
      return undefined;
    }
    try {
      const spec = customKernel({ name: f.id, wgsl: f.body, sidecar, file: `sidecar ${f.id}` });
      specs.set(f.id, spec);
      return { type: 'kernel', id: f.id, line: f.line, sidecar, source: `${f.body}\n`, ...sizes(f, spec) };
    } catch (e) {
      problems.push({ line: side.line, message: messageOf(e) });
      return undefined;
    }
  };

  const exerciseCell = (f: RawFence): ExerciseCell | undefined => {
    attrsOnly(f, ['spec', 'params', 'constants']);
    const spec = library(f);
    const solution = companion('solution', f.id);
    if (!solution) problems.push({ line: f.line, message: `the exercise ${f.id} has no solution cell (\`\`\`solution ${f.id} with the reference kernel)` });
    else if (solution.body.trim() === '') problems.push({ line: solution.line, message: `the solution ${f.id} is empty` });
    if (f.body.trim() === '') problems.push({ line: f.line, message: `the exercise ${f.id} is empty: it holds the kernel the student starts from` });
    if (!spec || !solution) return undefined;
    specs.set(f.id, spec);
    return { type: 'exercise', id: f.id, line: f.line, spec: spec.id, source: `${f.body}\n`, solution: `${solution.body}\n`, ...sizes(f, spec) };
  };

  /** A kernel a run names: a kernel or exercise cell of this lesson (defined above it), or a library id. */
  const kernelNamed = (name: string, line: number, where: string): KernelSpec | undefined => {
    const cellSpec = specs.get(name);
    if (!cellSpec && broken.has(name)) {
      // Not a second fault: the cell it names is reported at its own line.
      problems.push({ line, message: `${where}: "${name}" names the kernel cell at line ${broken.get(name)!}, which has a problem (above)` });
      return undefined;
    }
    const spec = cellSpec ?? findKernel(name);
    if (!spec) problems.push({ line, message: `${where}: "${name}" is neither a kernel cell above nor a library kernel` });
    return spec;
  };

  const runCell = (f: RawFence): RunCell | undefined => {
    attrsOnly(f, []);
    const where = `the run cell ${f.id}`;
    const fields = readFields(f.body, f.bodyLine, ['kernels', 'params', 'constants', 'sweep', 'suite', 'rows', 'tune'], where, problems);
    const get = (k: string) => fields.get(k);
    const chosen = ['kernels', 'suite', 'tune'].filter((k) => fields.has(k));
    if (chosen.length !== 1) {
      problems.push({ line: f.line, message: `${where} must say exactly one of kernels:, suite: or tune: (${chosen.length === 0 ? 'it says none' : `it says ${chosen.join(' and ')}`})` });
      return undefined;
    }
    const extra = (allowed: readonly string[]): void => {
      for (const [k, v] of fields) if (!allowed.includes(k)) problems.push({ line: v.line, message: `${where}: ${k}: does not go with ${chosen[0]}:` });
    };
    const params = get('params') ? readParams(get('params')!.value, get('params')!.line, `${where} params`, problems) : {};
    let what: RunWhat;
    if (chosen[0] === 'suite') {
      extra(['suite', 'rows']);
      const suite = get('suite')!;
      if (!(LESSON_SUITES as readonly string[]).includes(suite.value)) {
        problems.push({ line: suite.line, message: `${where}: no suite "${suite.value}" (suites: ${LESSON_SUITES.join(', ')})` });
        return undefined;
      }
      const rows = get('rows') ? readParams(`rows=${get('rows')!.value}`, get('rows')!.line, where, problems).rows : undefined;
      if (rows !== undefined && (!Number.isInteger(rows) || rows < 1)) problems.push({ line: get('rows')!.line, message: `${where}: rows must be a whole number of at least 1` });
      what = { kind: 'suite', suite: suite.value as LessonSuite, ...(rows === undefined ? {} : { rows }) };
    } else if (chosen[0] === 'tune') {
      extra(['tune', 'params']);
      const t = get('tune')!;
      const spec = kernelNamed(t.value, t.line, where);
      if (spec) {
        checkNames(spec, Object.keys(params), get('params')?.line ?? t.line, `${where} params`);
        if (spec.constants.length === 0) problems.push({ line: t.line, message: `${where}: ${t.value} has no constants to tune` });
      }
      what = { kind: 'tune', kernel: t.value, params };
    } else {
      extra(['kernels', 'params', 'constants', 'sweep']);
      const k = get('kernels')!;
      const kernels = readList(k.value);
      if (kernels.length === 0) problems.push({ line: k.line, message: `${where}: kernels: names none` });
      const constants = get('constants') ? readParams(get('constants')!.value, get('constants')!.line, `${where} constants`, problems) : {};
      const sweep = get('sweep') ? readSweep(get('sweep')!.value, get('sweep')!.line, problems) : undefined;
      for (const name of kernels) {
        const spec = kernelNamed(name, k.line, where);
        if (!spec) continue;
        checkNames(spec, Object.keys(params), get('params')?.line ?? k.line, `${where} params`);
        if (sweep) checkNames(spec, sweep.names, get('sweep')!.line, `${where} sweep`);
      }
      what = { kind: 'kernels', kernels, params, constants, ...(sweep ? { sweep } : {}) };
    }
    return { type: 'run', id: f.id, line: f.line, what };
  };

  const runs = new Map<string, RunCell>();
  const chartCell = (f: RawFence): ChartCell | undefined => {
    attrsOnly(f, []);
    const where = `the chart cell ${f.id}`;
    const fields = readFields(f.body, f.bodyLine, ['from', 'x', 'y', 'title'], where, problems);
    const from = fields.get('from');
    if (!from) {
      problems.push({ line: f.line, message: `${where} says no from: (the run cell whose results it draws)` });
      return undefined;
    }
    const run = runs.get(from.value);
    if (!run) {
      problems.push({ line: from.line, message: `${where}: from: "${from.value}" is not a run cell above it` });
      return undefined;
    }
    const kind = runKind(run.what);
    const axes = CHART_AXES[kind]!;
    const xs = [...axes.x, ...(run.what.kind === 'kernels' && run.what.sweep ? run.what.sweep.names : [])];
    const x = fields.get('x')?.value ?? xs.at(-1)!;
    const y = fields.get('y')?.value ?? axes.y[0]!;
    if (!xs.includes(x)) problems.push({ line: fields.get('x')?.line ?? f.line, message: `${where}: x: ${x} is not something ${from.value} varies (x can be ${xs.join(', ')})` });
    if (!(METRICS as readonly string[]).includes(y) || !axes.y.includes(y as Metric)) problems.push({ line: fields.get('y')?.line ?? f.line, message: `${where}: y: ${y} cannot be drawn from a ${kind} run (y can be ${axes.y.join(', ')})` });
    const title = fields.get('title')?.value;
    return { type: 'chart', id: f.id, line: f.line, from: from.value, x, y: y as Metric, ...(title ? { title } : {}) };
  };

  const dataCell = (f: RawFence): DataCell | undefined => {
    attrsOnly(f, []);
    const where = `the data cell ${f.id}`;
    const fields = readFields(f.body, f.bodyLine, ['file', 'columns'], where, problems);
    const file = fields.get('file');
    if (!file) {
      problems.push({ line: f.line, message: `${where} says no file: (a sample of public/data, such as vectors.parquet)` });
      return undefined;
    }
    if (!DATA_FILE.test(file.value)) {
      problems.push({ line: file.line, message: `${where}: file: "${file.value}" is not a file name of public/data (a Parquet, Arrow or CSV file, no folders)` });
      return undefined;
    }
    const columns = fields.get('columns') ? readList(fields.get('columns')!.value) : undefined;
    return { type: 'data', id: f.id, line: f.line, file: file.value, ...(columns ? { columns } : {}) };
  };

  /** The calculator's defaults: the ZeRO paper's example (7.5 B parameters, 64 GPUs, mixed precision). */
  const calculatorCell = (f: RawFence): CalculatorCell | undefined => {
    attrsOnly(f, []);
    const where = `the calculator cell ${f.id}`;
    const fields = readFields(f.body, f.bodyLine, ['parameters', 'gpus', 'precision'], where, problems);
    const value = (key: string, fallback: number): number | undefined => {
      const field = fields.get(key);
      return field ? readParams(`${key}=${field.value}`, field.line, where, problems)[key] : fallback;
    };
    const billions = value('parameters', 7.5);
    const gpus = value('gpus', 64);
    const precision = fields.get('precision')?.value ?? 'mixed';
    if (!(precision in PRECISIONS)) {
      problems.push({ line: fields.get('precision')!.line, message: `${where}: precision: "${precision}" is not one the calculator knows (${Object.keys(PRECISIONS).join(', ')})` });
      return undefined;
    }
    if (billions === undefined || gpus === undefined) return undefined;
    try {
      memoryPerGpu({ parameters: billions * 1e9, gpus, precision: precision as PrecisionName });
    } catch (e) {
      if (!(e instanceof SetupError)) throw e;
      const key = e.field === 'gpus' ? 'gpus' : 'parameters';
      const message = key === 'parameters' ? `the parameters, in billions, must be a number above 0 (got ${billions})` : e.message;
      problems.push({ line: fields.get(key)?.line ?? f.line, message: `${where}: ${key}: ${message}` });
      return undefined;
    }
    return { type: 'calculator', id: f.id, line: f.line, billions, gpus, precision: precision as PrecisionName };
  };

  let title: string | undefined;
  for (const r of raw) {
    if (r.kind === 'prose') {
      title ??= /^# +(.+?)\s*#*\s*$/m.exec(r.text)?.[1];
      blocks.push({ type: 'prose', line: r.line, markdown: r.text });
      continue;
    }
    if (r.type === 'sidecar' || r.type === 'solution') continue;
    if (seen.get(r.id) !== r) continue;
    const cell =
      r.type === 'kernel' ? kernelCell(r)
      : r.type === 'exercise' ? exerciseCell(r)
      : r.type === 'run' ? runCell(r)
      : r.type === 'chart' ? chartCell(r)
      : r.type === 'calculator' ? calculatorCell(r)
      : dataCell(r);
    if (!cell) {
      if (r.type === 'kernel' || r.type === 'exercise') broken.set(r.id, r.line);
      continue;
    }
    if (cell.type === 'run') runs.set(cell.id, cell);
    cells.push(cell);
    blocks.push(cell);
  }
  if (title === undefined) problems.push({ line: 1, message: 'the lesson has no title (a first-level heading: # The memory wall)' });
  if (problems.length > 0) throw new LessonError(fileName, [...problems].sort((a, b) => a.line - b.line));
  return { id: lessonId, file: fileName, title: title!, blocks, cells };
}
