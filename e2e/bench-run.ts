/**
 * The runner as the backend tests start it: `npm run bench` (or the
 * single-folder build's script) in a child process, with Dawn pointed at a
 * Vulkan driver. On a machine without a GPU that is Chromium's SwiftShader,
 * as vitest.config.ts does for the unit tests; a driver already named in the
 * environment is left as it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM_LIB = '/usr/lib/chromium';

/** This environment, plus SwiftShader's manifest and Chromium's Vulkan loader where nothing else is named. */
export function vulkanEnv(withLoader = true): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && existsSync(`${CHROMIUM_LIB}/vk_swiftshader_icd.json`)) env.VK_ICD_FILENAMES = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;
  if (withLoader && existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`) && !env.LD_LIBRARY_PATH?.split(':').includes(CHROMIUM_LIB)) {
    env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${env.LD_LIBRARY_PATH}:${CHROMIUM_LIB}` : CHROMIUM_LIB;
  }
  return env;
}

export interface BenchRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run bench -- …args` with Dawn's Vulkan variables set. */
export function bench(args: readonly string[], timeoutMs = 300_000): BenchRun {
  const r = spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { encoding: 'utf8', timeout: timeoutMs, env: vulkanEnv() });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
