/**
 * Every failure the user can meet, as a typed error whose message is a sentence
 * naming the thing and the reason. The UI decides where to show it by `kind`
 * (a compile error goes to the editor, a lost device to the device panel).
 * Pushing and popping error scopes is scopes.ts; writing sizes, format.ts.
 */
import { formatLimitValue } from './format';

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
  | 'cancelled'
  | 'data';

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

/** The device lacks a feature the kernel needs (`shader-f16`, `subgroups`): the kernel is skipped here, not failed. */
export class UnsupportedError extends KernelLabError {
  override name = 'UnsupportedError';
  constructor(readonly kernel: string, readonly features: readonly string[]) {
    super('unsupported', `${kernel} needs ${features.join(' and ')}, which this device does not offer.`);
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

/**
 * A failure as plain data, for results files and replies that cross to Node:
 * the kind and the sentence, and the facts behind them where the error has
 * them, so no reader has to find them again in the sentence.
 */
export interface Failure {
  /** An ErrorKind, or a kind of the runner's own ('timeout', 'peer', 'error' for anything untyped). */
  readonly kind: string;
  readonly message: string;
  /** Kind 'unsupported': the features the device lacks. */
  readonly features?: readonly string[];
  /** Kind 'limit': the limit, what the run needed and what the device allows. */
  readonly limit?: { readonly name: string; readonly needed: number; readonly allowed: number };
}

/** Whatever was thrown, as a Failure. */
export function failureOf(e: unknown): Failure {
  if (e instanceof UnsupportedError) return { kind: e.kind, message: e.message, features: e.features };
  if (e instanceof LimitError) return { kind: e.kind, message: e.message, limit: { name: e.limit, needed: e.needed, allowed: e.allowed } };
  if (e instanceof KernelLabError) return { kind: e.kind, message: e.message };
  return { kind: 'error', message: messageOf(e) };
}

/** What an error says, whatever was thrown (an Error, a string, anything else). */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
