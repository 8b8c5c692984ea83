/**
 * WebGPU's error scopes, used safely: one section at a time per device, and
 * whatever a section's scopes caught turned into a typed error (errors.ts).
 */
import { KernelLabError } from './errors';

const scopeLocks = new WeakMap<GPUDevice, Promise<unknown>>();

/**
 * A device has one stack of error scopes, and pops are last-in-first-out
 * whoever pushed: two async sections (a run, and the compile check as the user
 * types) would pop each other's scopes and report each other's errors. So every
 * section that pushes scopes runs alone, in call order. Sections must not nest.
 */
export function exclusiveScopes<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  const previous = scopeLocks.get(device) ?? Promise.resolve();
  const mine = previous.then(fn, fn);
  scopeLocks.set(device, mine.catch(() => undefined));
  return mine;
}

/**
 * Run GPU calls inside validation, out-of-memory and internal error scopes and
 * turn whatever they caught into a typed error naming `what` was being done.
 */
export function withErrorScopes<T>(device: GPUDevice, what: string, fn: () => T | Promise<T>): Promise<T> {
  return exclusiveScopes(device, () => scoped(device, what, fn));
}

async function scoped<T>(device: GPUDevice, what: string, fn: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T | undefined;
  let thrown: unknown;
  let threw = false;
  try {
    result = await fn();
  } catch (e) {
    thrown = e;
    threw = true;
  }
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  const internal = await device.popErrorScope();
  if (oom) throw new KernelLabError('out-of-memory', `Out of GPU memory while ${what}: ${oom.message || 'the device could not allocate it'}. Try smaller sizes.`);
  if (validation) throw new KernelLabError('validation', `WebGPU rejected ${what}: ${validation.message.trim()}`);
  if (internal) throw new KernelLabError('internal', `The GPU driver failed while ${what}: ${internal.message}`);
  if (threw) throw thrown;
  return result as T;
}
