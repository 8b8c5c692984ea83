/**
 * `npm run bench`: measure kernels in headless Chromium with the page's own
 * code (src/bench), print a table, write results, compare with a baseline.
 * Exit status: 0 all correct; 1 any kernel incorrect or failed; 2 bad
 * arguments or unreadable input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as parquet from 'parquet-wasm';
import type { MeasuredCeilings } from '../bench/suites/calibrate';
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { failedEntry, resultsFile, withRoof } from '../bench/results/entries';
import { parseResultsFile } from '../bench/results/parse';
import { compareResults, shapeKey } from '../bench/results/compare';
import { resultsCsv } from '../bench/results/csv';
import { resultsColumns } from '../bench/results/columns';
import { aboveRoof } from '../bench/results/roofline';
import { columnsToTable, tableToArrowFile, tableToParquet } from '../data/table';
import { adapterName } from '../gpu/device';
import { sourceHash } from '../kernels/hash';
import type { CalibrationReply, RunnerReply, RunnerRequest, SweepReply } from '../runner/protocol';
import { serveBuiltApp } from './app-server';
import { parseArgs, USAGE, UsageError, type BenchArgs } from './args';
import { planJobs, type Job } from './jobs';
import { speedComparison } from '../bench/results/reliability';
import { comparisonTable, formatTable, paramText, reliabilityNotes, RESULT_HEADER, resultRow, sweepReport } from './report';
import { openRunnerPage, TIMED_OUT, within, type RunnerPage } from './runner-page';

const err = (line: string): void => void process.stderr.write(`${line}\n`);

/** Everything that can be checked without a browser: exit 2 material. */
async function plan(args: BenchArgs): Promise<{ jobs: Job[]; baseline?: ResultsFile }> {
  const jobs = await planJobs(args);
  let baseline: ResultsFile | undefined;
  if (args.compare) {
    let text: string;
    try {
      text = await readFile(args.compare, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read the baseline ${args.compare}: ${(e as Error).message}`);
    }
    try {
      baseline = parseResultsFile(JSON.parse(text), args.compare);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return { jobs, ...(baseline ? { baseline } : {}) };
}

async function writeOutputs(args: BenchArgs, file: ResultsFile): Promise<void> {
  const write = async (path: string | undefined, data: string | Uint8Array): Promise<void> => {
    if (!path) return;
    try {
      await writeFile(path, data);
      err(`Wrote ${path}`);
    } catch (e) {
      throw new UsageError(`Cannot write ${path}: ${(e as Error).message}`);
    }
  };
  await write(args.json, `${JSON.stringify(file, null, 2)}\n`);
  await write(args.csv, resultsCsv(file.results));
  const table = args.parquet || args.arrow ? columnsToTable(resultsColumns(file.results)) : undefined;
  if (args.parquet && table) await write(args.parquet, tableToParquet(table, parquet));
  if (args.arrow && table) await write(args.arrow, tableToArrowFile(table));
}

function printFailure(job: Job, reply: Extract<RunnerReply, { ok: false }>): void {
  err(`  ${job.spec.id}: ${reply.message}`);
  for (const m of reply.messages.filter((x) => x.type === 'error').slice(1)) {
    err(`    ${m.line > 0 ? `line ${m.line}, column ${m.column}: ` : ''}${m.message}`);
  }
}

async function run(args: BenchArgs): Promise<number> {
  const { jobs, baseline } = await plan(args);
  if (jobs.length === 0 && !args.calibrate && args.sweeps.length === 0) throw new UsageError('No kernels selected.');
  const app = await serveBuiltApp(process.cwd(), err);
  const tty = process.stderr.isTTY;
  let current = '';
  const open = async (): Promise<RunnerPage | undefined> => {
    const opened = await openRunnerPage(app.url, (text) => {
      if (tty) process.stderr.write(`\r\x1b[2K${current} ${text}`);
    }, (message) => err(`page error: ${message}`));
    if (opened.ok) return opened.runner;
    err(`No WebGPU adapter in Chromium: ${opened.message}`);
    err('The runner starts Chromium with --enable-unsafe-webgpu; on a machine without a GPU, Debian\'s chromium package provides SwiftShader.');
    return undefined;
  };
  let browser: RunnerPage | undefined;
  try {
    browser = await open();
    if (!browser) return 1;
    const d = browser.device;
    err(`Device: ${adapterName(d)}${d.isFallbackAdapter ? ' (software fallback adapter)' : ''}; features: ${d.features.filter((f) => ['timestamp-query', 'subgroups', 'shader-f16'].includes(f)).join(', ') || 'none of note'}`);

    const api = <T>(method: 'calibrate' | 'sweep' | 'peer', ...a: unknown[]): Promise<T> => browser!.call<T>(method, ...a);

    const results: ResultEntry[] = [];
    let ceilings: MeasuredCeilings | undefined;
    let failed = false;
    if (args.calibrate) {
      current = 'Calibrating';
      if (!tty) err(`Calibrating (${args.size})…`);
      const cal = await api<CalibrationReply>('calibrate', args.size);
      if (tty) process.stderr.write('\r\x1b[2K');
      if (cal.ok) {
        ceilings = cal.ceilings;
        results.push(...cal.entries);
        err(`Ceilings: ${cal.ceilings.gbps.toPrecision(4)} GB/s (${cal.ceilings.bandwidthFrom}), ${cal.ceilings.gflops.toPrecision(4)} GFLOP/s (${cal.ceilings.computeFrom})${cal.ceilings.gflopsF16 ? `, f16 ${cal.ceilings.gflopsF16.toPrecision(4)} GFLOP/s` : ''}; ridge at ${(cal.ceilings.gflops / cal.ceilings.gbps).toPrecision(3)} FLOP/byte`);
        if (cal.copyVsDriver !== null) err(`Best shader copy / copyBufferToBuffer: ${cal.copyVsDriver.toFixed(2)} (goal ≥ 0.90)`);
      } else {
        failed = true;
        err(`Calibration failed: ${cal.message}`);
      }
    }

    for (const [i, job] of jobs.entries()) {
      current = `[${i + 1}/${jobs.length}] ${job.spec.id} ${paramText(job.params)}${Object.keys(job.constants).length > 0 ? ` with ${paramText(job.constants)}` : ''}`;
      if (!tty) err(current);
      const request: RunnerRequest = { kernel: job.spec.id, params: job.params, constants: job.constants, ...(job.custom ? { custom: job.custom } : {}) };
      const reply = await within(browser.call<RunnerReply>('run', request), args.timeout);
      if (tty) process.stderr.write('\r\x1b[2K');
      if (reply === TIMED_OUT) {
        // A kernel that never ends wedges the GPU process: only a new browser gets WebGPU back.
        err(`${current}: did not finish within ${args.timeout} s (an endless loop?); restarting the browser`);
        results.push(failedEntry(job.spec.id, job.params, job.constants, sourceHash(job.spec.source), { kind: 'timeout', message: `did not finish within ${args.timeout} s` }));
        await browser.close(true);
        browser = await open();
        if (!browser) return 1;
        continue;
      }
      results.push(reply.entry);
      if (reply.ok) {
        const e = reply.entry;
        err(`${current}: ${e.correct ? (e.compared ? 'correct' : 'written and finite (no reference)') : 'INCORRECT'}, median ${e.medianMs?.toPrecision(3)} ms, ${e.samples} samples`);
        for (const n of reply.notes) err(`  note: ${n}`);
      } else if (reply.kind === 'unsupported') {
        err(`${current}: skipped: ${reply.message}`);
      } else {
        err(`${current}: failed`);
        printFailure(job, reply);
      }
    }

    if (args.peers) {
      const shapes = new Map<string, Record<string, number>>();
      for (const j of jobs) if (j.spec.family === 'matmul') shapes.set(shapeKey('', j.params), j.params);
      if (shapes.size === 0) err('--peers: no matmul kernel selected, so there is nothing to compare TF.js with.');
      for (const params of shapes.values()) {
        current = `peer/tfjs-matmul ${paramText(params)}`;
        if (!tty) err(current);
        const reply = await api<RunnerReply>('peer', params);
        if (tty) process.stderr.write('\r\x1b[2K');
        results.push(reply.entry);
        if (!reply.ok) {
          failed = true;
          err(`${current}: failed: ${reply.message}`);
          continue;
        }
        const ours = results.filter((r) => r.kernel.startsWith('matmul/') && r.correct && r.gflops !== null && shapeKey('', r.params) === shapeKey('', params));
        const best = ours.sort((x, y) => (y.gflops ?? 0) - (x.gflops ?? 0))[0];
        const peer = reply.entry.gflops ?? 0;
        err(`${current}: ${reply.entry.correct ? 'correct' : 'INCORRECT'}, ${peer.toPrecision(3)} GFLOP/s (${reply.notes[0] ?? ''})`);
        if (best && peer > 0) err(`  our best, ${best.kernel}: ${(best.gflops ?? 0).toPrecision(3)} GFLOP/s = ×${((best.gflops ?? 0) / peer).toFixed(2)} TF.js (goal ≥ 1.00): ${speedComparison((best.gflops ?? 0) / peer, 'ours', 'TF.js')}`);
      }
    }

    for (const kind of args.sweeps) {
      current = `Sweep ${kind}`;
      if (!tty) err(`Sweep ${kind} (${args.size})…`);
      const sweep = await api<SweepReply>('sweep', kind, args.size);
      if (tty) process.stderr.write('\r\x1b[2K');
      if (!sweep.ok) {
        failed = true;
        err(`Sweep ${kind} failed: ${sweep.message}`);
        continue;
      }
      results.push(...sweep.points.flatMap((p) => (p.entry ? [p.entry] : [])));
      const fmaRuns = results.filter((r) => r.suite === 'calibration' && r.kernel === 'compute/fma' && r.gflops !== null);
      const fmaPeak = fmaRuns.length > 0 ? Math.max(...fmaRuns.map((r) => r.gflops!)) : undefined;
      process.stdout.write(`\n${sweepReport(kind, sweep.points, ceilings, fmaPeak)}\n`);
    }

    const shown = ceilings ? results.map((r) => withRoof(r, ceilings)) : results;
    const file = resultsFile('kernel-lab runner', d, shown, ceilings ? { gbps: ceilings.gbps, gflops: ceilings.gflops } : undefined);
    process.stdout.write(`\n${formatTable(RESULT_HEADER, shown.map(resultRow))}\n`);
    for (const line of reliabilityNotes(shown)) err(line);
    for (const r of shown.filter((x) => x.roofFraction !== undefined && x.roofFraction !== null && aboveRoof(x.roofFraction, x.cv ?? 0))) {
      err(`Warning: ${r.kernel} ${paramText(r.params)} is at ${((r.roofFraction ?? 0) * 100).toFixed(0)}% of the measured roof: above the roof is a measurement error (caching, a wrong cost model, or noise in the ceilings), not a result.`);
    }
    if (baseline) process.stdout.write(`\nCompared with ${args.compare}:\n${comparisonTable(compareResults(results, baseline.results))}\n`);
    await writeOutputs(args, file);
    // A kernel this device cannot run (a missing feature) is skipped, not failed.
    return !failed && results.every((r) => r.correct || r.error?.kind === 'unsupported') ? 0 : 1;
  } finally {
    await browser?.close();
    await app.close();
  }
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    process.exitCode = await run(args);
  } catch (e) {
    err(e instanceof UsageError ? `Error: ${e.message}` : `The runner failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

void main();
