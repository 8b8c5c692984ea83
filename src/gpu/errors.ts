/**
 * Every failure the user can meet, as a typed error whose message is a sentence
 * naming the thing and the reason. The UI decides where to show it by `kind`
 * (a compile error goes to the editor, a lost device to the device panel).
 */

export type ErrorKind =
  | 'no-webgpu'
  | 'compile'
  | 'pipeline'
  | 'binding'
  | 'validation'
  | 'out-of-memory'
  | 'internal'
  | 'limit'
  | 'params'
  | 'spec'
  | 'unsupported'
  | 'device-lost'
  | 'cancelled';

export class KernelLabError extends Error {
  override name = 'KernelLabError';
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
  }
}

export interface CompileMessage {
  readonly type: 'error' | 'warning' | 'info';
  /** 1-based line and column of the source; 0 when the compiler gave no place. */
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly message: string;
}

export class CompileError extends KernelLabError {
  override name = 'CompileError';
  constructor(readonly messages: readonly CompileMessage[], kind: 'compile' | 'pipeline' | 'binding' = 'compile') {
    super(kind, describeCompileMessages(messages, kind));
  }
}

function describeCompileMessages(messages: readonly CompileMessage[], kind: string): string {
  const errors = messages.filter((m) => m.type === 'error');
  const first = errors[0] ?? messages[0];
  if (!first) return `The shader did not ${kind === 'compile' ? 'compile' : 'make a pipeline'}, and the compiler said nothing more.`;
  const where = first.line > 0 ? ` at line ${first.line}, column ${first.column}` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const what = kind === 'compile' ? 'Compile error' : kind === 'binding' ? 'Binding mismatch' : 'Pipeline error';
  return `${what}${where}: ${first.message}${more}`;
}

export class LimitError extends KernelLabError {
  override name = 'LimitError';
  constructor(readonly limit: string, readonly needed: number, readonly allowed: number, what: string) {
    super('limit', `${what} needs ${formatLimitValue(limit, needed)}, but this device's ${limit} is ${formatLimitValue(limit, allowed)}.`);
  }
}

export class ParamsError extends KernelLabError {
  override name = 'ParamsError';
  constructor(readonly issues: readonly { readonly name: string; readonly message: string }[]) {
    super('params', issues.map((i) => i.message).join(' '));
  }
}

export class CancelledError extends KernelLabError {
  override name = 'CancelledError';
  constructor() {
    super('cancelled', 'The run was cancelled.');
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${v} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Limits counted in bytes (buffer and storage sizes), as opposed to counts. */
export function isByteLimit(name: string): boolean {
  return /(BindingSize|BufferSize|StorageSize)$/.test(name);
}

function formatLimitValue(limit: string, v: number): string {
  return isByteLimit(limit) ? formatBytes(v) : String(v);
}

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

/** What an error says, whatever was thrown (an Error, a string, anything else). */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
