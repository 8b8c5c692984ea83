// oxlint-disable-next-line import/no-unassigned-import -- it makes IDBRequest, IDBDatabase, … global, and idb wraps by instanceof.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../bench/run/record';
import { DataCapError, getJson, memoryStore, openStore, type Store } from './store';

const run = (kernel: string, medianMs: number, suite?: string) => ({ kernel, medianMs, ...(suite ? { suite } : {}) }) as RunRecord;

beforeEach(() => void vi.stubGlobal('indexedDB', new IDBFactory()));
afterEach(() => void vi.unstubAllGlobals());

describe('the store', () => {
  it('falls back to memory where there is no IndexedDB, and says it is not persistent and why', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = await openStore();
    expect(store.persistent).toBe(false);
    expect(store.reason).toMatch(/no IndexedDB.*will not survive a reload/);
  });

  it('falls back to memory, with the browser’s reason, when IndexedDB refuses to open', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    const store = await openStore();
    expect(store.persistent).toBe(false);
    expect(store.reason).toMatch(/IndexedDB would not open \(SecurityError: The operation is insecure\.\)/);
    // Still a working store for this visit.
    await store.putSetting('kernel', 'a/x');
    expect(await store.getSetting('kernel')).toBe('a/x');
  });

  it('opens IndexedDB where there is one, and says it is persistent', async () => {
    const store = await openStore();
    expect(store.persistent).toBe(true);
    expect(store.reason).toBeUndefined();
  });
});

// The same behaviour from both stores: the page cannot tell them apart but for `persistent`.
describe.each([
  ['in memory', async (cap?: number): Promise<Store> => memoryStore(undefined, cap)],
  ['in IndexedDB', (cap?: number) => openStore(cap === undefined ? {} : { dataCapBytes: cap })],
])('the store %s', (_, open) => {
  it('keeps drafts per kernel, runs per kernel in order, and settings', async () => {
    const store = await open();
    await store.putDraft({ kernel: 'a/x', source: 's1', params: { N: 1 }, constants: {}, savedAt: 't' });
    await store.putDraft({ kernel: 'a/x', source: 's2', params: { N: 2 }, constants: {}, savedAt: 't' });
    expect((await store.getDraft('a/x'))?.source).toBe('s2');
    expect(await store.getDraft('a/y')).toBeUndefined();
    await store.addRun(run('a/x', 1));
    await store.addRun(run('a/y', 2));
    await store.addRun(run('a/x', 3));
    expect((await store.listRuns('a/x')).map((r) => r.medianMs)).toEqual([1, 3]);
    expect((await store.listAllRuns()).map((r) => r.medianMs)).toEqual([1, 2, 3]);
    await store.putSetting('kernel', 'a/y');
    expect(await store.getSetting('kernel')).toBe('a/y');
    expect(await store.getSetting('nothing')).toBeUndefined();
  });

  it("clears a kernel's own runs and hands them back, keeping suite runs and other kernels", async () => {
    const store = await open();
    await store.addRun(run('a/x', 1));
    await store.addRun(run('a/x', 2, 'calibration'));
    await store.addRun(run('a/y', 3));
    await store.addRun(run('a/x', 4));
    expect((await store.clearRuns('a/x')).map((r) => r.medianMs)).toEqual([1, 4]);
    expect((await store.listAllRuns()).map((r) => r.medianMs)).toEqual([2, 3]);
    expect(await store.clearRuns('a/x')).toEqual([]);
  });

  it('keeps data files by name, oldest first, replacing one of the same name, with their size from the bytes', async () => {
    const store = await open();
    await store.putDataFile({ name: 'b.csv', blob: new Blob(['x\n1\n']), bytes: 0, savedAt: '2025-01-02T00:00:00Z' });
    await store.putDataFile({ name: 'a.arrow', blob: new Blob([new Uint8Array(10)]), bytes: 0, savedAt: '2025-01-01T00:00:00Z' });
    await store.putDataFile({ name: 'b.csv', blob: new Blob(['x\n2\n3\n']), bytes: 0, savedAt: '2025-01-03T00:00:00Z' });
    const files = await store.listDataFiles();
    expect(files.map((f) => [f.name, f.bytes])).toEqual([['a.arrow', 10], ['b.csv', 6]]);
    expect(await files[1]?.blob.text()).toBe('x\n2\n3\n');
    await store.deleteDataFile('a.arrow');
    expect((await store.listDataFiles()).map((f) => f.name)).toEqual(['b.csv']);
  });

  it('refuses a data file past the cap, saying what it takes and what to do, and keeps what it had', async () => {
    const store = await open(1000);
    await store.putDataFile({ name: 'a.parquet', blob: new Blob([new Uint8Array(600)]), bytes: 600, savedAt: 't1' });
    await expect(store.putDataFile({ name: 'b.parquet', blob: new Blob([new Uint8Array(500)]), bytes: 500, savedAt: 't2' }))
      .rejects.toThrow(/^b\.parquet \(500 bytes\) is loaded for this visit but not kept for the next: the data files kept in this browser may take 1000 bytes in all, and 1 other file takes 600 bytes; remove one to make room\.$/);
    await expect(store.putDataFile({ name: 'c.parquet', blob: new Blob([new Uint8Array(1001)]), bytes: 1001, savedAt: 't3' })).rejects.toThrow(DataCapError);
    // Replacing a file counts its new size only.
    await store.putDataFile({ name: 'a.parquet', blob: new Blob([new Uint8Array(900)]), bytes: 900, savedAt: 't4' });
    expect((await store.listDataFiles()).map((f) => [f.name, f.bytes])).toEqual([['a.parquet', 900]]);
  });

  it('keeps JSON settings, and reads a setting that is not JSON as absent', async () => {
    const store = await open();
    await store.putSetting('ceilings:x', JSON.stringify({ gbPerS: 12.5, gflops: [1, 2] }));
    expect(await getJson(store, 'ceilings:x')).toEqual({ gbPerS: 12.5, gflops: [1, 2] });
    await store.putSetting('broken', '{not json');
    expect(await getJson(store, 'broken')).toBeUndefined();
    expect(await getJson(store, 'missing')).toBeUndefined();
  });
});

describe('the store in IndexedDB, over a reload', () => {
  it('gives back what was saved to a second connection', async () => {
    const first = await openStore();
    await first.putDraft({ kernel: 'a/x', source: 'edited', params: { N: 4 }, constants: { WG: 64 }, savedAt: 't' });
    await first.addRun(run('a/x', 1));
    await first.putSetting('kernel', 'a/x');
    const second = await openStore();
    expect(await second.getDraft('a/x')).toEqual({ kernel: 'a/x', source: 'edited', params: { N: 4 }, constants: { WG: 64 }, savedAt: 't' });
    expect((await second.listRuns('a/x')).map((r) => r.medianMs)).toEqual([1]);
    expect(await second.getSetting('kernel')).toBe('a/x');
  });
});
