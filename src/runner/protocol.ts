/**
 * What the headless runner (Node) and its page (the built app opened with
 * `?runner`) say to each other through Playwright. Plain JSON both ways.
 */
import type { MeasureOptions } from '../bench/measure';
import type { ResultEntry } from '../bench/results';
import type { DeviceInfo } from '../gpu/device';
import type { CompileMessage } from '../gpu/errors';

export interface CustomKernelFiles {
  readonly name: string;
  /** The sidecar's file name, for messages. */
  readonly file: string;
  readonly wgsl: string;
  readonly sidecar: unknown;
  /** The reference as JavaScript module text (TypeScript is transpiled by the runner). */
  readonly referenceCode?: string;
}

export interface RunnerRequest {
  /** A library id; ignored when `custom` is given. */
  readonly kernel: string;
  readonly custom?: CustomKernelFiles;
  readonly params: Readonly<Record<string, number>>;
  readonly constants?: Readonly<Record<string, number>>;
  readonly timing?: Partial<Omit<MeasureOptions, 'signal' | 'onProgress' | 'now'>>;
}

export type RunnerReply =
  | { readonly ok: true; readonly entry: ResultEntry; readonly notes: readonly string[] }
  | { readonly ok: false; readonly entry: ResultEntry; readonly kind: string; readonly message: string; readonly messages: readonly CompileMessage[] };

export type DeviceReply = { readonly ok: true; readonly device: DeviceInfo } | { readonly ok: false; readonly message: string };

export interface RunnerApi {
  device(): DeviceReply;
  run(request: RunnerRequest): Promise<RunnerReply>;
}

/** Names on `window`, shared by both sides. */
export const RUNNER_GLOBAL = 'kernelLabRunner';
export const PROGRESS_GLOBAL = 'kernelLabProgress';
