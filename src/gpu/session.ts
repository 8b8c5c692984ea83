/**
 * The one place that owns the GPU device for an app or a runner: acquires it,
 * watches `device.lost`, tells a real loss from our own `destroy()`, and gets a
 * fresh device after a loss. Listeners hear every state change; errors that
 * escape every error scope are reported too, never swallowed.
 */
import { acquireGpu, NO_WEBGPU_ADVICE, type GpuContext } from './device';
import { KernelLabError, messageOf } from './errors';

export type GpuState =
  | { readonly status: 'acquiring' }
  | { readonly status: 'ready'; readonly ctx: GpuContext; readonly notice?: string }
  | { readonly status: 'lost'; readonly message: string }
  | { readonly status: 'unavailable'; readonly message: string; readonly advice: string };

export type GpuEvent =
  | { readonly type: 'state'; readonly state: GpuState }
  | { readonly type: 'uncaptured-error'; readonly message: string };

type Acquire = (gpu: GPU | undefined) => Promise<GpuContext>;

const RETRY_DELAYS_MS = [0, 500, 2000];

export class GpuSession {
  #state: GpuState = { status: 'acquiring' };
  readonly #listeners = new Set<(e: GpuEvent) => void>();
  readonly #deliberate = new WeakSet<GPUDevice>();
  #disposed = false;
  #started: Promise<GpuState> | undefined;

  constructor(private readonly gpu: GPU | undefined, private readonly acquire: Acquire = acquireGpu) {}

  get state(): GpuState {
    return this.#state;
  }

  /** The ready device, or undefined. */
  get context(): GpuContext | undefined {
    return this.#state.status === 'ready' ? this.#state.ctx : undefined;
  }

  subscribe(fn: (e: GpuEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Acquire the first device; later calls return the same promise. */
  start(): Promise<GpuState> {
    this.#started ??= this.#acquire();
    return this.#started;
  }

  /** Give up the device on purpose and take a fresh one (the panel's "Reset device"). */
  async reset(): Promise<GpuState> {
    const ctx = this.context;
    if (ctx) {
      this.#deliberate.add(ctx.device);
      ctx.device.destroy();
    }
    return this.#acquire('A fresh GPU device was acquired.');
  }

  dispose(): void {
    this.#disposed = true;
    const ctx = this.context;
    if (ctx) {
      this.#deliberate.add(ctx.device);
      ctx.device.destroy();
    }
    this.#listeners.clear();
  }

  #emit(e: GpuEvent): void {
    for (const fn of this.#listeners) fn(e);
  }

  #set(state: GpuState): GpuState {
    this.#state = state;
    this.#emit({ type: 'state', state });
    return state;
  }

  async #acquire(notice?: string): Promise<GpuState> {
    this.#set({ status: 'acquiring' });
    try {
      const ctx = await this.acquire(this.gpu);
      if (this.#disposed) {
        ctx.device.destroy();
        return this.#state;
      }
      this.#watch(ctx);
      return this.#set(notice ? { status: 'ready', ctx, notice } : { status: 'ready', ctx });
    } catch (e) {
      const message = e instanceof KernelLabError ? e.message : `Could not get a WebGPU device: ${messageOf(e)}`;
      return this.#set({ status: 'unavailable', message, advice: NO_WEBGPU_ADVICE });
    }
  }

  #watch(ctx: GpuContext): void {
    const { device } = ctx;
    device.addEventListener('uncapturederror', (ev) => {
      const error = (ev as GPUUncapturedErrorEvent).error;
      this.#emit({ type: 'uncaptured-error', message: error.message });
    });
    void device.lost.then((info) => {
      if (this.#disposed || this.#deliberate.has(device)) return;
      void this.#recover(info);
    });
  }

  async #recover(info: GPUDeviceLostInfo): Promise<void> {
    const why = `The GPU device was lost (${info.reason}${info.message ? `: ${info.message.trim()}` : ''}).`;
    this.#set({ status: 'lost', message: `${why} Getting a new one…` });
    for (const delay of RETRY_DELAYS_MS) {
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (this.#disposed) return;
      try {
        const ctx = await this.acquire(this.gpu);
        this.#watch(ctx);
        this.#set({ status: 'ready', ctx, notice: `${why} A new device was acquired; run again to continue.` });
        return;
      } catch {
        // try again after the next delay
      }
    }
    this.#set({ status: 'unavailable', message: `${why} No new device could be acquired; reload the page to try again.`, advice: NO_WEBGPU_ADVICE });
  }
}
