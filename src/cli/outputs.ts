/**
 * The end of a run: the results table on stdout, what makes a figure doubtful
 * on stderr, the comparison with a baseline, and the result files.
 */
import { writeFile } from 'node:fs/promises';
import * as parquet from 'parquet-wasm';
import type { ResultEntry, ResultsFile, RunEnvironment, SimulationEntry } from '../bench/results/schema';
import { SIMULATION_SUITE } from '../bench/suites/kv-simulation';
import { resultsFile, withRoof } from '../bench/results/entries';
import { compareResults } from '../bench/results/compare';
import { resultsCsv } from '../bench/results/csv';
import { resultsColumns } from '../bench/results/columns';
import { aboveRoof, type Ceilings } from '../bench/results/roofline';
import { columnsToTable, tableToArrowFile, tableToParquet } from '../data/table';
import { adapterName, type DeviceInfo } from '../gpu/device';
import { messageOf } from '../gpu/errors';
import { UsageError, type BenchArgs } from './args';
import { resultsPath } from './backend';
import { pagedReport } from './kv-report';
import { comparisonTable, figureLines, formatTable, paramText, reliabilityNotes, RESULT_HEADER, resultRow } from './report';
import { err } from './status';

async function writeOutputs(args: BenchArgs, file: ResultsFile): Promise<void> {
  const env = file.environment;
  const write = async (template: string | undefined, data: string | Uint8Array): Promise<void> => {
    if (!template) return;
    const path = env ? resultsPath(template, env) : template;
    try {
      await writeFile(path, data);
      err(`Wrote ${path}`);
    } catch (e) {
      throw new UsageError(`Cannot write ${path}: ${messageOf(e)}`);
    }
  };
  await write(args.json, `${JSON.stringify(file, null, 2)}\n`);
  await write(args.csv, resultsCsv(file.results, env));
  const table = args.parquet || args.arrow ? columnsToTable(resultsColumns(file.results, env)) : undefined;
  if (args.parquet && table) await write(args.parquet, tableToParquet(table, parquet));
  if (args.arrow && table) await write(args.arrow, tableToArrowFile(table));
}

/** A figure above its measured roof is an error of measuring, and is said to be one. */
function warnAboveRoof(shown: readonly ResultEntry[]): void {
  for (const r of shown.filter((x) => x.roofFraction !== undefined && x.roofFraction !== null && aboveRoof(x.roofFraction, x.cv ?? 0))) {
    err(`Warning: ${r.kernel} ${paramText(r.params)} is at ${((r.roofFraction ?? 0) * 100).toFixed(0)}% of the measured roof: above the roof is a measurement error (caching, a wrong cost model, or noise in the ceilings), not a result.`);
  }
}

/** Where a results file was measured, for the comparison's heading: "the dawn backend on google swiftshader (host a)". */
export function measuredOn(file: Pick<ResultsFile, 'device' | 'environment' | 'generatedBy'>): string {
  const env = file.environment;
  if (!env) return `${file.generatedBy} on ${adapterName(file.device)}`;
  return `the ${env.backend} backend on ${env.adapter}${env.driver ? ` (${env.driver})` : ''}, host ${env.host}`;
}

export async function reportResults(args: BenchArgs, device: DeviceInfo, environment: RunEnvironment, results: readonly ResultEntry[], ceilings: Ceilings | undefined, baseline: ResultsFile | undefined, simulation: readonly SimulationEntry[] = []): Promise<void> {
  const shown = ceilings ? results.map((r) => withRoof(r, ceilings)) : results;
  const file = resultsFile('kernel-lab runner', device, shown, ceilings ? { gbps: ceilings.gbps, gflops: ceilings.gflops } : undefined, environment, simulation);
  // The data suites and the simulation printed their own tables: this one is for kernel runs (the simulation's step timings are in the files).
  const kernels = shown.filter((r) => !r.format && !r.pump && r.suite !== SIMULATION_SUITE);
  if (kernels.length > 0 || (shown.length === 0 && args.notebooks.length === 0)) process.stdout.write(`\n${formatTable(RESULT_HEADER, kernels.map(resultRow))}\n`);
  const figures = figureLines(kernels);
  if (figures.length > 0) process.stdout.write(`\n${figures.join('\n')}\n`);
  const paged = pagedReport(kernels);
  if (paged) process.stdout.write(`\n${paged}\n`);
  for (const line of reliabilityNotes(kernels)) err(line);
  warnAboveRoof(kernels);
  if (baseline) process.stdout.write(`\nCompared with ${args.compare} (${measuredOn(baseline)}; this run: ${measuredOn(file)}):\n${comparisonTable(compareResults(results, baseline.results))}\n`);
  await writeOutputs(args, file);
}
