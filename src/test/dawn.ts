/**
 * A real WebGPU device in Node through Dawn (the `webgpu` package), for tests.
 *
 * The object `create()` returns must stay referenced for the whole process:
 * if it is garbage-collected, Dawn aborts or deadlocks. It lives in this
 * module's scope, which lives as long as the test worker.
 */
import { create, globals } from 'webgpu';
import { acquireGpu, type GpuContext } from '../gpu/device';
import { messageOf } from '../gpu/errors';

Object.assign(globalThis, globals);

let dawn: GPU | undefined;
let shared: Promise<GpuContext> | undefined;

export function nodeGpu(): GPU {
  dawn ??= create([]);
  return dawn;
}

const HELP =
  'Dawn found no GPU adapter. On a machine without a GPU, install Debian\'s chromium package: its SwiftShader ' +
  'driver (/usr/lib/chromium/vk_swiftshader_icd.json) and libvulkan are picked up by vitest.config.ts.';

/** One device per test file, shared by its tests. */
export function testGpu(): Promise<GpuContext> {
  shared ??= acquireGpu(nodeGpu()).catch((e: unknown) => {
    throw new Error(`${HELP} (${messageOf(e)})`);
  });
  return shared;
}
