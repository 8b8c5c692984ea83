import { describe, expect, it } from 'vitest';
import { KernelLabError } from './errors';
import { withErrorScopes } from './scopes';

/** A device whose error scopes report what the test says, innermost first. */
function fakeDevice(errors: { validation?: string; oom?: string; internal?: string }) {
  const stack: string[] = [];
  return {
    stack,
    pushErrorScope: (f: string) => stack.push(f),
    popErrorScope: async () => {
      const f = stack.pop();
      const message = f === 'validation' ? errors.validation : f === 'out-of-memory' ? errors.oom : errors.internal;
      return message === undefined ? null : { message };
    },
  } as unknown as GPUDevice & { stack: string[] };
}

describe('error scopes', () => {
  it('passes results through and leaves the scope stack balanced', async () => {
    const d = fakeDevice({});
    await expect(withErrorScopes(d, 'x', () => 42)).resolves.toBe(42);
    expect(d.stack).toEqual([]);
  });

  it('turns out-of-memory into a sentence naming what was being done', async () => {
    const d = fakeDevice({ oom: 'Not enough memory' });
    const err = await withErrorScopes(d, 'allocating the buffers of matmul/naive', () => 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KernelLabError);
    expect((err as KernelLabError).kind).toBe('out-of-memory');
    expect((err as Error).message).toBe('Out of GPU memory while allocating the buffers of matmul/naive: Not enough memory. Try smaller sizes.');
  });

  it('reports validation errors and balances the stack when the body throws', async () => {
    const d = fakeDevice({ validation: 'Binding size too small.' });
    const err = await withErrorScopes(d, 'binding the buffers', () => {
      throw new Error('boom');
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('WebGPU rejected binding the buffers: Binding size too small.');
    expect(d.stack).toEqual([]);
  });

  it('runs scoped sections one at a time, so concurrent work cannot pop the other\'s scopes', async () => {
    const d = fakeDevice({});
    const events: string[] = [];
    const section = (name: string, ms: number) =>
      withErrorScopes(d, name, async () => {
        events.push(`${name} in (stack ${d.stack.length})`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`${name} out`);
      });
    await Promise.all([section('run', 30), section('check', 0)]);
    expect(events).toEqual(['run in (stack 3)', 'run out', 'check in (stack 3)', 'check out']);
    expect(d.stack).toEqual([]);
  });
});
