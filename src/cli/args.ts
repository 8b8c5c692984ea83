/** Command-line arguments of `npm run bench`, parsed and checked. Pure. */
import { parseArgs as parseOptions, type ParseArgsConfig } from 'node:util';
import { SWEEPS, type SweepKind } from '../bench/suites/sweeps';
import { evaluate } from '../kernels/expr';
import { DEFAULT_KV_MIB } from '../kv/step-time';
import { reflectWgsl } from '../kernels/reflect';
import { defaultParams, SIZE_PRESETS, type KernelSpec, type SizePreset } from '../kernels/spec';
import { parseFill } from '../data/fill';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--suite`: the data suites (issue 12's lessons), run in the page like everything else. */
export const DATA_SUITES = ['formats', 'pump'] as const;
export type DataSuite = (typeof DATA_SUITES)[number];

/**
 * What a results file name may hold, each replaced by this run's (backend.ts, resultsPath): the host name, the
 * adapter, the backend, and the run's start as a UTC date (`2026-12-01`) and time (`142530`, hours minutes seconds).
 */
export const FILE_PLACEHOLDERS = ['host', 'adapter', 'backend', 'date', 'time'] as const;
export type FilePlaceholder = (typeof FILE_PLACEHOLDERS)[number];

/** `--backend`: Chromium showing the built app (the default), or Dawn in Node (the `webgpu` package), no browser. */
export const BACKENDS = ['browser', 'dawn'] as const;
export type Backend = (typeof BACKENDS)[number];

/** A column of --data for an input buffer: the kernel's first input when `buffer` is absent. */
export interface ColumnChoice {
  readonly buffer?: string;
  readonly column: string;
}

export interface BenchArgs {
  readonly backend: Backend;
  readonly kernels: readonly string[] | undefined;
  readonly params: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
  readonly size: SizePreset;
  readonly kernelFiles: readonly string[];
  readonly json?: string;
  readonly csv?: string;
  readonly parquet?: string;
  readonly arrow?: string;
  readonly compare?: string;
  /** Seconds a kernel run may take before the browser or the Dawn process is killed and started again. */
  readonly timeout: number;
  readonly calibrate: boolean;
  readonly peers: boolean;
  readonly sweeps: readonly SweepKind[];
  /** A data file whose columns feed the kernels' inputs (--data, --column). */
  readonly data?: { readonly file: string; readonly columns: readonly ColumnChoice[]; readonly fill?: number };
  readonly suites: readonly DataSuite[];
  /** Rows of the data suites' tables, instead of the size preset's. */
  readonly rows?: number;
  /**
   * --simulate kv: the serving simulation on a trace (--trace, default the sample), a KV budget (--kv-mib), a block size
   * (--block-size) and the trace's first `requests` requests (--requests, the page's "Requests"; all when absent).
   */
  readonly simulate?: { readonly trace: string; readonly kvMib: number; readonly blockSize: number; readonly requests?: number };
  /** Lesson files (--notebook) to run cell by cell. */
  readonly notebooks: readonly string[];
  readonly help: boolean;
}

/** --simulate's defaults: the sample trace, 8 MiB of K and V (16,384 tokens of the simulated model), vLLM's 16-token blocks. */
export const SIMULATE_DEFAULTS = { trace: 'public/data/sharegpt-trace.csv', kvMib: DEFAULT_KV_MIB, blockSize: 16 } as const;

/**
 * The options as node:util's parseArgs reads them (`--name value`, `--name=value`,
 * `-h`). Its tokens are checked here rather than by its strict mode, so that
 * every mistake is told in the runner's words, naming the option.
 */
const OPTIONS = {
  backend: { type: 'string' },
  kernels: { type: 'string' },
  params: { type: 'string' },
  constants: { type: 'string' },
  size: { type: 'string' },
  'kernel-file': { type: 'string' },
  json: { type: 'string' },
  csv: { type: 'string' },
  parquet: { type: 'string' },
  arrow: { type: 'string' },
  compare: { type: 'string' },
  sweep: { type: 'string' },
  data: { type: 'string' },
  column: { type: 'string' },
  fill: { type: 'string' },
  suite: { type: 'string' },
  rows: { type: 'string' },
  simulate: { type: 'string' },
  trace: { type: 'string' },
  'kv-mib': { type: 'string' },
  'block-size': { type: 'string' },
  requests: { type: 'string' },
  timeout: { type: 'string' },
  notebook: { type: 'string' },
  calibrate: { type: 'boolean' },
  peers: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type OptionName = keyof typeof OPTIONS;
/** Every option's name, without its dashes (usage.ts's texts are tested against it). */
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];
/** The options that only the browser backend runs (--peers, --suite, --simulate), with those that only they use. */
export const BROWSER_ONLY_OPTIONS: readonly OptionName[] = ['peers', 'suite', 'rows', 'simulate', 'trace', 'kv-mib', 'block-size', 'requests', 'notebook'];
type ValueOption = { [K in OptionName]: (typeof OPTIONS)[K]['type'] extends 'string' ? K : never }[OptionName];
type FlagOption = Exclude<OptionName, ValueOption>;
/** The options that may be given more than once; each other value option once at most. */
const REPEATABLE: ReadonlySet<ValueOption> = new Set(['kernel-file', 'notebook']);

export const DEFAULT_TIMEOUT_S = 600;

const isOption = (name: string): name is OptionName => Object.hasOwn(OPTIONS, name);
const isValueOption = (name: OptionName): name is ValueOption => OPTIONS[name].type === 'string';

/** Every value given to each option, in order, and the flags set; or the first mistake, as a UsageError. */
function readOptions(argv: readonly string[]): { values: Map<ValueOption, string[]>; flags: Set<FlagOption> } {
  const { tokens } = parseOptions({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<ValueOption, string[]>();
  const flags = new Set<FlagOption>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new UsageError(`Unexpected argument ${token.value}: the runner takes options only. Try --help.`);
    const { name, rawName, value } = token;
    if (!isOption(name)) throw new UsageError(`Unknown option ${rawName}. Try --help.`);
    const option = `--${name}`;
    if (!isValueOption(name)) {
      if (value !== undefined) throw new UsageError(`${option} takes no value.`);
      flags.add(name);
      continue;
    }
    if (value === undefined || value === '') throw new UsageError(`${option} needs a value.`);
    // As parseArgs's strict mode has it: a value that looks like an option must be attached with =.
    if (!token.inlineValue && value.startsWith('-')) throw new UsageError(`${option} needs a value, not ${value} (for a value that starts with -, write ${option}=${value}).`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values, flags };
}

function parseAssignments(option: string, text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`${option}: "${part}" is not name=value.`);
    let v: number;
    try {
      v = evaluate(m[2]!, {});
    } catch {
      throw new UsageError(`${option}: the value of ${m[1]} ("${m[2]}") is not a number.`);
    }
    out[m[1]!] = v;
  }
  return out;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const { values, flags } = readOptions(argv);
  const one = (name: ValueOption): string | undefined => {
    const v = values.get(name);
    if (v && v.length > 1 && !REPEATABLE.has(name)) throw new UsageError(`--${name} was given ${v.length} times.`);
    return v?.[0];
  };
  const backend = one('backend') ?? 'browser';
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be browser or dawn, not "${backend}".`);
  const size = one('size') ?? 'medium';
  if (!(SIZE_PRESETS as readonly string[]).includes(size)) throw new UsageError(`--size must be small, medium or large, not "${size}".`);
  const kernels = one('kernels');
  const sweeps = (one('sweep') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  for (const s of sweeps) if (!SWEEPS.includes(s as SweepKind)) throw new UsageError(`--sweep: "${s}" is not one of ${SWEEPS.join(', ')}.`);
  const timeoutText = one('timeout');
  const timeout = timeoutText === undefined ? DEFAULT_TIMEOUT_S : Number(timeoutText);
  if (!(timeout > 0 && Number.isFinite(timeout))) throw new UsageError(`--timeout must be a number of seconds above 0, not "${timeoutText}".`);
  const suites = (one('suite') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  for (const s of suites) if (!DATA_SUITES.includes(s as DataSuite)) throw new UsageError(`--suite: "${s}" is not one of ${DATA_SUITES.join(', ')}.`);
  const rowsText = one('rows');
  const rows = rowsText === undefined ? undefined : parseRows(rowsText);
  if (rows !== undefined && suites.length === 0) throw new UsageError('--rows sets the rows of the data suites\' tables: give --suite too.');
  const data = dataArgs(one('data'), one('column'), one('fill'));
  const simulate = simulateArgs(one('simulate'), one('trace'), one('kv-mib'), one('block-size'), one('requests'));
  if (backend === 'dawn') refuseBrowserOnly(flags.has('peers'), suites, simulate, values.get('notebook') ?? []);
  const file = (name: 'json' | 'csv' | 'parquet' | 'arrow' | 'compare') => {
    const path = one(name);
    if (path !== undefined && name !== 'compare') checkPlaceholders(`--${name}`, path);
    return path === undefined ? {} : { [name]: path };
  };
  return {
    backend: backend as Backend,
    kernels: kernels === undefined ? undefined : kernels.split(',').map((k) => k.trim()).filter(Boolean),
    params: parseAssignments('--params', one('params') ?? ''),
    constants: parseAssignments('--constants', one('constants') ?? ''),
    size: size as SizePreset,
    kernelFiles: values.get('kernel-file') ?? [],
    ...file('json'),
    ...file('csv'),
    ...file('parquet'),
    ...file('arrow'),
    ...file('compare'),
    timeout,
    calibrate: flags.has('calibrate'),
    peers: flags.has('peers'),
    sweeps: sweeps as SweepKind[],
    ...(data ? { data } : {}),
    suites: suites as DataSuite[],
    ...(rows === undefined ? {} : { rows }),
    ...(simulate ? { simulate } : {}),
    notebooks: values.get('notebook') ?? [],
    help: flags.has('help'),
  };
}

/** A results file name's `{…}` must each be one of FILE_PLACEHOLDERS: anything else would be kept as written. */
function checkPlaceholders(option: string, path: string): void {
  for (const [, name] of path.matchAll(/\{([^{}]*)\}/g)) {
    if (!(FILE_PLACEHOLDERS as readonly string[]).includes(name!)) {
      throw new UsageError(`${option} ${path}: {${name}} is not a placeholder; a file name may hold ${FILE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`);
    }
  }
}

/** Why each data suite runs in the page only. */
const SUITE_NEEDS: Record<DataSuite, string> = {
  formats: 'measures how the page reads CSV, Arrow IPC and Parquet files from a Blob and decodes them (the browser build of parquet-wasm)',
  pump: 'measures the page\'s pipeline of Parquet batches decoded (the browser build of parquet-wasm), uploaded and computed on, so its rows/s and GPU idle are the page\'s',
};

/** What only the page can do: TF.js (a browser library on the page's device), the data suites (the browser's Blob reads and Worker decoding) the serving simulation and lessons (run by the page's harness). */
function refuseBrowserOnly(peers: boolean, suites: readonly string[], simulate: BenchArgs['simulate'], notebooks: readonly string[]): void {
  if (peers) throw new UsageError('--peers measures TensorFlow.js\'s WebGPU backend in the page: it needs the browser (--backend browser), not --backend dawn.');
  if (suites.length > 0) {
    const why = suites.map((s) => `--suite ${s} ${SUITE_NEEDS[s as DataSuite]}`).join('; ');
    throw new UsageError(`${why}: ${suites.length > 1 ? 'they need' : 'it needs'} the browser (--backend browser), not --backend dawn.`);
  }
  if (simulate) throw new UsageError('--simulate kv measures its step times in the page: it needs the browser (--backend browser), not --backend dawn.');
  if (notebooks.length > 0) throw new UsageError('--notebook runs a lesson in the page (its prose, charts and cells): it needs the browser (--backend browser), not --backend dawn.');
}

function simulateArgs(kind: string | undefined, trace: string | undefined, mibText: string | undefined, blockText: string | undefined, requestsText: string | undefined): BenchArgs['simulate'] {
  if (kind === undefined) {
    const given = [trace === undefined ? '' : '--trace', mibText === undefined ? '' : '--kv-mib', blockText === undefined ? '' : '--block-size', requestsText === undefined ? '' : '--requests'].filter(Boolean);
    if (given.length > 0) throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'sets' : 'set'} the serving simulation: give --simulate kv too.`);
    return undefined;
  }
  if (kind !== 'kv') throw new UsageError(`--simulate: "${kind}" is not a simulation; there is one, kv (the paged KV cache against reserved memory).`);
  const kvMib = mibText === undefined ? SIMULATE_DEFAULTS.kvMib : Number(mibText);
  if (!(Number.isFinite(kvMib) && kvMib > 0) || mibText?.trim() === '') throw new UsageError(`--kv-mib must be a number of MiB above 0, not "${mibText}".`);
  const blockSize = blockText === undefined ? SIMULATE_DEFAULTS.blockSize : Number(blockText);
  if (![8, 16, 32].includes(blockSize)) throw new UsageError(`--block-size must be 8, 16 or 32 tokens, not "${blockText}".`);
  const requests = requestsText === undefined ? undefined : Number(requestsText);
  if (requests !== undefined && (!(Number.isInteger(requests) && requests >= 1) || requestsText?.trim() === '')) throw new UsageError(`--requests must be a whole number of requests ≥ 1 (the trace's first ones), not "${requestsText}".`);
  return { trace: trace ?? SIMULATE_DEFAULTS.trace, kvMib, blockSize, ...(requests === undefined ? {} : { requests }) };
}

function parseRows(text: string): number {
  let v: number;
  try {
    v = evaluate(text, {});
  } catch {
    throw new UsageError(`--rows must be a whole number of rows, not "${text}".`);
  }
  if (!Number.isInteger(v) || v < 1 || v > 2 ** 27) throw new UsageError(`--rows must be a whole number from 1 to ${2 ** 27}, not "${text}".`);
  return v;
}

/**
 * --column's text: `name` (the first input buffer) or `buf=name,…`. A column whose name holds "=" or "," can
 * be given alone, as `name`, only.
 */
export function parseColumns(text: string): ColumnChoice[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 1 && !/^[A-Za-z_]\w*\s*=/.test(parts[0]!)) return [{ column: text.trim() }];
  const seen = new Set<string>();
  return parts.map((part) => {
    const m = /^([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`--column: "${part}" is not buffer=column (give one column alone, or buffer=column for each buffer).`);
    if (seen.has(m[1]!)) throw new UsageError(`--column: buffer ${m[1]} is given twice.`);
    seen.add(m[1]!);
    return { buffer: m[1]!, column: m[2]!.trim() };
  });
}

function dataArgs(file: string | undefined, column: string | undefined, fillText: string | undefined): BenchArgs['data'] {
  if (file === undefined && column === undefined) {
    if (fillText !== undefined) throw new UsageError('--fill sets what a --data column\'s nulls become: give --data and --column too.');
    return undefined;
  }
  if (file === undefined) throw new UsageError('--column names a column of the --data file: give --data too.');
  if (column === undefined) throw new UsageError(`--data ${file}: name the column to feed with --column (or buf=name,... for several buffers).`);
  // The buffer's element type is known only once the kernel is planned: columnToHost checks i32 / u32 then.
  const parsed = fillText === undefined ? undefined : parseFill(fillText);
  if (parsed && 'problem' in parsed) throw new UsageError(`--fill: ${parsed.problem}`);
  const fill = parsed?.value;
  return { file, columns: parseColumns(column), ...(fill === undefined ? {} : { fill }) };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[^/]*')}$`);
}

/** The kernels the patterns select, in library order; every pattern must match something. */
export function selectKernels(patterns: readonly string[], library: readonly KernelSpec[]): KernelSpec[] {
  const chosen = new Set<KernelSpec>();
  for (const p of patterns) {
    const re = globToRegExp(p.includes('/') ? p : `${p}/*`);
    const hits = library.filter((k) => re.test(k.id));
    if (hits.length === 0) throw new UsageError(`--kernels: nothing matches "${p}" (the library has ${library.map((k) => k.id).join(', ')}).`);
    for (const h of hits) chosen.add(h);
  }
  return library.filter((k) => chosen.has(k));
}

/** Preset for the size, then the overrides this kernel has a parameter for. */
export function paramsFor(spec: KernelSpec, size: SizePreset, overrides: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...defaultParams(spec), ...spec.presets?.[size] };
  for (const p of spec.params) if (overrides[p.name] !== undefined) out[p.name] = overrides[p.name]!;
  return out;
}

/** The names of the constants a kernel takes: its spec's, and any other override its WGSL declares. */
export function constantNames(spec: KernelSpec): Set<string> {
  return new Set([...spec.constants.map((c) => c.name), ...reflectWgsl(spec.source).overrides.map((o) => o.name)]);
}

/** The given constants this kernel takes; a value outside a listed `allowed` set is refused by name. */
export function constantsFor(spec: KernelSpec, given: Readonly<Record<string, number>>): Record<string, number> {
  const names = constantNames(spec);
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!names.has(name)) continue;
    const allowed = spec.constants.find((c) => c.name === name)?.allowed;
    if (allowed && !allowed.includes(value)) throw new UsageError(`--constants: ${spec.id} takes ${name} = ${allowed.join(', ')}, not ${value}.`);
    out[name] = value;
  }
  return out;
}

/** Constants that no selected kernel declares. */
export function unusedConstants(given: Readonly<Record<string, number>>, kernels: readonly KernelSpec[]): string[] {
  const names = kernels.map(constantNames);
  return Object.keys(given).filter((name) => !names.some((n) => n.has(name)));
}

/** Overrides that no selected kernel has a parameter for: a typo, most likely. */
export function unusedParams(overrides: Readonly<Record<string, number>>, kernels: readonly KernelSpec[]): string[] {
  return Object.keys(overrides).filter((name) => !kernels.some((k) => k.params.some((p) => p.name === name)));
}
