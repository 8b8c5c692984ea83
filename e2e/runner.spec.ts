/**
 * The headless runner (`npm run bench`), driven as a user would: its JSON
 * against the documented schema, a broken kernel (exit 1, compile error
 * printed), an unreadable sidecar (exit 2), and a comparison with a results
 * file exported from the page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import { TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../src/kernels/custom-template';
import { download, openApp, pickKernel, setField } from './helpers';
import { writeSpinKernel } from './endless-kernel';

const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-runner-'));

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The page's new-kernel template doubles as the runner's user kernel: one format.
const SCALE_WGSL = TEMPLATE_WGSL;
const SCALE_JSON = { ...(JSON.parse(TEMPLATE_SIDECAR) as Record<string, unknown>), reference: 'scale.reference.ts', presets: { small: { N: 4099 } } };
const BROKEN_LINE = SCALE_WGSL.split('\n').findIndex((l) => l.includes('y[gid.x] = S * x[gid.x];')) + 1;

const SCALE_REFERENCE = `export default function reference(inputs: { x: Float32Array }): { y: Float64Array } {
  return { y: Float64Array.from(inputs.x, (v) => 3 * v) };
}
`;

/** The user kernel beside its sidecar and TypeScript reference, as a user would lay them out. */
function writeScaleKernel(): void {
  writeFileSync(join(dir, 'scale.wgsl'), SCALE_WGSL);
  writeFileSync(join(dir, 'scale.json'), JSON.stringify(SCALE_JSON));
  writeFileSync(join(dir, 'scale.reference.ts'), SCALE_REFERENCE);
}

function expectResultsSchema(file: Record<string, unknown>): void {
  expect(file.schema).toBe('kernel-lab/results@1');
  const device = file.device as Record<string, unknown>;
  for (const k of ['vendor', 'architecture', 'description']) expect(typeof device[k]).toBe('string');
  expect(Array.isArray(device.features)).toBe(true);
  expect(typeof (device.limits as Record<string, number>).maxStorageBufferBindingSize).toBe('number');
  const results = file.results as Record<string, unknown>[];
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) {
    expect(typeof r.kernel).toBe('string');
    expect(typeof r.params).toBe('object');
    expect(typeof r.constants).toBe('object');
    expect(['timestamp-query', 'wall-clock']).toContain(r.timing);
    for (const k of ['samples', 'medianMs', 'minMs', 'p90Ms', 'gflops', 'gbps', 'intensity', 'relError', 'maxAbsError']) {
      expect(typeof r[k], k).toBe('number');
    }
    expect(r.samples as number).toBeGreaterThanOrEqual(3);
    expect(r.minMs as number).toBeLessThanOrEqual(r.medianMs as number);
    expect(r.p90Ms as number).toBeGreaterThanOrEqual(r.medianMs as number);
    expect(typeof r.correct).toBe('boolean');
    expect(r.sourceHash).toMatch(/^[0-9a-f]{14}$/);
  }
}

test.describe.configure({ timeout: 300_000 });

test('the runner calibrates, measures a subset, writes schema-true JSON, CSV, Arrow and Parquet, and runs a user kernel', () => {
  writeScaleKernel();
  const out = join(dir, 'smoke');
  const r = bench('--calibrate', '--kernels', 'vector/*,bandwidth/copy,matmul/naive', '--kernel-file', join(dir, 'scale.wgsl'), '--size', 'small', '--constants', 'WG=128',
    '--json', `${out}.json`, '--csv', `${out}.csv`, '--parquet', `${out}.parquet`, '--arrow', `${out}.arrow`);
  expect(r.stderr).toContain('Device: ');
  // This machine's adapter is SwiftShader: the runner says, once, why its figures are not a GPU's.
  expect(r.stderr).toMatch(/Device: .*\(software fallback adapter\).*\nNote: a software adapter runs kernels on the CPU\./);
  expect(r.stderr.match(/Note: a software adapter/g)).toHaveLength(1);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/Ceilings: [\d.]+ GB\/s \(bandwidth\/[\w-]+ N=\d+\), [\d.]+ GFLOP\/s/);
  expect(r.stderr).toMatch(/Best shader copy \/ copyBufferToBuffer: \d+\.\d\d \(goal ≥ 0\.90\)/);
  for (const id of ['vector/saxpy', 'bandwidth/copy', 'matmul/naive', 'custom/scale']) expect(r.stdout).toContain(id);
  expect(r.stdout).toMatch(/kernel\s+params\s+median ms\s+spread\s+GFLOP\/s\s+GB\/s\s+% roof\s+check\s+rel error\s+timing/);
  const file = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Record<string, unknown>;
  expectResultsSchema(file);
  const ceilings = file.ceilings as { gbps: number; gflops: number };
  expect(ceilings.gbps).toBeGreaterThan(0);
  expect(ceilings.gflops).toBeGreaterThan(0);
  const all = file.results as Record<string, unknown>[];
  expect(all.filter((x) => x.suite === 'calibration').map((x) => x.kernel)).toEqual(expect.arrayContaining(['bandwidth/native-copy', 'compute/fma']));
  for (const x of all) expect(typeof x.roofFraction).toBe('number');
  const results = all.filter((x) => x.suite === undefined);
  expect(results.map((x) => x.kernel)).toEqual(['vector/saxpy', 'bandwidth/copy', 'matmul/naive', 'custom/scale']);
  expect(results.every((x) => x.correct === true)).toBe(true);
  expect(results[2]?.params).toEqual({ M: 128, N: 128, K: 128 });
  // --constants reached every kernel that declares WG, and only those.
  expect(results.map((x) => (x.constants as Record<string, number>).WG)).toEqual([128, 128, undefined, 128]);
  // The browser backend says so, and its CSV leads every row with where it was measured.
  expect(file.environment).toMatchObject({ backend: 'browser', adapter: expect.any(String) as unknown as string, host: expect.any(String) as unknown as string });
  expect(readFileSync(`${out}.csv`, 'utf8').split('\n')[0]).toMatch(/^backend,host,adapter,driver,runtime,kernel,params,constants,timing,samples,/);
  expect(readFileSync(`${out}.parquet`).subarray(0, 4).toString()).toBe('PAR1');
  const arrow = tableFromIPC(readFileSync(`${out}.arrow`));
  expect(arrow.getChild('kernel')?.toArray()).toEqual(all.map((x) => x.kernel));
});

test('a broken kernel file exits 1 and prints its compile error; an unreadable sidecar or bad arguments exit 2', () => {
  writeFileSync(join(dir, 'broken.wgsl'), SCALE_WGSL.replace('y[gid.x] = S * x[gid.x];', 'y[gid.x] = S * xx[gid.x];'));
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...SCALE_JSON, reference: undefined }));
  const broken = bench('--kernel-file', join(dir, 'broken.wgsl'), '--size', 'small');
  expect(broken.status).toBe(1);
  expect(broken.stderr).toMatch(new RegExp(`custom/broken: Compile error at line ${BROKEN_LINE}, column \\d+: unresolved value 'xx'`));
  expect(broken.stdout).toContain('FAILED (compile)');

  writeFileSync(join(dir, 'orphan.wgsl'), SCALE_WGSL);
  const orphan = bench('--kernel-file', join(dir, 'orphan.wgsl'));
  expect(orphan.status).toBe(2);
  expect(orphan.stderr).toContain(`Cannot read the sidecar ${join(dir, 'orphan.json')}: no such file.`);

  writeFileSync(join(dir, 'typo.wgsl'), SCALE_WGSL);
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ...SCALE_JSON, reference: undefined, buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'Nn' }] }));
  const typo = bench('--kernel-file', join(dir, 'typo.wgsl'));
  expect(typo.status).toBe(2);
  expect(typo.stderr).toContain('typo.json: buffers[1].length: "Nn" uses \'Nn\', which is neither a parameter nor a constant (known: N, WG, S)');

  const args = bench('--kernels', 'nosuch/*');
  expect(args.status).toBe(2);
  expect(args.stderr).toContain('--kernels: nothing matches "nosuch/*"');
  const tile = bench('--kernels', 'matmul/tiled', '--constants', 'TILE=12');
  expect(tile.status).toBe(2);
  expect(tile.stderr).toContain('--constants: matmul/tiled takes TILE = 4, 8, 16, not 12.');
});

test('--peers measures TensorFlow.js at every matmul shape and prints our best ratio', () => {
  const out = join(dir, 'peers.json');
  const r = bench('--kernels', 'matmul/naive,matmul/vec4', '--params', 'M=40,N=24,K=36', '--peers', '--json', out);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/our best, matmul\/(naive|vec4): [\d.e+-]+ GFLOP\/s = ×\d+\.\d\d TF\.js/);
  const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: Record<string, unknown>[] }).results;
  const peer = results.find((x) => x.kernel === 'peer/tfjs-matmul')!;
  expect(peer).toMatchObject({ params: { M: 40, N: 24, K: 36 }, correct: true, timing: 'wall-clock', suite: 'peer' });
  expect(peer.gflops as number).toBeGreaterThan(0);
});

test('a history exported from the page compares with the runner', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'bandwidth/copy');
  await setField(page, 'N', '5000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  const exported = join(dir, 'page.json');
  writeFileSync(exported, await download(page, 'Export JSON'));
  expectResultsSchema(JSON.parse(readFileSync(exported, 'utf8')) as Record<string, unknown>);

  const fromRunner = join(dir, 'runner.json');
  const r = bench('--kernels', 'bandwidth/copy', '--params', 'N=5000', '--compare', exported, '--json', fromRunner);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain(`Compared with ${exported}`);
  expect(r.stdout).toMatch(/bandwidth\/copy N=5000\s+\S+\s+\S+\s+×\d+\.\d\d/);

  // And the other way round: the page compares its runs with the runner's file.
  const compare = page.getByTestId('compare');
  const notResults = join(dir, 'not-results.json');
  writeFileSync(notResults, '{"schema": "something/else"}');
  await compare.getByLabel('Compare with a results file').setInputFiles(notResults);
  await expect(page.getByTestId('compare-problem')).toHaveText('not-results.json is not a Kernel Lab results file: "schema" is "something/else", expected "kernel-lab/results@1".');
  await compare.getByLabel('Compare with a results file').setInputFiles(fromRunner);
  await expect(page.getByTestId('compare-problem')).toHaveCount(0);
  await expect(compare).toContainText('runner.json: google swiftshader');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toContainText(/N=5000.*((here|there) is [\d.,]+× faster than (here|there)|same speed)/);
  // A bad file after a good one: refused, and the good one stays.
  await compare.getByLabel('Compare with a results file').setInputFiles(notResults);
  await expect(page.getByTestId('compare-problem')).toContainText('Still comparing with runner.json.');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(1);
  // A shape the file does not have adds no row.
  await setField(page, 'N', '6000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(1);
  // The file stays loaded over a reload, until forgotten.
  await page.reload();
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(1);
  // With this page's history cleared, the file's shape is named as not run here yet.
  await page.getByRole('button', { name: 'Clear…' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('compare-table')).toHaveCount(0);
  await expect(compare).toContainText('Not run here yet: N=5000.');
  await compare.getByRole('button', { name: 'Forget' }).click();
  await expect(compare).not.toContainText('runner.json');
  await page.reload();
  await expect(page.locator('.editor-head h2 code')).toHaveText('bandwidth/copy');
  await expect(page.getByTestId('compare')).not.toContainText('runner.json');
});

test('a kernel that never ends is given up after --timeout, the browser restarted, and the next kernel still runs', () => {
  writeSpinKernel(dir);
  writeScaleKernel();
  const out = join(dir, 'spin.json.out');
  const r = bench('--kernel-file', join(dir, 'spin.wgsl'), '--kernel-file', join(dir, 'scale.wgsl'), '--size', 'small', '--timeout', '8', '--json', out);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toContain('custom/spin N=1: did not finish within 8 s (an endless loop?); restarting the browser');
  const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: Record<string, unknown>[] }).results;
  expect(results.map((x) => [x.kernel, x.correct, (x.error as { kind?: string } | undefined)?.kind])).toEqual([['custom/spin', false, 'timeout'], ['custom/scale', true, undefined]]);
});
