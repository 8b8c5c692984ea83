/**
 * The single-folder runner: `npm run build:bench` makes dist-bench/, which is
 * copied to a folder outside the repository (no node_modules above it) and
 * run there with Node alone, Dawn on SwiftShader. Where Chromium brings its
 * own Vulkan loader, the copy takes it in vulkan/ and LD_LIBRARY_PATH is
 * left unset: the README's steps for a machine without a system loader.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../src/kernels/custom-template';
import { vulkanEnv } from './bench-run';

test.describe.configure({ timeout: 300_000 });

const CHROMIUM_LOADER = '/usr/lib/chromium/libvulkan.so.1';

test('the single folder runs on Node alone, copied out of the repository', () => {
  const build = spawnSync('npm', ['run', '--silent', 'build:bench'], { encoding: 'utf8', timeout: 180_000 });
  expect(build.status, build.stderr).toBe(0);
  // Only this machine's Dawn: the webgpu package ships five platforms'.
  expect(readdirSync('dist-bench/dawn').filter((f) => !f.includes('.')).sort()).toEqual([`${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`]);

  const away = mkdtempSync(join(tmpdir(), 'kernel-lab-folder-'));
  const folder = join(away, 'kernel-lab-bench');
  cpSync('dist-bench', folder, { recursive: true });
  expect(existsSync(join(away, 'node_modules'))).toBe(false);
  const env = vulkanEnv(false);
  delete env.LD_LIBRARY_PATH;
  if (existsSync(CHROMIUM_LOADER)) {
    mkdirSync(join(folder, 'vulkan'));
    cpSync(CHROMIUM_LOADER, join(folder, 'vulkan', 'libvulkan.so.1'));
  }
  const run = (...args: string[]) => spawnSync(process.execPath, [join(folder, 'kernel-lab-bench.mjs'), ...args], { cwd: away, encoding: 'utf8', timeout: 180_000, env });

  const r = run('--backend', 'dawn', '--kernels', 'vector/saxpy', '--size', 'small', '--json', 'saxpy.json');
  expect(r.status, r.stderr).toBe(0);
  const file = JSON.parse(readFileSync(join(away, 'saxpy.json'), 'utf8')) as { schema: string; environment: Record<string, string>; results: { kernel: string; correct: boolean; medianMs: number }[] };
  expect(file.schema).toBe('kernel-lab/results@1');
  expect(file.environment).toMatchObject({ backend: 'dawn', dawnVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/) as unknown as string });
  expect(file.results.map((x) => [x.kernel, x.correct])).toEqual([['vector/saxpy', true]]);
  expect(file.results[0]!.medianMs).toBeGreaterThan(0);

  // A user kernel with a JavaScript reference, and the Parquet writer (its wasm travels in the folder).
  writeFileSync(join(away, 'scale.wgsl'), TEMPLATE_WGSL);
  writeFileSync(join(away, 'scale.json'), JSON.stringify({ ...(JSON.parse(TEMPLATE_SIDECAR) as Record<string, unknown>), reference: 'scale.reference.js', presets: { small: { N: 4099 } } }));
  writeFileSync(join(away, 'scale.reference.js'), 'export default (inputs) => ({ y: Float64Array.from(inputs.x, (v) => 3 * v) });\n');
  const u = run('--kernel-file', 'scale.wgsl', '--size', 'small', '--parquet', 'scale-{backend}.parquet');
  expect(u.status, u.stderr).toBe(0);
  expect(u.stdout).toMatch(/custom\/scale\s+N=4099\s.*correct/);
  expect(readFileSync(join(away, 'scale-dawn.parquet')).subarray(0, 4).toString()).toBe('PAR1');

  // What the folder cannot do is refused by name.
  const b = run('--backend', 'browser', '--kernels', 'vector/saxpy');
  expect(b.status).toBe(2);
  expect(b.stderr).toContain('This folder runs the Dawn backend only');
});
