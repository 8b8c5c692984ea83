/**
 * What the runner's jobs need from a backend, whichever it is: the browser
 * (session.ts: Chromium showing the built app) or Dawn (dawn-session.ts: a
 * child process running the same src/bench code in Node). Both answer the
 * page protocol's methods (`RunnerCall`), both can be restarted after a run
 * that never ends, and both say where the results were measured.
 */
import { hostname } from 'node:os';
import type { RunEnvironment } from '../bench/results/schema';
import type { FilePlaceholder } from './args';
import { adapterName, type DeviceInfo } from '../gpu/device';
import type { RunnerCall } from '../runner/protocol';

export interface BenchSession {
  /** The first device's description: the one the results describe. */
  readonly device: DeviceInfo;
  readonly environment: RunEnvironment;
  /** Calls a runner method on the current browser page or Dawn process. */
  readonly call: RunnerCall;
  /** A key under which `run` requests find these values (a --data column), as DataFeed's `url`. */
  serve(values: Float32Array | Int32Array | Uint32Array): string;
  /** Kills the browser or process (a wedged GPU ignores asking) and starts another; false when that one has no adapter. */
  restart(): Promise<boolean>;
  close(): Promise<void>;
}

/** The environment of a run on this machine. `runtime` names what ran WebGPU (`Chromium 156…`, `Dawn (webgpu 0.6.2) on Node v20…`). */
export function runEnvironment(backend: RunEnvironment['backend'], device: DeviceInfo, runtime: string, dawnVersion?: string): RunEnvironment {
  return {
    backend,
    host: hostname(),
    adapter: adapterName(device),
    driver: device.description,
    runtime,
    ...(dawnVersion === undefined ? {} : { dawnVersion }),
    platform: `${process.platform}-${process.arch}`,
  };
}

/** A name made safe for a file name: letters, digits, `.`, `_` and `-`; runs of anything else become one `-`. */
export function fileSafe(text: string): string {
  return text.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
}

/**
 * A results path with `{host}`, `{adapter}` and `{backend}` replaced by this run's (made file-safe), `{date}`
 * and `{time}` by `at` in UTC (`2026-12-01`, `142530`): one file per machine, or per run. Any other `{…}` is
 * left as written (args.ts refuses it in the runner's file options).
 */
export function resultsPath(template: string, env: Pick<RunEnvironment, 'host' | 'adapter' | 'backend'>, at: Date = new Date()): string {
  const iso = at.toISOString();
  const value: Record<FilePlaceholder, string> = {
    host: fileSafe(env.host),
    adapter: fileSafe(env.adapter),
    backend: fileSafe(env.backend),
    date: iso.slice(0, 10),
    time: iso.slice(11, 19).replaceAll(':', ''),
  };
  return template.replace(/\{(host|adapter|backend|date|time)\}/g, (_, key: FilePlaceholder) => value[key]);
}
