/**
 * The two backends agree: the same library kernels and one user kernel run
 * on the browser backend (Chromium) and on the Dawn backend (Dawn in Node),
 * both on SwiftShader here; both must be correct, their medians for the same
 * kernel and shape within AGREEMENT of each other (the README states it), and
 * --compare reads one backend's file against the other's run. Then Dawn's
 * own --timeout: a kernel that never ends is killed with its process, and
 * the next kernel runs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import * as parquet from 'parquet-wasm';
import { readTable, tableRows } from '../src/data/table';
import { TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../src/kernels/custom-template';
import { bench } from './bench-run';
import { writeSpinKernel } from './endless-kernel';

/** The factor within which the two backends' medians must agree on SwiftShader (README, "Two backends"). */
const AGREEMENT = 10;

const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-backends-'));
const LIBRARY = 'vector/saxpy,bandwidth/copy,matmul/naive';

test.describe.configure({ timeout: 600_000 });

interface Entry {
  kernel: string;
  params: Record<string, number>;
  medianMs: number;
  correct: boolean;
  compared: boolean;
  error?: { kind: string };
}
interface File {
  environment: { backend: string; host: string; adapter: string; driver: string; runtime: string; dawnVersion?: string };
  results: Entry[];
}

function writeScaleKernel(): string {
  writeFileSync(join(dir, 'scale.wgsl'), TEMPLATE_WGSL);
  writeFileSync(join(dir, 'scale.json'), JSON.stringify({ ...(JSON.parse(TEMPLATE_SIDECAR) as Record<string, unknown>), reference: 'scale.reference.ts', presets: { small: { N: 65536 } } }));
  writeFileSync(join(dir, 'scale.reference.ts'), 'export default (inputs: { x: Float32Array }) => ({ y: Float64Array.from(inputs.x, (v) => 3 * v) });\n');
  return join(dir, 'scale.wgsl');
}

test('library kernels and a user kernel on both backends: correct, medians within the stated factor, --compare across backends', () => {
  const scale = writeScaleKernel();
  const browserJson = join(dir, 'browser.json');
  const b = bench(['--kernels', LIBRARY, '--kernel-file', scale, '--size', 'small', '--json', browserJson]);
  expect(b.status, b.stderr).toBe(0);
  const d = bench(['--backend', 'dawn', '--kernels', LIBRARY, '--kernel-file', scale, '--size', 'small', '--json', join(dir, 'dawn-{host}-{adapter}.json'), '--parquet', join(dir, 'dawn.parquet'), '--compare', browserJson]);
  expect(d.status, d.stderr).toBe(0);
  expect(d.stderr).toContain('dawn backend, Dawn (webgpu ');

  const browser = JSON.parse(readFileSync(browserJson, 'utf8')) as File;
  const dawn = JSON.parse(readFileSync(join(dir, `dawn-${browser.environment.host.replace(/[^A-Za-z0-9._-]+/g, '-')}-google-swiftshader.json`), 'utf8')) as File;
  expect(browser.environment).toMatchObject({ backend: 'browser', adapter: 'google swiftshader' });
  expect(browser.environment.runtime).toMatch(/^Chromium \d+\./);
  expect(dawn.environment).toMatchObject({ backend: 'dawn', adapter: 'google swiftshader', host: browser.environment.host });
  expect(dawn.environment.driver).toContain('SwiftShader');
  expect(dawn.environment.dawnVersion).toMatch(/^\d+\.\d+\.\d+$/);

  const kernels = ['vector/saxpy', 'bandwidth/copy', 'matmul/naive', 'custom/scale'];
  for (const file of [browser, dawn]) {
    expect(file.results.map((r) => r.kernel)).toEqual(kernels);
    for (const r of file.results) expect([r.kernel, r.correct, r.compared]).toEqual([r.kernel, true, true]);
  }
  for (const [i, k] of kernels.entries()) {
    const [x, y] = [browser.results[i]!, dawn.results[i]!];
    expect(y.params).toEqual(x.params);
    const ratio = Math.max(x.medianMs, y.medianMs) / Math.min(x.medianMs, y.medianMs);
    expect(ratio, `${k}: browser ${x.medianMs} ms, Dawn ${y.medianMs} ms`).toBeLessThan(AGREEMENT);
  }

  // --compare: the browser's file as the baseline of the Dawn run, every kernel and shape matched.
  expect(d.stdout).toContain(`Compared with ${browserJson} (the browser backend on google swiftshader`);
  expect(d.stdout).toContain('this run: the dawn backend on google swiftshader (SwiftShader driver');
  const compared = d.stdout.slice(d.stdout.indexOf('Compared with'));
  for (const k of kernels) expect(compared).toMatch(new RegExp(`${k.replace('/', '\\/')} [^\\n]*×\\d`));

  // The Parquet file repeats the environment on every row: what a merge of many machines' files groups by.
  const rows = tableRows(readTable(new Uint8Array(readFileSync(join(dir, 'dawn.parquet'))), parquet));
  expect(rows.map((row) => [row.backend, row.adapter, row.host, row.kernel])).toEqual(kernels.map((k) => ['dawn', 'google swiftshader', browser.environment.host, k]));
});

test('on Dawn, a kernel that never ends is killed with its process after --timeout, and the next kernel runs', () => {
  writeSpinKernel(dir);
  const scale = writeScaleKernel();
  const out = join(dir, 'spin-dawn.json');
  const r = bench(['--backend', 'dawn', '--kernel-file', join(dir, 'spin.wgsl'), '--kernel-file', scale, '--size', 'small', '--timeout', '8', '--json', out]);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toContain('custom/spin N=1: did not finish within 8 s (an endless loop?); restarting the Dawn process');
  const results = (JSON.parse(readFileSync(out, 'utf8')) as File).results;
  expect(results.map((x) => [x.kernel, x.correct, x.error?.kind])).toEqual([['custom/spin', false, 'timeout'], ['custom/scale', true, undefined]]);
});
