import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../bench/run/record';
import { memoryStore, openStore } from './store';

describe('the store', () => {
  it('falls back to memory where there is no IndexedDB, and says it is not persistent', async () => {
    const store = await openStore(undefined);
    expect(store.persistent).toBe(false);
  });

  it('keeps drafts per kernel, runs per kernel in order, and settings', async () => {
    const store = memoryStore();
    await store.putDraft({ kernel: 'a/x', source: 's1', params: { N: 1 }, constants: {}, savedAt: 't' });
    await store.putDraft({ kernel: 'a/x', source: 's2', params: { N: 2 }, constants: {}, savedAt: 't' });
    expect((await store.getDraft('a/x'))?.source).toBe('s2');
    expect(await store.getDraft('a/y')).toBeUndefined();
    const run = (kernel: string, medianMs: number) => ({ kernel, medianMs }) as RunRecord;
    await store.addRun(run('a/x', 1));
    await store.addRun(run('a/y', 2));
    await store.addRun(run('a/x', 3));
    expect((await store.listRuns('a/x')).map((r) => r.medianMs)).toEqual([1, 3]);
    await store.putSetting('kernel', 'a/y');
    expect(await store.getSetting('kernel')).toBe('a/y');
  });

  it("clears a kernel's own runs and hands them back, keeping suite runs and other kernels", async () => {
    const store = memoryStore();
    const run = (kernel: string, medianMs: number, suite?: string) => ({ kernel, medianMs, ...(suite ? { suite } : {}) }) as RunRecord;
    await store.addRun(run('a/x', 1));
    await store.addRun(run('a/x', 2, 'calibration'));
    await store.addRun(run('a/y', 3));
    await store.addRun(run('a/x', 4));
    expect((await store.clearRuns('a/x')).map((r) => r.medianMs)).toEqual([1, 4]);
    expect((await store.listAllRuns()).map((r) => r.medianMs)).toEqual([2, 3]);
    expect(await store.clearRuns('a/x')).toEqual([]);
  });
});
