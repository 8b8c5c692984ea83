/**
 * One run of the runner on either backend: the jobs planned in Node (exit 2
 * material), then each kind of job in its own module: calibration.ts,
 * kernel-loop.ts (with its timeouts and restarts; inputs from --data prepared
 * by data-input.ts), peers.ts, sweeps.ts, data-suites.ts, simulation.ts,
 * notebooks.ts (--notebook: lessons cell by cell), then outputs.ts (the table,
 * warnings, comparison) and output-files.ts (the result files, their folders
 * made before anything is measured). The backend is a BenchSession
 * opened by the entry (bench.ts for `npm run bench`, bench-folder.ts for the
 * single-folder build).
 */
import { readFile } from 'node:fs/promises';
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { parseResultsFile } from '../bench/results/parse';
import { adapterName, USEFUL_FEATURES, type DeviceInfo } from '../gpu/device';
import { KernelLabError, messageOf } from '../gpu/errors';
import { UsageError, type BenchArgs } from './args';
import type { BenchSession } from './backend';
import { runCalibration } from './calibration';
import { feedJobs } from './data-input';
import { runDataSuites } from './data-suites';
import { planJobs, type Job } from './jobs';
import type { Transpile } from './kernel-file';
import { runKernels } from './kernel-loop';
import { outputFiles, prepareOutputFolders } from './output-files';
import { reportResults } from './outputs';
import { runPeers } from './peers';
import { readLessons, runNotebooks, type LessonToRun } from './notebooks';
import { planSimulation, runSimulation } from './simulation';
import type { SimulateRequest } from '../runner/protocol';
import { err, StatusLine } from './status';
import { runSweeps } from './sweeps';

/** Everything that can be checked before any GPU starts: exit 2 material. */
async function plan(args: BenchArgs, transpile: Transpile): Promise<{ jobs: Job[]; baseline?: ResultsFile; simulation?: SimulateRequest; lessons: LessonToRun[] }> {
  const jobs = await feedJobs(args, await planJobs(args, transpile), err);
  const simulation = args.simulate ? await planSimulation(args.simulate) : undefined;
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
  return { jobs, lessons, ...(baseline ? { baseline } : {}), ...(simulation ? { simulation } : {}) };
}

function deviceLine(d: DeviceInfo, session: BenchSession): string {
  const features = d.features.filter((f) => USEFUL_FEATURES.some((u) => u === f));
  const env = session.environment;
  const line = `Device: ${adapterName(d)}${d.isFallbackAdapter ? ' (software fallback adapter)' : ''}; features: ${features.join(', ') || 'none of note'}; ${env.backend} backend, ${env.runtime}${env.driver ? `; driver: ${env.driver}` : ''}`;
  return d.isFallbackAdapter ? `${line}\n${SOFTWARE_NOTE}` : line;
}

/** Why a software adapter's figures are not a GPU's, printed once under the device line (the page says the same beside its charts). */
export const SOFTWARE_NOTE = 'Note: a software adapter runs kernels on the CPU. Its times and bandwidths are not a GPU\'s, and it has no memory hierarchy (workgroup memory is the same memory as the rest, barriers are emulated), so tiled kernels such as flash attention or tiled matmul save no traffic here and can lose to simpler ones. Correctness, memory allocated and the cost model hold on any device.';

/** The jobs in order, on an open session; the exit status. */
async function runJobs(args: BenchArgs, jobs: readonly Job[], baseline: ResultsFile | undefined, simulation: SimulateRequest | undefined, lessons: readonly LessonToRun[], session: BenchSession, status: StatusLine): Promise<number> {
  err(deviceLine(session.device, session));
  // The files' names need the adapter, known only now; their folders are made before anything is measured.
  const outputs = outputFiles(args, session.environment, new Date());
  await prepareOutputFolders(outputs);
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
  const simulated = await runSimulation(session.call, simulation, args.timeout, status);
  results.push(...simulated.entries);
  failed ||= simulated.failed;
  failed = (await runNotebooks(session, lessons, args.size, args.timeout, status)) || failed;

  const unwritten = await reportResults(args, outputs, session.device, session.environment, results, ceilings, baseline, simulated.simulation);
  // A results file that was asked for and not written outweighs a failed kernel: the run must be repeated either way.
  if (unwritten.length > 0) return 2;
  // A kernel this device cannot run (a missing feature) is skipped, not failed.
  return !failed && results.every((r) => r.correct || r.error?.kind === 'unsupported') ? 0 : 1;
}

export interface Backend {
  /** Opens the backend's session, or undefined when it has no adapter (said why on stderr). */
  open(status: StatusLine): Promise<BenchSession | undefined>;
  /** Called once the session is closed (the browser backend's app server). */
  close?(): Promise<void>;
}

/** Plans, opens the backend, runs the jobs; the exit status. Throws a UsageError for exit 2. */
export async function runBench(args: BenchArgs, openBackend: () => Promise<Backend>, transpile: Transpile): Promise<number> {
  const { jobs, baseline, simulation, lessons } = await plan(args, transpile);
  if (jobs.length === 0 && !args.calibrate && args.sweeps.length === 0 && args.suites.length === 0 && !simulation && lessons.length === 0) throw new UsageError('No kernels selected.');
  const backend = await openBackend();
  const status = new StatusLine();
  let session: BenchSession | undefined;
  try {
    session = await backend.open(status);
    if (!session) return 1;
    return await runJobs(args, jobs, baseline, simulation, lessons, session, status);
  } finally {
    await session?.close();
    await backend.close?.();
  }
}

/** The entry's last step: the exit status of a run, with a usage mistake (exit 2) or a crash (exit 1) told on stderr. */
export async function exitStatusOf(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    // A usage mistake reads the same whether the arguments or the run found it: the message alone. So does a
    // kernel's own error found while planning (a shader the parser refuses): it is the kernel's, not a crash.
    if (e instanceof UsageError || e instanceof KernelLabError) {
      err(e.message);
      return e instanceof UsageError ? 2 : 1;
    }
    err(`The runner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
