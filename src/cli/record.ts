/**
 * `npm run bench:record`: the README's performance record for this machine,
 * in one command. It builds the single folder (build-bench.ts), then runs,
 * with that folder's runner on the Dawn backend, everything the performance
 * section reports: the calibration and the memory-wall sweeps, the matmul
 * variants and ladder, the attention sweep and decode, paged against
 * contiguous KV decode. The steps' results
 * become one file, kernel-lab-record-<host>-<adapter>.json (and .parquet),
 * with the README's table for this device beside it (.md).
 *
 * Bounded: the whole record stops after --minutes (default 10); each step
 * has its share of that (time a step leaves goes to the next), is killed
 * when it runs over, and the record keeps what the finished steps measured.
 *
 *   npm run bench:record -- [--size small|medium|large] [--out <dir>] [--minutes <n>]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as parquet from 'parquet-wasm';
import { resultsColumns } from '../bench/results/columns';
import { parseResultsFile } from '../bench/results/parse';
import { RESULTS_SCHEMA, type ResultsFile } from '../bench/results/schema';
import { columnsToTable, tableToParquet } from '../data/table';
import { resultsPath } from './backend';
import { nothingRecorded, recordSummary, recordSummaryText, stepNotes } from './record-summary';
import { err } from './status';

const SIZES = ['small', 'medium', 'large'] as const;
type Size = (typeof SIZES)[number];

/** The 1024³ runs of the README's matmul table, scaled down for the smaller presets (a CPU adapter). */
const MATMUL_SHAPE: Record<Size, number> = { small: 256, medium: 1024, large: 2048 };

interface Step {
  readonly name: string;
  /** Share of the whole time, in tenths. */
  readonly share: number;
  readonly args: (size: Size) => string[];
}

const STEPS: readonly Step[] = [
  { name: 'calibration and the memory-wall sweeps', share: 3, args: () => ['--calibrate', '--sweep', 'working-set,intensity,stride'] },
  { name: 'matmul variants', share: 2, args: (size) => ['--kernels', 'matmul/*', '--params', `M=${MATMUL_SHAPE[size]},N=${MATMUL_SHAPE[size]},K=${MATMUL_SHAPE[size]}`] },
  { name: 'attention sweep and decode', share: 3, args: () => ['--sweep', 'attention', '--kernels', 'attention/decode'] },
  { name: 'paged and contiguous KV decode', share: 1, args: () => ['--kernels', 'kv/paged-decode,kv/contiguous-decode'] },
  { name: 'matmul ladder', share: 2, args: () => ['--sweep', 'matmul-ladder'] },
];

function options(): { size: Size; out: string; minutes: number } {
  const { values } = parseArgs({ options: { size: { type: 'string' }, out: { type: 'string' }, minutes: { type: 'string' } }, strict: true });
  const size = values.size ?? 'medium';
  if (!(SIZES as readonly string[]).includes(size)) throw new Error(`--size must be small, medium or large, not "${size}".`);
  const minutes = Number(values.minutes ?? 10);
  if (!(minutes > 0 && minutes <= 60)) throw new Error(`--minutes must be above 0 and at most 60, not "${values.minutes}".`);
  return { size: size as Size, out: resolve(values.out ?? 'bench-results'), minutes };
}

/** Runs one step of the folder's runner; resolves with its exit status, or 'killed' when its time ran out. */
function runStep(script: string, args: readonly string[], ms: number): Promise<number | 'killed'> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done(killed ? 'killed' : (code ?? 1));
    });
  });
}

/** The steps' files as one: the first step's device and environment, the calibration's ceilings, every result. */
function merge(files: readonly ResultsFile[]): ResultsFile {
  const first = files[0]!;
  const ceilings = files.find((f) => f.ceilings)?.ceilings;
  return {
    schema: RESULTS_SCHEMA,
    generatedBy: 'kernel-lab record',
    generatedAt: new Date().toISOString(),
    device: first.device,
    ...(first.environment ? { environment: first.environment } : {}),
    ...(ceilings ? { ceilings } : {}),
    results: files.flatMap((f) => f.results),
  };
}

async function main(): Promise<number> {
  const { size, out, minutes } = options();
  const started = Date.now();
  const deadline = started + minutes * 60_000;
  err('Building the single-folder runner (npm run build:bench)…');
  const build = spawnSync('npm', ['run', '--silent', 'build:bench'], { stdio: 'inherit' });
  if (build.status !== 0) return 1;
  const script = resolve('dist-bench', 'kernel-lab-bench.mjs');
  mkdirSync(out, { recursive: true });
  const parts = join(out, `.record-${process.pid}`);
  mkdirSync(parts, { recursive: true });

  const files: ResultsFile[] = [];
  const problems: string[] = [];
  let timedOut = false;
  let shareLeft = STEPS.reduce((s, x) => s + x.share, 0);
  for (const [i, step] of STEPS.entries()) {
    const left = deadline - Date.now();
    // The time left, split by the shares of the steps still to run: a quick step leaves its time to the next.
    const ms = Math.floor((left * step.share) / shareLeft);
    shareLeft -= step.share;
    if (ms < 5_000) {
      problems.push(`${step.name}: not run, the ${minutes} minutes were spent`);
      timedOut = true;
      continue;
    }
    const json = join(parts, `step-${i + 1}.json`);
    const args = [...step.args(size), '--size', size, '--timeout', String(Math.max(5, Math.floor(ms / 1000))), '--json', json];
    err(`\n== ${i + 1}/${STEPS.length} ${step.name} (up to ${(ms / 60_000).toFixed(1)} min): node dist-bench/kernel-lab-bench.mjs ${args.join(' ')}`);
    const status = await runStep(script, args, ms);
    if (status === 'killed') {
      problems.push(`${step.name}: stopped after ${(ms / 60_000).toFixed(1)} min, its share of the time; its results are not in the record`);
      timedOut = true;
    } else if (status !== 0) problems.push(`${step.name}: exit status ${status} (a kernel failed or was incorrect; its row says which)`);
    if (existsSync(json)) files.push(parseResultsFile(JSON.parse(readFileSync(json, 'utf8')), json));
  }
  rmSync(parts, { recursive: true, force: true });
  if (files.length === 0) {
    err(nothingRecorded(problems, timedOut));
    return 1;
  }
  const record = merge(files);
  const base = join(out, record.environment ? resultsPath('kernel-lab-record-{host}-{adapter}', record.environment) : 'kernel-lab-record');
  const command = `npm run bench:record -- --size ${size}${minutes === 10 ? '' : ` --minutes ${minutes}`}`;
  writeFileSync(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(`${base}.parquet`, tableToParquet(columnsToTable(resultsColumns(record.results, record.environment)), parquet));
  writeFileSync(`${base}.md`, `${recordSummary(record, command)}\n`);
  process.stdout.write(`\n${recordSummaryText(record)}\n\nWrote ${base}.json, .parquet and .md (the README's table for this device) in ${((Date.now() - started) / 60_000).toFixed(1)} min.\n`);
  for (const line of stepNotes(problems)) err(line);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    err(`bench:record: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
