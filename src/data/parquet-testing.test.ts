/**
 * Interop with Parquet files no one here wrote: every file of the Apache
 * Parquet test corpus (apache/parquet-testing's data/ and bad_data/, at
 * PARQUET_TESTING_DIR or ../shared/data/parquet-testing; never committed
 * here) goes through the same decoder the page uses, on a worker thread with a
 * per-file timeout, so a hang or a crash is caught and the next file still
 * gets a working decoder. A Parquet file must load with the row count and
 * schema its own footer states (read by footer.ts, not by the decoder), or
 * fail with the reason listed for it below; nothing else may happen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir, corpusFiles, disagreements, printOutcomes } from '../test/parquet-corpus';
import { nodeDecoder } from '../test/node-decoder';
import type { DecodedData } from './decode';
import { DataError, type DataProblem } from './errors';
import { readParquetFooter, type ParquetFooter } from './footer';

/** Seconds a file may take to decode here (2 slow cores, the decoder's thread starting included) before it counts as a hang. */
const PER_FILE_S = 45;

/**
 * The data/ Parquet files this build cannot read, and the reason each must give (besides the
 * `.parquet.encrypted` files, which the corpus README says use Parquet Modular Encryption).
 * Every other data/ Parquet file must load.
 */
const CANNOT_READ: Readonly<Record<string, { readonly reason: DataProblem; readonly why: string }>> = {
  'data/large_string_map.brotli.parquet': { reason: 'too-large', why: 'its MAP holds two 1 GiB strings (corpus README): over 2 GiB uncompressed, refused from the footer before the decoder grows wasm32 memory to 3 GiB and traps' },
  'data/nation.dict-malformed.parquet': { reason: 'undecodable', why: 'a deliberately malformed dictionary page; parquet-rs stops at its page header' },
  'data/dict-page-offset-zero.parquet': { reason: 'undecodable', why: 'the arrow-rs inside parquet-wasm 0.8 rejects its column chunk metadata ("Expected list element type of I64 but got I16")' },
};

/**
 * bad_data/ files that parquet-wasm reads anyway, checked against their footers like any other. Every
 * other bad_data/ file must be refused with a reason.
 */
const BAD_BUT_READABLE: Readonly<Record<string, string>> = {
  'bad_data/ARROW-GH-43605.parquet': 'dictionary indices RLE-encoded with bit width 0 (so all 0): arrow-rs reads them as such, and rows and schema match the footer',
};

const dir = corpusDir();
const present = existsSync(join(dir, 'data'));
const outcomes: [string, string][] = [];

const isParquet = (f: string): boolean => /\.parquet(\.encrypted)?$/.test(f);
const pairedParquet = (f: string): string | undefined => (f.endsWith('_expect.csv') ? f.replace(/_expect\.csv$/, '.parquet') : undefined);

function footerOf(path: string): ParquetFooter | DataError {
  try {
    return readParquetFooter(new Uint8Array(readFileSync(path)), basename(path));
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
}

type Outcome = { readonly decoded: DecodedData } | { readonly failure: unknown };

/** What is wrong with a file's outcome, by the rules above; empty when all is as it must be. */
function problemsWith(file: string, outcome: Outcome): string[] {
  const name = basename(file);
  const problems: string[] = [];
  const failure = 'failure' in outcome ? outcome.failure : undefined;
  const decoded = 'decoded' in outcome ? outcome.decoded : undefined;
  if ('failure' in outcome) {
    // A clear reason is a DataError naming the file, in one sentence; a timeout (CancelledError) or anything else is not.
    if (!(failure instanceof DataError)) return [`no clear reason: ${failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure)}`];
    if (!failure.message.startsWith(`${name}: `) || !failure.message.endsWith('.')) problems.push(`the message does not name the file in one sentence: ${failure.message}`);
  }
  if (isParquet(file)) {
    const known = file.endsWith('.parquet.encrypted') ? { reason: 'encrypted', why: 'Parquet Modular Encryption needs keys' } : CANNOT_READ[file];
    if (known) {
      if (!(failure instanceof DataError) || failure.reason !== known.reason) problems.push(`expected "${known.reason}" (${known.why})`);
      return problems;
    }
    if (file.startsWith('bad_data/') && !BAD_BUT_READABLE[file]) return decoded ? [...problems, 'a bad file loaded'] : problems;
    if (!decoded) return [...problems, 'it must load'];
    const footer = footerOf(join(dir, file));
    return footer instanceof DataError ? [...problems, footer.message] : [...problems, ...disagreements(decoded.table, footer)];
  }
  const paired = pairedParquet(file);
  if (paired) {
    // The corpus's expected values of a Parquet file, as CSV: as many rows and columns as that file's footer states.
    const footer = footerOf(join(dir, paired));
    if (footer instanceof DataError) return [...problems, footer.message];
    if (decoded?.info.format !== 'csv' || decoded.info.rows !== footer.numRows || decoded.info.columns.length !== footer.fields.length) {
      problems.push(`expected CSV of ${footer.numRows} rows × ${footer.fields.length} columns like ${paired}`);
    }
  }
  return problems;
}

describe('the Apache Parquet test corpus', () => {
  const decoder = nodeDecoder();
  const files = present ? corpusFiles(dir) : [];
  afterAll(() => {
    decoder.close();
    const parquet = outcomes.filter(([f]) => isParquet(f));
    const loaded = parquet.filter(([, o]) => o.startsWith('loaded'));
    if (present) printOutcomes(`Parquet test corpus at ${dir}: ${loaded.length} of ${parquet.length} Parquet files load; ${files.length} files in all`, outcomes);
  });

  it('is found, or the test says why it read no file rather than passing quietly', () => {
    if (!present) console.warn(`The Parquet test corpus is not at ${dir} (set PARQUET_TESTING_DIR to its folder): the interop test read no file.`);
    expect(files.some((f) => isParquet(f))).toBe(present);
  });

  // Every file, then a good one again: a failure must never leave the decoder broken for the next file.
  const runs = [...files.map((file) => ({ file, title: `reads ${file}, or says why not`, label: file })), ...(present ? [{ file: 'data/alltypes_plain.parquet', title: 'still reads data/alltypes_plain.parquet after all of them', label: 'data/alltypes_plain.parquet (again, last)' }] : [])];
  for (const { file, title, label } of runs) {
    it(`${title}`, async () => {
      const name = basename(file);
      let outcome: Outcome;
      try {
        outcome = { decoded: await decoder.decode(new Uint8Array(readFileSync(join(dir, file))), name, { signal: AbortSignal.timeout(PER_FILE_S * 1000) }) };
      } catch (failure) {
        outcome = { failure };
      }
      outcomes.push([label, 'decoded' in outcome
        ? `loaded: ${outcome.decoded.info.rows} row${outcome.decoded.info.rows === 1 ? '' : 's'} × ${outcome.decoded.info.columns.length} column${outcome.decoded.info.columns.length === 1 ? '' : 's'} (${outcome.decoded.info.format})`
        : outcome.failure instanceof Error ? outcome.failure.message.replace(`${name}: `, '') : String(outcome.failure)]);
      expect(problemsWith(file, outcome)).toEqual([]);
    }, (PER_FILE_S + 15) * 1000);
  }

});
