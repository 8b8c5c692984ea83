/**
 * `--data <file> --column <name>`: a column of a data file as a kernel's
 * input, prepared in Node before any browser starts. The file is read and
 * decoded here with the page's own loader (src/data: the format from the
 * bytes, Parquet through parquet-wasm's FFI path, only the columns asked
 * for), each column becomes the host values of its buffer (columnToHost:
 * f32, i32 or u32 as the WGSL declares the buffer), and a size parameter
 * that alone sets that buffer's length is set to fit the column.
 *
 * Why here and not in the page's Worker: everything wrong with the input (a
 * missing or corrupt file, no such column, a type that does not fit, nulls)
 * must end the run with status 2 before anything is measured, and the
 * column's row count sets the parameters that planning checks. The page then
 * receives the kernel-ready values as bytes (runner-page.ts serves them to
 * it), not the file: nothing is decoded twice.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as parquet from 'parquet-wasm';
import { resolveConstants } from '../bench/run/prepare';
import { columnToHost } from '../data/columns';
import { DataError } from '../data/errors';
import { describeType } from '../data/types';
import { loadData } from '../data/load';
import { messageOf } from '../gpu/errors';
import { planKernel, type PlannedBuffer } from '../kernels/plan';
import { reflectWgsl } from '../kernels/reflect';
import { UsageError, type BenchArgs, type ColumnChoice } from './args';
import { planJob, type Job, type JobData } from './jobs';

/** The data file's bytes, or a UsageError naming it. */
async function readDataFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`Cannot read the data file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : messageOf(e)}.`);
  }
}

const isInput = (b: PlannedBuffer): boolean => b.spec.role === 'input' || b.spec.role === 'inout';

/** The buffer a choice names (the first input buffer when it names none), or why it cannot take a column. */
function targetBuffer(job: Job, buffers: readonly PlannedBuffer[], choice: ColumnChoice): PlannedBuffer {
  const inputs = buffers.filter(isInput);
  const names = inputs.map((b) => b.spec.name).join(', ') || 'none';
  const b = choice.buffer === undefined ? inputs[0] : buffers.find((x) => x.spec.name === choice.buffer);
  if (!b) {
    throw new UsageError(choice.buffer === undefined
      ? `--data: ${job.spec.id} has no input buffer for a column to feed.`
      : `--column: ${job.spec.id} has no buffer ${choice.buffer} (its input buffers: ${names}).`);
  }
  if (!isInput(b)) throw new UsageError(`--column: ${job.spec.id}'s buffer ${b.spec.name} is an ${b.spec.role}; a column feeds input buffers only (${names}).`);
  if (b.shape.scalar === 'mixed' || b.shape.scalar === 'f16' || b.shape.padded) {
    throw new UsageError(`--column: ${job.spec.id}'s buffer ${b.spec.name} holds ${b.shape.elementText}; a column feeds buffers of f32, i32 or u32 values without padding.`);
  }
  return b;
}

/** The parameter that alone sets a buffer's size (its length or elements is just that name), if any. */
function sizeParameter(job: Job, b: PlannedBuffer): string | undefined {
  const expr = b.spec.elements ?? b.spec.length;
  return typeof expr === 'string' && job.spec.params.some((p) => p.name === expr.trim()) ? expr.trim() : undefined;
}

const plural = (n: number, what: string): string => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/**
 * Each job with its input buffers fed from `args.data` and the size parameters set from the columns.
 * @throws UsageError (exit 2): the file cannot be read or decoded, a column is missing or cannot become its
 *   buffer's type, or the parameters cannot fit the column; each names the file, column, kernel and buffer
 */
export async function feedJobs(args: BenchArgs, jobs: readonly Job[], log: (line: string) => void): Promise<Job[]> {
  const data = args.data;
  if (!data) return [...jobs];
  if (jobs.length === 0) throw new UsageError('--data feeds kernels: select some with --kernels or --kernel-file.');
  const file = basename(data.file);
  const bytes = await readDataFile(data.file);
  let loaded;
  try {
    loaded = await loadData(bytes, file, { parquet, columns: [...new Set(data.columns.map((c) => c.column))] });
  } catch (e) {
    throw new UsageError(e instanceof DataError ? e.message : `${file}: ${messageOf(e)}`);
  }
  const { table, info } = loaded;
  log(`Data: ${file}: ${info.format}, ${plural(info.rows, 'row')}${info.notes.length > 0 ? ` (${info.notes[0]})` : ''}`);
  const fed: Job[] = [];
  for (const job of jobs) {
    const constants = resolveConstants(job.spec, reflectWgsl(job.spec.source), job.constants).values;
    const plan = planKernel(job.spec, job.params, constants);
    const inputs: JobData[] = [];
    const sizes: Record<string, number> = {};
    for (const choice of data.columns) {
      const b = targetBuffer(job, plan.buffers, choice);
      if (inputs.some((d) => d.buffer === b.spec.name)) throw new UsageError(`--column: ${job.spec.id}'s buffer ${b.spec.name} is given two columns.`);
      const kind = b.shape.scalar as JobData['kind'];
      let host;
      try {
        host = columnToHost(table, choice.column, { kind, file, ...(data.fill === undefined ? {} : { nulls: { fill: data.fill } }) });
      } catch (e) {
        const fillHint = e instanceof DataError && e.reason === 'nulls' ? ' Give --fill <value> to fill them.' : '';
        throw new UsageError(e instanceof DataError ? `${e.message} (for ${job.spec.id}'s buffer ${b.spec.name}, ${kind}).${fillHint}` : messageOf(e));
      }
      const values = host.data;
      const param = sizeParameter(job, b);
      if (param) {
        // Host values per unit of the parameter, from the plan at the preset's size (lengths are linear in it).
        const per = b.length / job.params[param]!;
        if (values.length % per !== 0) throw new UsageError(`--column: column "${choice.column}" of ${file} has ${plural(values.length, 'value')}, not a whole number of ${job.spec.id}'s ${b.spec.name} elements (${per} values each).`);
        const wanted = values.length / per;
        const given = args.params[param];
        if (given !== undefined && given !== wanted) throw new UsageError(`--params: ${param}=${given}, but column "${choice.column}" of ${file} sets ${param} to ${wanted} (its ${plural(host.shape[0], 'row')}): leave ${param} out.`);
        if (sizes[param] !== undefined && sizes[param] !== wanted) throw new UsageError(`--column: the columns ask for ${param} = ${sizes[param]} and ${wanted}; columns feeding buffers sized by one parameter must have the same length.`);
        sizes[param] = wanted;
      }
      const field = table.schema.fields.find((f) => f.name === choice.column)!;
      log(`  ${job.spec.id}: column "${choice.column}" (${describeType(field.type)}) → ${b.spec.name} as ${kind}${param ? `, ${param} = ${sizes[param]}` : ''}${host.zeroCopy ? ' (no copy)' : ''}${host.notes.length > 0 ? `; ${host.notes.join('; ')}` : ''}`);
      inputs.push({ buffer: b.spec.name, file, column: choice.column, rows: host.shape[0], kind, values, ...(host.filled > 0 && data.fill !== undefined ? { nulls: { fill: data.fill } } : {}) });
    }
    const planned = Object.keys(sizes).length > 0 ? planJob(job.spec, { size: args.size, constants: args.constants, params: { ...args.params, ...sizes } }, job.custom) : job;
    // A buffer whose size is an expression of several parameters: the given parameters must already fit the column.
    const replan = planKernel(job.spec, planned.params, constants);
    for (const d of inputs) {
      const b = replan.buffers.find((x) => x.spec.name === d.buffer)!;
      if (b.length !== d.values.length) {
        throw new UsageError(`--column: ${job.spec.id}'s ${d.buffer} holds ${plural(b.length, 'value')} with ${Object.entries(planned.params).map(([k, v]) => `${k}=${v}`).join(' ')} (${b.spec.elements !== undefined ? 'elements' : 'length'} "${b.spec.elements ?? b.spec.length}"), but column "${d.column}" of ${file} gives ${plural(d.values.length, 'value')}: ${paramsHint(job, planned.params, constants, d.buffer, d.values.length)}.`);
      }
    }
    fed.push({ ...planned, data: inputs });
  }
  return fed;
}

/**
 * Values of single parameters that would make `buffer` hold `values` elements, the others as they are (each tried by
 * planning again: the length is usually a product, so one factor scaled by values / length), as a suggestion in words.
 */
function paramsHint(job: Job, params: Readonly<Record<string, number>>, constants: Readonly<Record<string, number>>, buffer: string, values: number): string {
  const b = job.spec.buffers.find((x) => x.name === buffer);
  const expr = String(b?.elements ?? b?.length ?? '');
  const fits: string[] = [];
  for (const p of job.spec.params) {
    const now = params[p.name];
    if (now === undefined || !new RegExp(`\\b${p.name}\\b`).test(expr)) continue;
    try {
      const length = planKernel(job.spec, params, constants).buffers.find((x) => x.spec.name === buffer)?.length ?? 0;
      const wanted = (values * now) / length;
      if (!Number.isInteger(wanted) || wanted < 1) continue;
      const again = planKernel(job.spec, { ...params, [p.name]: wanted }, constants).buffers.find((x) => x.spec.name === buffer);
      if (again?.length === values) fits.push(`${p.name}=${wanted}`);
    } catch {
      // A value the kernel refuses is no suggestion.
    }
  }
  return fits.length > 0
    ? `set --params so that they match, e.g. --params ${fits[0]}${fits.length > 1 ? ` (or ${fits.slice(1).join(', or ')})` : ''}`
    : `set --params so that ${expr} = ${values.toLocaleString('en-US')}`;
}
