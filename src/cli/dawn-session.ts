/**
 * The Dawn backend of backend.ts: the runner's methods answered by a child
 * process (dawn-child.ts) running Dawn in Node. The child is this same
 * script started again with DAWN_CHILD_ENV set, so the single-folder build
 * needs no second file. A run that never ends is ended by killing the child
 * (`restart`), as the browser backend kills its browser.
 *
 * Vulkan: Dawn loads `libvulkan.so.1` when the child starts, from the
 * system's library path, or from a `vulkan/` folder beside the script
 * (prepended to LD_LIBRARY_PATH: the single-folder build on a machine with
 * no Vulkan loader). Which driver it loads is the loader's business:
 * VK_ICD_FILENAMES / VK_DRIVER_FILES name the drivers' JSON manifests.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import type { RunEnvironment } from '../bench/results/schema';
import type { DeviceInfo } from '../gpu/device';
import type { RunnerArgs, RunnerCall, RunnerMethod, RunnerRequest, RunnerResult } from '../runner/protocol';
import { runEnvironment, type BenchSession } from './backend';
import { DAWN_CHILD_ENV, type FromChild, type ToChild } from './dawn-protocol';
import { err, type StatusLine } from './status';

const VULKAN_VARIABLES = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES', 'LD_LIBRARY_PATH'] as const;
/** Lines of the child's own output kept for the message when no adapter is found. */
const KEPT_LINES = 20;

/** The child's environment: the parent's, plus the folder's own Vulkan loader and a private XDG_RUNTIME_DIR (Dawn warns without one). */
export function childEnvironment(script: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, [DAWN_CHILD_ENV]: '1' };
  const bundled = join(dirname(resolvePath(script)), 'vulkan');
  if (existsSync(join(bundled, 'libvulkan.so.1'))) out.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${bundled}:${env.LD_LIBRARY_PATH}` : bundled;
  if (!env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `kernel-lab-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o700);
    out.XDG_RUNTIME_DIR = dir;
  }
  return out;
}

/** Why no adapter, in words: what Dawn said, which variables were set, what to check. */
export function noAdapterMessage(reason: string, env: NodeJS.ProcessEnv, dawnSaid: readonly string[]): string {
  const tried = VULKAN_VARIABLES.map((name) => `  ${name}=${env[name] ?? '(unset)'}`);
  return [
    `Dawn found no GPU adapter: ${reason}.`,
    ...(dawnSaid.length > 0 ? ['Dawn said:', ...dawnSaid.map((l) => `  ${l}`)] : []),
    'Tried with:',
    ...tried,
    'Check:',
    '  - the Vulkan loader: `ldconfig -p | grep libvulkan.so.1` (none? install libvulkan1, or copy libvulkan.so.1 into a vulkan/ folder beside the runner, or add its folder to LD_LIBRARY_PATH);',
    '  - a Vulkan driver for the GPU: `vulkaninfo --summary`, and its manifest (NVIDIA: /usr/share/vulkan/icd.d/nvidia_icd.json or /etc/vulkan/icd.d/nvidia_icd.json; point VK_ICD_FILENAMES or VK_DRIVER_FILES at it); in a container, the NVIDIA runtime needs NVIDIA_DRIVER_CAPABILITIES to include graphics;',
    '  - no GPU at all: Chromium\'s SwiftShader, VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium (a CPU adapter: figures say nothing about a GPU).',
  ].join('\n');
}

interface Child {
  readonly process: ChildProcess;
  readonly dawnVersion: string;
  readonly env: NodeJS.ProcessEnv;
  /** Recent lines the child (Dawn, the Vulkan loader) wrote. */
  readonly said: string[];
  /** Whether its lines go to stderr as they come: once it has an adapter (before, they go into the no-adapter message). */
  forward: boolean;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

export class DawnSession implements BenchSession {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly feeds = new Map<string, Float32Array | Int32Array | Uint32Array>();
  private readonly sent = new Set<string>();
  private child: Child | undefined;

  private constructor(
    private readonly script: string,
    private readonly status: StatusLine,
    readonly device: DeviceInfo,
    readonly environment: RunEnvironment,
    child: Child,
  ) {
    this.attach(child);
  }

  /** A session on a new Dawn process, or undefined (said why on stderr) when Dawn finds no adapter. */
  static async start(status: StatusLine, script: string = process.argv[1] ?? ''): Promise<DawnSession | undefined> {
    const child = await DawnSession.spawn(script, status);
    const reply = await DawnSession.ask(child, 'device', []);
    if (!reply.ok) {
      err(noAdapterMessage(reply.message, child.env, child.said));
      child.process.kill('SIGKILL');
      return undefined;
    }
    const env = runEnvironment('dawn', reply.device, `Dawn (webgpu ${child.dawnVersion}) on Node ${process.version}`, child.dawnVersion);
    return new DawnSession(script, status, reply.device, env, child);
  }

  /** Starts the child and waits for it to say it is ready (Dawn loaded, adapter looked for). */
  private static spawn(script: string, status: StatusLine): Promise<Child> {
    const env = childEnvironment(script);
    const proc = fork(script, [], { env, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const said: string[] = [];
    const child = { forward: false };
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n').map((l) => l.trimEnd()).filter(Boolean)) {
        said.push(line);
        if (said.length > KEPT_LINES) said.shift();
        if (!child.forward) continue;
        status.end();
        err(`dawn: ${line}`);
      }
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromChild): void => {
        if (m.type !== 'ready') return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(Object.assign(child, { process: proc, dawnVersion: m.dawnVersion, env, said }));
      };
      const onExit = (code: number | null, signal: string | null): void => {
        reject(new Error(`The Dawn process ended before it was ready (${signal ?? `exit status ${code}`}).${said.length > 0 ? `\n${said.join('\n')}` : ''}`));
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  }

  /** One call on a child that no session holds yet (the first device question). */
  private static ask<M extends RunnerMethod>(child: Child, method: M, args: RunnerArgs<M>): Promise<RunnerResult<M>> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromChild): void => {
        if (m.type === 'reply' && m.id === 0) {
          child.process.off('message', onMessage);
          resolve(m.value as RunnerResult<M>);
        } else if (m.type === 'error' && m.id === 0) {
          child.process.off('message', onMessage);
          reject(new Error(m.message));
        }
      };
      child.process.on('message', onMessage);
      const message: ToChild = { type: 'call', id: 0, method, args };
      child.process.send(message);
    });
  }

  private attach(child: Child): void {
    this.child = child;
    child.forward = true;
    this.sent.clear();
    child.process.on('message', (m: FromChild) => {
      if (m.type === 'progress') this.status.progress(m.text);
      if (m.type !== 'reply' && m.type !== 'error') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'reply') p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    child.process.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      const why = new Error(`The Dawn process ended (${signal ?? `exit status ${code}`}).${child.said.length > 0 ? ` It said: ${child.said.slice(-3).join(' / ')}` : ''}`);
      for (const p of this.pending.values()) p.reject(why);
      this.pending.clear();
    });
  }

  serve(values: Float32Array | Int32Array | Uint32Array): string {
    for (const [key, v] of this.feeds) if (v === values) return key;
    const key = `feed-${this.feeds.size + 1}`;
    this.feeds.set(key, values);
    return key;
  }

  /** Hands the child the --data values a `run` request names, once per child. */
  private sendFeeds(request: RunnerRequest, child: Child): void {
    for (const feed of request.data ?? []) {
      const values = this.feeds.get(feed.url);
      if (!values || this.sent.has(feed.url)) continue;
      const message: ToChild = { type: 'data', key: feed.url, values };
      child.process.send(message);
      this.sent.add(feed.url);
    }
  }

  readonly call: RunnerCall = <M extends RunnerMethod>(method: M, ...args: RunnerArgs<M>): Promise<RunnerResult<M>> => {
    const child = this.child;
    if (!child) return Promise.reject(new Error('The Dawn process is not running.'));
    if (method === 'run') this.sendFeeds(args[0] as RunnerRequest, child);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as RunnerResult<M>), reject });
      const message: ToChild = { type: 'call', id, method, args };
      child.process.send(message);
    });
  };

  async restart(): Promise<boolean> {
    this.kill();
    try {
      const child = await DawnSession.spawn(this.script, this.status);
      const reply = await DawnSession.ask(child, 'device', []);
      if (!reply.ok) {
        err(noAdapterMessage(reply.message, child.env, child.said));
        child.process.kill('SIGKILL');
        return false;
      }
      this.attach(child);
      return true;
    } catch (e) {
      err(e instanceof Error ? e.message : String(e));
      return false;
    }
  }

  private kill(): void {
    const child = this.child;
    if (!child) return;
    // A wedged queue ignores asking: no signal but KILL ends it.
    child.process.kill('SIGKILL');
    this.child = undefined;
    for (const p of this.pending.values()) p.reject(new Error('The Dawn process was stopped.'));
    this.pending.clear();
  }

  close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.process.once('exit', () => resolve());
      child.process.disconnect();
      // A child busy in Dawn may not see the disconnect: give it a moment, then kill it.
      setTimeout(() => child.process.kill('SIGKILL'), 2000).unref();
    });
  }
}
