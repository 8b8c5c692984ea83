import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Kernel tests run on a real WebGPU device through Dawn (the `webgpu` package).
// On machines without a GPU, Dawn needs a Vulkan driver: Debian's Chromium ships
// SwiftShader and its own libvulkan. These variables must be in the environment
// before the test processes start (the loader reads LD_LIBRARY_PATH at exec), so
// they are set here, in the parent, and the `forks` pool passes them on.
const chromiumLib = '/usr/lib/chromium';
if (!process.env.VK_ICD_FILENAMES && existsSync(`${chromiumLib}/vk_swiftshader_icd.json`)) {
  process.env.VK_ICD_FILENAMES = `${chromiumLib}/vk_swiftshader_icd.json`;
}
if (existsSync(`${chromiumLib}/libvulkan.so.1`)) {
  const current = process.env.LD_LIBRARY_PATH;
  if (!current?.split(':').includes(chromiumLib)) {
    process.env.LD_LIBRARY_PATH = current ? `${current}:${chromiumLib}` : chromiumLib;
  }
}
// Dawn warns on every start when XDG_RUNTIME_DIR is unset; a private 0700 folder quiets it.
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `kernel-lab-xdg-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  process.env.XDG_RUNTIME_DIR = dir;
}

export default defineConfig({
  // As in vite.config.ts: wgsl_reflect's ES module build, not its broken CommonJS "main".
  resolve: { alias: [{ find: /^wgsl_reflect$/, replacement: 'wgsl_reflect/wgsl_reflect.module.js' }] },
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
