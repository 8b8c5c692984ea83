import { describe, expect, it } from 'vitest';
import { failedEntry } from '../bench/results/entries';
import { findKernel } from '../kernels/library';
import type { RunnerCall } from '../runner/protocol';
import type { BenchSession } from './backend';
import { runKernels } from './kernel-loop';
import { StatusLine } from './status';

const saxpy = findKernel('vector/saxpy')!;
const job = { spec: saxpy, params: { N: 8, a: 2 }, constants: {} };
const device = { vendor: 'v', architecture: 'a', device: '', description: '', isFallbackAdapter: true, features: [], limits: {} };

/** A session whose `run` answers from a list: an error (the backend died), 'hang' (never answers), or a correct entry. */
function session(answers: ('dies' | 'hang' | 'ok')[], restarts: boolean[]): BenchSession & { restarted: number } {
  const s = {
    device,
    environment: { backend: 'dawn', host: 'h', adapter: 'a', driver: '', runtime: 'r', platform: 'linux-x64' } as const,
    restarted: 0,
    serve: () => 'feed-1',
    restart: () => {
      s.restarted++;
      return Promise.resolve(restarts.shift() ?? true);
    },
    close: () => Promise.resolve(),
    call: ((method: string) => {
      if (method !== 'run') return Promise.reject(new Error(`unexpected ${method}`));
      const next = answers.shift();
      if (next === 'dies') return Promise.reject(new Error('The Dawn process ended (SIGSEGV).'));
      if (next === 'hang') return new Promise(() => undefined);
      const { error: _error, ...base } = failedEntry(saxpy.id, job.params, {}, 'h', { kind: 'x', message: '' });
      const entry = { ...base, correct: true, compared: true, medianMs: 1, samples: 10 };
      return Promise.resolve({ ok: true, entry, notes: [] });
    }) as RunnerCall,
  };
  return s;
}

describe('the kernel loop', () => {
  it('records a backend that dies under a kernel as that kernel\'s failure, restarts it and goes on', async () => {
    const s = session(['dies', 'ok'], [true]);
    const out = await runKernels(s, [job, job], 5, new StatusLine(false));
    expect(out.browserLost).toBe(false);
    expect(s.restarted).toBe(1);
    expect(out.entries.map((e) => [e.correct, e.error?.kind, e.error?.message])).toEqual([[false, 'crash', 'The Dawn process ended (SIGSEGV).'], [true, undefined, undefined]]);
  });

  it('gives up on a kernel after --timeout, and ends the run when the new backend has no adapter', async () => {
    const s = session(['hang', 'ok'], [false]);
    const out = await runKernels(s, [job, job], 0.2, new StatusLine(false));
    expect(out.browserLost).toBe(true);
    expect(out.entries.map((e) => e.error?.kind)).toEqual(['timeout']);
  });
});
