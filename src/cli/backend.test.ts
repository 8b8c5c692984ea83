import { describe, expect, it } from 'vitest';
import { fileSafe, resultsPath, runEnvironment } from './backend';
import { childEnvironment, noAdapterMessage } from './dawn-session';
import { DAWN_CHILD_ENV } from './dawn-protocol';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const device = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA: 550.54.14', isFallbackAdapter: false, features: [], limits: {} };

describe('backends', () => {
  it('records where a run was measured: backend, host, adapter, driver, runtime', () => {
    const env = runEnvironment('dawn', device, 'Dawn (webgpu 0.6.2) on Node v20.20.0', '0.6.2');
    expect(env).toMatchObject({ backend: 'dawn', adapter: 'nvidia hopper', driver: 'NVIDIA: 550.54.14', dawnVersion: '0.6.2', platform: `${process.platform}-${process.arch}` });
    expect(env.host.length).toBeGreaterThan(0);
  });

  it('names one results file per machine: {host}, {adapter} and {backend}, made safe for a file name', () => {
    const env = { host: 'gpu-07.cluster', adapter: 'nvidia hopper', backend: 'dawn' as const };
    expect(resultsPath('out/{host}-{adapter}.parquet', env)).toBe('out/gpu-07.cluster-nvidia-hopper.parquet');
    expect(resultsPath('r-{backend}.json', env)).toBe('r-dawn.json');
    expect(resultsPath('plain.json', env)).toBe('plain.json');
    expect(resultsPath('r/{date}T{time}-{host}.json', env, new Date('2026-12-01T14:25:30.500Z'))).toBe('r/2026-12-01T142530-gpu-07.cluster.json');
    expect(fileSafe(' NVIDIA: 550/54 ')).toBe('NVIDIA-550-54');
    expect(fileSafe('///')).toBe('unknown');
  });

  it('starts the Dawn process with the folder\'s own Vulkan loader, when one is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-folder-'));
    const script = join(dir, 'kernel-lab-bench.mjs');
    expect(childEnvironment(script, { LD_LIBRARY_PATH: '/opt/lib', XDG_RUNTIME_DIR: '/run/x' })).toEqual({ LD_LIBRARY_PATH: '/opt/lib', XDG_RUNTIME_DIR: '/run/x', [DAWN_CHILD_ENV]: '1' });
    mkdirSync(join(dir, 'vulkan'));
    writeFileSync(join(dir, 'vulkan', 'libvulkan.so.1'), '');
    expect(childEnvironment(script, { LD_LIBRARY_PATH: '/opt/lib', XDG_RUNTIME_DIR: '/run/x' }).LD_LIBRARY_PATH).toBe(`${join(dir, 'vulkan')}:/opt/lib`);
    expect(childEnvironment(script, { XDG_RUNTIME_DIR: '/run/x' }).LD_LIBRARY_PATH).toBe(join(dir, 'vulkan'));
    // Dawn warns on every start without XDG_RUNTIME_DIR: a private folder is made.
    expect(childEnvironment(script, {}).XDG_RUNTIME_DIR).toMatch(/kernel-lab-xdg-/);
  });

  it('says, when Dawn finds no adapter, what it said, what was tried and what to check', () => {
    const text = noAdapterMessage('requestAdapter returned none', { VK_ICD_FILENAMES: '/x/icd.json' }, ['Warning: Couldn\'t load Vulkan: libvulkan.so.1: cannot open shared object file']);
    expect(text).toContain('Dawn found no GPU adapter: requestAdapter returned none.');
    expect(text).toContain('  Warning: Couldn\'t load Vulkan');
    expect(text).toContain('  VK_ICD_FILENAMES=/x/icd.json');
    expect(text).toContain('  VK_DRIVER_FILES=(unset)');
    expect(text).toContain('  LD_LIBRARY_PATH=(unset)');
    expect(text).toContain('ldconfig -p | grep libvulkan.so.1');
    expect(text).toContain('vulkaninfo --summary');
    expect(text).toContain('VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json');
  });
});
