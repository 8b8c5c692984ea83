/**
 * The end of a run: the results table on stdout, what makes a figure doubtful
 * on stderr, the comparison with a baseline, and the result files (written
 * by output-files.ts: every one requested, each failure named).
 */
import * as parquet from 'parquet-wasm';
import type { ResultEntry, ResultsFile, RunEnvironment, SimulationEntry } from '../bench/results/schema';
import { SIMULATION_SUITE } from '../bench/suites/kv-simulation';
import { resultsFile, withRoof } from '../bench/results/entries';
import { compareResults } from '../bench/results/compare';
import { resultsCsv } from '../bench/results/csv';
import { resultsColumns } from '../bench/results/columns';
import { aboveRoof, type Ceilings } from '../bench/results/roofline';
import type { Table } from 'apache-arrow';
import { columnsToTable, tableToArrowFile, tableToParquet } from '../data/table';
import { adapterName, type DeviceInfo } from '../gpu/device';
import type { BenchArgs } from './args';
import { writeOutputFiles, type OutputFile } from './output-files';
import { pagedReport } from './kv-report';
import { comparisonTable, figureLines, formatTable, paramText, reliabilityNotes, RESULT_HEADER, resultRow } from './report';
import { err } from './status';

/** Writes the requested files; one line per file that could not be written (each also said on stderr). */
async function writeOutputs(outputs: readonly OutputFile[], file: ResultsFile): Promise<string[]> {
  const env = file.environment;
  let table: Table | undefined;
  const columns = (): Table => (table ??= columnsToTable(resultsColumns(file.results, env)));
  const failures = await writeOutputFiles(outputs, (format) => {
    switch (format) {
      case 'json': return `${JSON.stringify(file, null, 2)}\n`;
      case 'csv': return resultsCsv(file.results, env);
      case 'parquet': return tableToParquet(columns(), parquet);
      case 'arrow': return tableToArrowFile(columns());
    }
  }, err);
  for (const line of failures) err(line);
  return failures;
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

/**
 * Prints the run's table, figures, notes and comparison, and writes `outputs` (resolved and their folders made
 * at the start: output-files.ts). Resolves with one line per file that could not be written (empty when all were).
 */
export async function reportResults(args: BenchArgs, outputs: readonly OutputFile[], device: DeviceInfo, environment: RunEnvironment, results: readonly ResultEntry[], ceilings: Ceilings | undefined, baseline: ResultsFile | undefined, simulation: readonly SimulationEntry[] = []): Promise<string[]> {
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
  return writeOutputs(outputs, file);
}
