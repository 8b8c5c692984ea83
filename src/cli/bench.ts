/**
 * `npm run bench`: measure kernels in headless Chromium with the page's own
 * code (src/bench), print a table, write results, compare with a baseline.
 * Exit status: 0 all correct; 1 any kernel incorrect or failed; 2 bad
 * arguments or unreadable input.
 *
 * A run is a sequence of jobs, each in its own module: calibration.ts,
 * kernel-loop.ts (with its timeouts and browser restarts; inputs from
 * --data prepared by data-input.ts), peers.ts, sweeps.ts, data-suites.ts,
 * notebooks.ts (--notebook: lessons cell by cell), then outputs.ts (the
 * table, warnings, comparison and files).
 */
import { readFile } from 'node:fs/promises';
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { parseResultsFile } from '../bench/results/parse';
import { adapterName, USEFUL_FEATURES, type DeviceInfo } from '../gpu/device';
import { messageOf } from '../gpu/errors';
import { serveBuiltApp } from './app-server';
import { parseArgs, USAGE, UsageError, type BenchArgs } from './args';
import { runCalibration } from './calibration';
import { feedJobs } from './data-input';
import { runDataSuites } from './data-suites';
import { planJobs, type Job } from './jobs';
import { runKernels } from './kernel-loop';
import { readLessons, runNotebooks, type LessonToRun } from './notebooks';
import { reportResults } from './outputs';
import { runPeers } from './peers';
import { RunnerSession } from './session';
import { err, StatusLine } from './status';
import { runSweeps } from './sweeps';

/** Everything that can be checked without a browser: exit 2 material. */
async function plan(args: BenchArgs): Promise<{ jobs: Job[]; baseline?: ResultsFile; lessons: LessonToRun[] }> {
  const jobs = await feedJobs(args, await planJobs(args), err);
  const lessons = await readLessons(args.notebooks);
  let baseline: ResultsFile | undefined;
  if (args.compare) {
    let text: string;
    try {
      text = await readFile(args.compare, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read the baseline ${args.compare}: ${messageOf(e)}`);
    }
    try {
      baseline = parseResultsFile(JSON.parse(text), args.compare);
    } catch (e) {
      throw new UsageError(messageOf(e));
    }
  }
  return { jobs, lessons, ...(baseline ? { baseline } : {}) };
}

function deviceLine(d: DeviceInfo): string {
  const features = d.features.filter((f) => USEFUL_FEATURES.some((u) => u === f));
  return `Device: ${adapterName(d)}${d.isFallbackAdapter ? ' (software fallback adapter)' : ''}; features: ${features.join(', ') || 'none of note'}`;
}

/** The jobs in order, on an open browser; the exit status. */
async function runJobs(args: BenchArgs, jobs: readonly Job[], baseline: ResultsFile | undefined, lessons: readonly LessonToRun[], session: RunnerSession, status: StatusLine): Promise<number> {
  err(deviceLine(session.device));
  const results: ResultEntry[] = [];
  let failed = false;

  const calibration = args.calibrate ? await runCalibration(session.call, args.size, status) : undefined;
  if (calibration) {
    results.push(...calibration.entries);
    failed ||= calibration.failed;
  }
  const ceilings = calibration?.ceilings;

  const kernels = await runKernels(session, jobs, args.timeout, status);
  results.push(...kernels.entries);
  if (kernels.browserLost) return 1;

  if (args.peers) {
    const peers = await runPeers(session.call, jobs, results, status);
    results.push(...peers.entries);
    failed ||= peers.failed;
  }
  const sweeps = await runSweeps(session.call, args.sweeps, args.size, ceilings, results, status);
  results.push(...sweeps.entries);
  failed ||= sweeps.failed;
  const suites = await runDataSuites(session.call, args.suites, args.size, args.rows, args.timeout, status);
  results.push(...suites.entries);
  failed ||= suites.failed;
  failed = (await runNotebooks(session, lessons, args.size, args.timeout, status)) || failed;

  await reportResults(args, session.device, results, ceilings, baseline);
  // A kernel this device cannot run (a missing feature) is skipped, not failed.
  return !failed && results.every((r) => r.correct || r.error?.kind === 'unsupported') ? 0 : 1;
}

async function run(args: BenchArgs): Promise<number> {
  const { jobs, baseline, lessons } = await plan(args);
  if (jobs.length === 0 && !args.calibrate && args.sweeps.length === 0 && args.suites.length === 0 && lessons.length === 0) throw new UsageError('No kernels selected.');
  const app = await serveBuiltApp(process.cwd(), err);
  const status = new StatusLine();
  let session: RunnerSession | undefined;
  try {
    session = await RunnerSession.start(app.url, status);
    if (!session) return 1;
    return await runJobs(args, jobs, baseline, lessons, session, status);
  } finally {
    await session?.close();
    await app.close();
  }
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    err(`${messageOf(e)}\n\n${USAGE}`);
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
    // A usage mistake reads the same whether the arguments or the run found it: the message alone.
    err(e instanceof UsageError ? e.message : `The runner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

void main();
