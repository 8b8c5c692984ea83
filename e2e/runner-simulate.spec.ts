/**
 * The runner's serving simulation (`--simulate kv`), driven as a user would:
 * a bad trace exits 2 naming the row and column, a budget that serves nothing
 * exits 2, and the first requests of the sample trace on a small budget print
 * both policies' table and the ratio of concurrent sequences and write the
 * `simulation` array and the measured step times into the results file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-runner-simulate-'));

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { encoding: 'utf8', timeout: 280_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test.describe.configure({ timeout: 300_000 });

test('a bad trace or a budget that serves nothing exits 2 with the reason', () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'arrival_s,prompt_tokens,output_tokens\n0,12,5\n0.5,30,-2\n');
  const r = bench('--simulate', 'kv', '--trace', bad);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--trace: bad.csv: out of range: row 2, column "output_tokens": -2 is not a whole number of tokens ≥ 1.');
  const tiny = bench('--simulate', 'kv', '--kv-mib', '0.5');
  expect(tiny.status).toBe(2);
  expect(tiny.stderr).toContain('--kv-mib 0.5: The KV budget holds 1024 tokens, less than one request\'s reservation (2048 tokens)');
  const missing = bench('--simulate', 'kv', '--trace', join(dir, 'nowhere.parquet'));
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('no such file');
});

test('the sample trace\'s first requests on a small budget: both policies, the ratio, and the results file', () => {
  const json = join(dir, 'sim.json');
  // --requests 80: the sample's first 80 arrivals, as the page's "Requests".
  const r = bench('--simulate', 'kv', '--requests', '80', '--kv-mib', '1', '--block-size', '8', '--json', json);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('Serving simulation: sharegpt-trace.csv (80 requests), KV budget 1 MiB = 2,048 tokens, paged blocks of 8; step times measured on this device (reserved with kv/contiguous-decode, paged with kv/paged-decode)');
  expect(r.stdout).toMatch(/^reserved\s+\d/m);
  expect(r.stdout).toMatch(/^paged\s+\d/m);
  expect(r.stdout).toMatch(/Concurrent sequences: paged runs ×\d+\.\d\d the reserved policy's/);
  const file = JSON.parse(readFileSync(json, 'utf8')) as { results: Record<string, unknown>[]; simulation: Record<string, unknown>[] };
  expect(file.simulation.map((s) => s.policy)).toEqual(['reserved', 'paged']);
  for (const s of file.simulation) {
    for (const k of ['tokensPerS', 'kvUtilization', 'maxConcurrent', 'ttftP50Ms', 'ttftP90Ms', 'tpotP50Ms', 'tpotP90Ms']) expect(typeof s[k], k).toBe('number');
    expect(s).toMatchObject({ requests: 80, trace: 'sharegpt-trace.csv', kvMib: 1, budgetTokens: 2048, blockSize: 8 });
    expect(s.ttftP90Ms as number).toBeGreaterThanOrEqual(s.ttftP50Ms as number);
  }
  const [reserved, paged] = file.simulation;
  // One 2048-token reservation fits the budget: the reserved policy serves one request at a time.
  expect(reserved!.maxConcurrent).toBe(1);
  expect(paged!.maxConcurrent as number).toBeGreaterThan(4);
  expect(paged!.kvUtilization as number).toBeGreaterThan(reserved!.kvUtilization as number);
  // The step times measured: checked decode runs, kept as results of their own suite.
  const steps = file.results.filter((e) => e.suite === 'simulation:kv');
  expect(steps.length).toBeGreaterThan(3);
  for (const e of steps) expect(e).toMatchObject({ kernel: expect.stringMatching(/^kv\/(paged|contiguous)-decode$/), correct: true });
  expect(new Set(steps.map((e) => e.kernel))).toEqual(new Set(['kv/paged-decode', 'kv/contiguous-decode']));
});
