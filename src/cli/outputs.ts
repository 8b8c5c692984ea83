/**
 * The end of a run: the results table on stdout, what makes a figure doubtful
 * on stderr, the comparison with a baseline, and the result files.
 */
import { writeFile } from 'node:fs/promises';
import * as parquet from 'parquet-wasm';
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { resultsFile, withRoof } from '../bench/results/entries';
import { compareResults } from '../bench/results/compare';
import { resultsCsv } from '../bench/results/csv';
import { resultsColumns } from '../bench/results/columns';
import { aboveRoof, type Ceilings } from '../bench/results/roofline';
import { columnsToTable, tableToArrowFile, tableToParquet } from '../data/table';
import type { DeviceInfo } from '../gpu/device';
import { messageOf } from '../gpu/errors';
import { UsageError, type BenchArgs } from './args';
import { comparisonTable, formatTable, paramText, reliabilityNotes, RESULT_HEADER, resultRow } from './report';
import { err } from './status';

async function writeOutputs(args: BenchArgs, file: ResultsFile): Promise<void> {
  const write = async (path: string | undefined, data: string | Uint8Array): Promise<void> => {
    if (!path) return;
    try {
      await writeFile(path, data);
      err(`Wrote ${path}`);
    } catch (e) {
      throw new UsageError(`Cannot write ${path}: ${messageOf(e)}`);
    }
  };
  await write(args.json, `${JSON.stringify(file, null, 2)}\n`);
  await write(args.csv, resultsCsv(file.results));
  const table = args.parquet || args.arrow ? columnsToTable(resultsColumns(file.results)) : undefined;
  if (args.parquet && table) await write(args.parquet, tableToParquet(table, parquet));
  if (args.arrow && table) await write(args.arrow, tableToArrowFile(table));
}

/** A figure above its measured roof is an error of measuring, and is said to be one. */
function warnAboveRoof(shown: readonly ResultEntry[]): void {
  for (const r of shown.filter((x) => x.roofFraction !== undefined && x.roofFraction !== null && aboveRoof(x.roofFraction, x.cv ?? 0))) {
    err(`Warning: ${r.kernel} ${paramText(r.params)} is at ${((r.roofFraction ?? 0) * 100).toFixed(0)}% of the measured roof: above the roof is a measurement error (caching, a wrong cost model, or noise in the ceilings), not a result.`);
  }
}

export async function reportResults(args: BenchArgs, device: DeviceInfo, results: readonly ResultEntry[], ceilings: Ceilings | undefined, baseline: ResultsFile | undefined): Promise<void> {
  const shown = ceilings ? results.map((r) => withRoof(r, ceilings)) : results;
  const file = resultsFile('kernel-lab runner', device, shown, ceilings ? { gbps: ceilings.gbps, gflops: ceilings.gflops } : undefined);
  // The data suites printed their own tables: this one is for kernel runs.
  const kernels = shown.filter((r) => !r.format && !r.pump);
  if (kernels.length > 0 || (shown.length === 0 && args.notebooks.length === 0)) process.stdout.write(`\n${formatTable(RESULT_HEADER, kernels.map(resultRow))}\n`);
  for (const line of reliabilityNotes(kernels)) err(line);
  warnAboveRoof(kernels);
  if (baseline) process.stdout.write(`\nCompared with ${args.compare}:\n${comparisonTable(compareResults(results, baseline.results))}\n`);
  await writeOutputs(args, file);
}
