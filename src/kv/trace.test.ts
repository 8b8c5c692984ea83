/**
 * Serving traces: the sample is committed as the script writes it, reads the
 * same from CSV, Parquet and Arrow through the data loaders, and has the
 * shape the README claims (Poisson arrivals, long-tailed lengths with the
 * paper's means); a bad trace is refused naming the row and the column.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { loadData } from '../data/load';
import { DEFAULT_MAX_LENGTH, traceFromTable } from './trace';
import { generateTrace, SAMPLE_TRACE, traceSampleFiles, traceTable } from './trace-sample';

const files = traceSampleFiles(parquet as never);
const committed = (name: string): Uint8Array => new Uint8Array(readFileSync(join(import.meta.dirname, '../../public/data', name)));
const read = async (bytes: Uint8Array, file: string, maxLength = DEFAULT_MAX_LENGTH) => traceFromTable((await loadData(bytes, file, { parquet: parquet as never })).table, { file, maxLength });
const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
const csv = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the sample trace', () => {
  it('is committed as npm run samples writes it, and listed for the data panel', () => {
    for (const f of files) expect(Buffer.from(committed(f.name)).equals(Buffer.from(f.bytes)), `public/data/${f.name} is stale: run npm run samples`).toBe(true);
    const index = JSON.parse(new TextDecoder().decode(committed('index.json'))) as { name: string; bytes: number }[];
    for (const f of files) expect(index).toContainEqual(expect.objectContaining({ name: f.name, bytes: f.bytes.length }));
  });

  it('reads as the same requests from CSV, Parquet and Arrow', async () => {
    const generated = generateTrace();
    const [fromCsv, fromParquet] = await Promise.all(files.map((f) => read(f.bytes.slice(), f.name)));
    const fromArrow = await read(tableToIPC(traceTable(generated), 'file'), 'trace.arrow');
    expect(fromCsv).toEqual(generated);
    expect(fromParquet).toEqual(generated);
    expect(fromArrow).toEqual(generated);
  });

  it('has Poisson arrivals and long-tailed lengths with the vLLM paper\'s ShareGPT means', () => {
    const t = generateTrace();
    expect(t).toHaveLength(SAMPLE_TRACE.requests);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const prompts = t.map((r) => r.promptTokens);
    const outputs = t.map((r) => r.outputTokens);
    expect(Math.abs(mean(prompts) - 161)).toBeLessThan(1);
    expect(Math.abs(mean(outputs) - 338)).toBeLessThan(1);
    // Exponential gaps: mean 1/rate, and a standard deviation equal to the mean.
    const gaps = t.slice(1).map((r, i) => r.arrivalS - t[i]!.arrivalS);
    const m = mean(gaps);
    const sd = Math.sqrt(mean(gaps.map((g) => (g - m) ** 2)));
    expect(m).toBeCloseTo(1 / SAMPLE_TRACE.ratePerS, 2);
    expect(sd / m).toBeGreaterThan(0.9);
    expect(sd / m).toBeLessThan(1.1);
    // Long tails: the 99th percentile is several times the median, and every request fits the context.
    expect(quantile(outputs, 0.99) / quantile(outputs, 0.5)).toBeGreaterThan(5);
    expect(quantile(prompts, 0.99) / quantile(prompts, 0.5)).toBeGreaterThan(5);
    expect(Math.max(...t.map((r) => r.promptTokens + r.outputTokens))).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
  });
});

describe('a trace file', () => {
  const header = 'arrival_s,prompt_tokens,output_tokens\n';

  it('may list requests out of order and carry other columns', async () => {
    const t = await read(csv('id,arrival_s,prompt_tokens,output_tokens\na,2.5,10,4\nb,0.5,7,1\n'), 'mine.csv');
    expect(t).toEqual([{ row: 2, arrivalS: 0.5, promptTokens: 7, outputTokens: 1 }, { row: 1, arrivalS: 2.5, promptTokens: 10, outputTokens: 4 }]);
  });

  it('is refused naming the row and column of a bad value', async () => {
    await expect(read(csv(`${header}0,10,4\n1,-3,4\n`), 'neg.csv')).rejects.toThrow('neg.csv: out of range: row 2, column "prompt_tokens": -3 is not a whole number of tokens ≥ 1.');
    await expect(read(csv(`${header}0,10,4\n1,10,4.5\n`), 'frac.csv')).rejects.toThrow('row 2, column "output_tokens": 4.5 is not a whole number of tokens ≥ 1');
    await expect(read(csv(`${header}0,10,4\n,10,4\n`), 'gap.csv')).rejects.toThrow('gap.csv: out of range: row 2, column "arrival_s": the value is missing (null).');
    await expect(read(csv(`${header}-1,10,4\n`), 'early.csv')).rejects.toThrow('row 1, column "arrival_s": -1 is before the trace starts');
    await expect(read(csv(`${header}0,10,4\n1,ten,4\n`), 'text.csv')).rejects.toThrow('text.csv: unsupported column type: column "prompt_tokens" must hold numbers, and it is Utf8: row 2 holds "ten", not a number.');
    await expect(read(csv(`${header}0,2000,49\n`), 'long.csv')).rejects.toThrow('row 1, columns "prompt_tokens" and "output_tokens": 2000 + 49 tokens is longer than the 2048-token maximum length of a sequence');
    await expect(read(csv('arrival,prompt_tokens,output_tokens\n0,1,1\n'), 'names.csv')).rejects.toThrow('names.csv: no such column: a trace needs the columns "arrival_s", "prompt_tokens", "output_tokens"; there is no "arrival_s" (the columns are "arrival", "prompt_tokens", "output_tokens").');
    await expect(read(csv(header), 'none.csv')).rejects.toThrow('none.csv: empty: the trace has no requests.');
  });
});
