/**
 * The runner's result files (--json, --csv, --parquet, --arrow): their paths
 * resolved once per run, their folders made and checked before anything is
 * measured (an hour of measuring should not end in "No such file or
 * directory"), and each file written on its own, so that one that cannot be
 * written costs only itself, and is named.
 */
import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunEnvironment } from '../bench/results/schema';
import { messageOf } from '../gpu/errors';
import { UsageError, type BenchArgs } from './args';
import { resultsPath } from './backend';

export type OutputFormat = 'json' | 'csv' | 'parquet' | 'arrow';

/** One requested results file: the option that asked for it and its path, placeholders filled. */
export interface OutputFile {
  readonly format: OutputFormat;
  readonly path: string;
}

const FORMATS: readonly OutputFormat[] = ['json', 'csv', 'parquet', 'arrow'];

/** The files the arguments ask for, in option order (json, csv, parquet, arrow), named for `env` and the run's start `at`. */
export function outputFiles(args: Pick<BenchArgs, OutputFormat>, env: Pick<RunEnvironment, 'host' | 'adapter' | 'backend'>, at: Date): OutputFile[] {
  return FORMATS.flatMap((format) => {
    const template = args[format];
    return template === undefined ? [] : [{ format, path: resultsPath(template, env, at) }];
  });
}

/**
 * Makes each file's folder (as `mkdir -p`) and checks that it can be written in.
 * Throws one UsageError (exit 2) naming every file whose folder cannot be made or written, before any GPU work.
 */
export async function prepareOutputFolders(files: readonly OutputFile[]): Promise<void> {
  const problems: string[] = [];
  for (const file of files) {
    const dir = dirname(file.path);
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (e) {
      problems.push(`--${file.format} ${file.path}: cannot make or write in the folder ${dir}: ${messageOf(e)}`);
    }
  }
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\nNothing was measured.`);
}

/**
 * Writes every file, its folder made first; `data` encodes a format when its file is written (an encoder that throws
 * costs that file only). Each file written is said with `say`; the result is one line per file that was not
 * written, naming it and why (empty when all were).
 */
export async function writeOutputFiles(files: readonly OutputFile[], data: (format: OutputFormat) => string | Uint8Array, say: (line: string) => void): Promise<string[]> {
  const failures: string[] = [];
  for (const file of files) {
    try {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, data(file.format));
      say(`Wrote ${file.path}`);
    } catch (e) {
      failures.push(`Cannot write ${file.path} (--${file.format}): ${messageOf(e)}`);
    }
  }
  return failures;
}
