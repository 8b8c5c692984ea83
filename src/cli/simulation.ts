/**
 * `--simulate kv`: the serving simulation. The trace is read and checked in
 * Node with the page's own loader before any browser starts (a bad file ends
 * the run with status 2, naming the row and column), cut to its first
 * --requests requests (as the page's "Requests"), and so is the budget
 * (a request that could never run on it). The page then runs both policies
 * with step times measured on its device; the table and the ratio of
 * concurrent sequences go to stdout, the step-time runs into the results,
 * and each policy's figures into the results file's `simulation`.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as parquet from 'parquet-wasm';
import { averagedOver, concurrencyRatio } from '../bench/suites/kv-simulation';
import type { ResultEntry, SimulationEntry } from '../bench/results/schema';
import { DataError } from '../data/errors';
import { loadData } from '../data/load';
import { messageOf } from '../gpu/errors';
import { checkFits, POLICIES } from '../kv/servers';
import { tokensInBudget } from '../kv/step-time';
import { DEFAULT_MAX_LENGTH, traceFromTable } from '../kv/trace';
import type { RunnerCall, SimulateRequest } from '../runner/protocol';
import { UsageError, type BenchArgs } from './args';
import { formatTable } from './report';
import { TIMED_OUT, within } from './deadline';
import { err, type StatusLine } from './status';

/** The trace read, and the budget checked against it: the page's request, or a UsageError (exit 2). */
export async function planSimulation(args: NonNullable<BenchArgs['simulate']>): Promise<SimulateRequest> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(args.trace));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`Cannot read the trace ${args.trace}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : messageOf(e)}.`);
  }
  const file = basename(args.trace);
  let trace;
  try {
    trace = traceFromTable((await loadData(bytes, file, { parquet: parquet as never })).table, { file, maxLength: DEFAULT_MAX_LENGTH });
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(`--trace: ${e.message}`);
    throw e;
  }
  if (args.requests !== undefined) trace = trace.slice(0, args.requests);
  const options = { budgetTokens: tokensInBudget(args.kvMib), blockSize: args.blockSize, maxLength: DEFAULT_MAX_LENGTH };
  try {
    for (const policy of POLICIES) checkFits(trace, policy, options);
  } catch (e) {
    throw new UsageError(`--kv-mib ${args.kvMib}: ${messageOf(e)}`);
  }
  return { trace, traceName: file, kvMib: args.kvMib, ...options };
}

const fig = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 }) : '—');
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** The table and the lines under it, as printed. */
export function simulationText(request: Pick<SimulateRequest, 'traceName' | 'kvMib' | 'budgetTokens' | 'blockSize' | 'trace'>, simulation: readonly SimulationEntry[]): string {
  const lines = [
    `Serving simulation: ${request.traceName} (${request.trace.length.toLocaleString('en-US')} requests), KV budget ${request.kvMib} MiB = ${request.budgetTokens.toLocaleString('en-US')} tokens, paged blocks of ${request.blockSize}; step times measured on this device (${simulation.map((s) => `${s.policy} with ${s.stepKernel}`).join(', ')})`,
    formatTable(['policy', 'tokens/s', 'KV util', 'mean seqs', 'max seqs', 'TTFT p50 ms', 'TTFT p90 ms', 'TPOT p50 ms', 'TPOT p90 ms', 'preempted', 'under load'], simulation.map((s) => [
      s.policy, fig(s.tokensPerS), pct(s.kvUtilization), fig(s.meanConcurrent), String(s.maxConcurrent), fig(s.ttftP50Ms), fig(s.ttftP90Ms), fig(s.tpotP50Ms), fig(s.tpotP90Ms),
      String(s.preemptions), s.simulatedS > 0 ? pct(s.memoryBoundS / s.simulatedS) : '—',
    ])),
  ];
  const ratio = concurrencyRatio(simulation);
  const reserved = simulation.find((s) => s.policy === 'reserved');
  const paged = simulation.find((s) => s.policy === 'paged');
  if (ratio !== undefined && reserved && paged) {
    lines.push(`Concurrent sequences: paged runs ×${ratio.toFixed(2)} the reserved policy's (${fig(paged.meanConcurrent)} against ${fig(reserved.meanConcurrent)}, ${averagedOver(simulation)}; at most ${paged.maxConcurrent} against ${reserved.maxConcurrent}).`);
    lines.push(`KV memory holding tokens: paged ${pct(paged.kvUtilization)}, reserved ${pct(reserved.kvUtilization)} (the vLLM paper: 96.3% against 20.4–38.2%).`);
  }
  const idle = simulation.filter((s) => s.memoryBoundS === 0);
  if (idle.length > 0) {
    lines.push(`No request ever waited under ${idle.map((s) => s.policy).join(' and ')}: at this trace's rate this device is not limited by memory, and KV utilization is averaged over the whole run (a faster arrival rate, or a smaller --kv-mib, puts it under load).`);
  }
  return lines.join('\n');
}

export async function runSimulation(call: RunnerCall, request: SimulateRequest | undefined, timeoutS: number, status: StatusLine): Promise<{ entries: readonly ResultEntry[]; simulation: readonly SimulationEntry[]; failed: boolean }> {
  if (!request) return { entries: [], simulation: [], failed: false };
  status.begin('Simulation kv', `Simulation kv (${request.traceName}, ${request.kvMib} MiB)…`);
  const reply = await within(call('simulate', request), timeoutS);
  status.end();
  if (reply === TIMED_OUT || !reply.ok) {
    err(`The serving simulation failed: ${reply === TIMED_OUT ? `it did not finish within ${timeoutS} s (--timeout)` : reply.message}`);
    return { entries: reply === TIMED_OUT ? [] : reply.entries, simulation: [], failed: true };
  }
  process.stdout.write(`\n${simulationText(request, reply.simulation)}\n`);
  return { entries: reply.entries, simulation: reply.simulation, failed: false };
}
