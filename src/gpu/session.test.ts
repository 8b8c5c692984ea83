import { describe, expect, it } from 'vitest';
import { nodeGpu } from '../test/dawn';
import { USEFUL_FEATURES } from './device';
import { GpuSession, type GpuState } from './session';

function record(session: GpuSession): GpuState['status'][] {
  const seen: GpuState['status'][] = [];
  session.subscribe((e) => {
    if (e.type === 'state') seen.push(e.state.status);
  });
  return seen;
}

async function until(session: GpuSession, ok: (s: GpuState) => boolean, ms = 10_000): Promise<GpuState> {
  const start = Date.now();
  while (!ok(session.state)) {
    if (Date.now() - start > ms) throw new Error(`timed out in state ${session.state.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return session.state;
}

describe('the GPU session', () => {
  it('acquires a device with the adapter limits and the useful features', async () => {
    const session = new GpuSession(nodeGpu());
    const state = await session.start();
    expect(state.status).toBe('ready');
    const ctx = session.context!;
    expect(ctx.device.limits.maxStorageBufferBindingSize).toBe(ctx.adapter.limits.maxStorageBufferBindingSize);
    expect(ctx.device.limits.maxComputeInvocationsPerWorkgroup).toBe(ctx.adapter.limits.maxComputeInvocationsPerWorkgroup);
    for (const f of USEFUL_FEATURES) {
      expect(ctx.device.features.has(f)).toBe(ctx.adapter.features.has(f));
    }
    expect(ctx.info.limits.maxBufferSize).toBe(ctx.device.limits.maxBufferSize);
    session.dispose();
  });

  it('re-acquires a device after a loss it did not cause, and says so', async () => {
    const session = new GpuSession(nodeGpu());
    await session.start();
    const seen = record(session);
    const first = session.context!.device;
    first.destroy(); // not through the session: to it, this is a loss
    const state = await until(session, (s) => s.status === 'ready' && s.ctx.device !== first);
    expect(seen).toEqual(['lost', 'ready']);
    expect(state.status === 'ready' && state.notice).toMatch(/^The GPU device was lost \(destroyed.*A new device was acquired/);
    session.dispose();
  });

  it('resets on request without calling it a loss', async () => {
    const session = new GpuSession(nodeGpu());
    await session.start();
    const seen = record(session);
    const first = session.context!.device;
    const state = await session.reset();
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(['acquiring', 'ready']);
    expect(state.status === 'ready' && state.ctx.device).not.toBe(first);
    expect(state.status === 'ready' && state.notice).toBe('A fresh GPU device was acquired.');
    session.dispose();
  });

  it('explains a browser without WebGPU and one without an adapter', async () => {
    const none = await new GpuSession(undefined).start();
    expect(none).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/does not offer WebGPU/) });
    expect(none.status === 'unavailable' && none.advice).toMatch(/Chrome or Edge/);
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const blocked = await new GpuSession(noAdapter).start();
    expect(blocked).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/offered no adapter/) });
  });
});
