/**
 * The IndexedDB store across versions and tabs: stores saved before versions were
 * stepped, the next schema change, a tab holding an older version, a tab that must
 * let go, and the browser closing the database.
 */
// oxlint-disable-next-line import/no-unassigned-import -- it makes IDBRequest, IDBDatabase, … global, and idb wraps by instanceof.
import 'fake-indexeddb/auto';
import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../bench/run/record';
import { UPGRADES, type UpgradeStep } from './schema';
import { openStore, type KernelDraft, type Store } from './store';

const run = (kernel: string, medianMs: number, suite?: string) => ({ kernel, medianMs, ...(suite ? { suite } : {}) }) as RunRecord;
const draft: KernelDraft = { kernel: 'matmul/naive', source: 'my edit', params: { M: 48 }, constants: { TILE: 8 }, savedAt: '2025-01-01T00:00:00Z', constantsInCode: true };
const RUNS = [run('matmul/naive', 1), run('matmul/naive', 2, 'calibration'), run('vector/saxpy', 3), run('matmul/naive', 4)];

function settle<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.addEventListener('success', () => resolve(r.result));
    r.addEventListener('error', () => reject(r.error));
  });
}

/** A database as the code before `idb` left it: built by an upgrade handler that ignored oldVersion, filled, and (unless `keepOpen`) closed. */
async function writeVersion1(keepOpen = false): Promise<IDBDatabase> {
  const open = indexedDB.open('kernel-lab', 1);
  open.addEventListener('upgradeneeded', () => {
    const db = open.result;
    db.createObjectStore('drafts', { keyPath: 'kernel' });
    db.createObjectStore('runs', { autoIncrement: true }).createIndex('kernel', 'kernel');
    db.createObjectStore('settings');
  });
  const db = await settle(open);
  const tx = db.transaction(['drafts', 'runs', 'settings'], 'readwrite');
  tx.objectStore('drafts').put(draft);
  for (const r of RUNS) tx.objectStore('runs').add(r);
  tx.objectStore('settings').put('matmul/naive', 'kernel');
  tx.objectStore('settings').put('{"gbPerS":12.5}', 'ceilings:x');
  await new Promise((resolve) => tx.addEventListener('complete', resolve));
  if (!keepOpen) db.close();
  return db;
}

/** What the page reads back; SAVED is what writeVersion1 put there. */
async function contents(store: Store) {
  return {
    persistent: store.persistent,
    draft: await store.getDraft('matmul/naive'),
    runs: await store.listAllRuns(),
    kernelRuns: (await store.listRuns('matmul/naive')).map((r) => r.medianMs),
    settings: [await store.getSetting('kernel'), await store.getSetting('ceilings:x')],
  };
}
const SAVED = { persistent: true, draft, runs: RUNS, kernelRuns: [1, 2, 4], settings: ['matmul/naive', '{"gbPerS":12.5}'] };

/** As another tab would: 'blocked' when a connection does not let go (rather than waiting for ever). */
function deleteDatabase(): Promise<'deleted' | 'blocked'> {
  const r = indexedDB.deleteDatabase('kernel-lab');
  return new Promise((resolve) => {
    r.addEventListener('success', () => resolve('deleted'));
    r.addEventListener('blocked', () => resolve('blocked'));
  });
}

async function storedVersion(): Promise<number | undefined> {
  return (await indexedDB.databases()).find((d) => d.name === 'kernel-lab')?.version;
}

/**
 * What the next version might do: index runs by suite, and stamp each run it finds
 * (a step that rewrites records). The real one would add the index to LabSchema;
 * here it goes through the raw store.
 */
const version2: UpgradeStep = async (_db, tx) => {
  const runs = tx.objectStore('runs');
  unwrap(runs).createIndex('suite', 'suite');
  for (let c = await runs.openCursor(); c; c = await c.continue()) await c.update({ ...c.value, title: `run ${c.value.medianMs}` });
};

/** The version this code builds, and the one a test's extra step stands in for. */
const CURRENT = UPGRADES.length;
const NEXT = CURRENT + 1;

beforeEach(() => void vi.stubGlobal('indexedDB', new IDBFactory()));
afterEach(() => void vi.unstubAllGlobals());

describe('upgrading the stored data', () => {
  it('opens a store saved by the code before, with everything in it', async () => {
    await writeVersion1();
    expect(await contents(await openStore())).toEqual(SAVED);
  });

  it('brings a filled version-1 store to the next version with one more step, losing nothing', async () => {
    await writeVersion1();
    const store = await openStore({ upgrades: [...UPGRADES, version2] });
    expect(store.persistent).toBe(true);
    expect(await storedVersion()).toBe(NEXT);
    expect(await store.getDraft('matmul/naive')).toEqual(draft);
    expect((await store.listAllRuns()).map((r) => [r.medianMs, r.suite, r.title])).toEqual([
      [1, undefined, 'run 1'],
      [2, 'calibration', 'run 2'],
      [3, undefined, 'run 3'],
      [4, undefined, 'run 4'],
    ]);
    expect((await store.clearRuns('matmul/naive')).map((r) => r.medianMs)).toEqual([1, 4]);
    expect(await store.getSetting('ceilings:x')).toBe('{"gbPerS":12.5}');
    // Later runs go on after the old keys.
    await store.addRun(run('vector/saxpy', 5));
    expect((await store.listRuns('vector/saxpy')).map((r) => r.medianMs)).toEqual([3, 5]);
  });

  it('gives a version-1 store a place for data files, keeping what it held', async () => {
    await writeVersion1();
    const store = await openStore();
    expect(await storedVersion()).toBe(CURRENT);
    expect(await contents(store)).toEqual(SAVED);
    expect(await store.listDataFiles()).toEqual([]);
    await store.putDataFile({ name: 'a.csv', blob: new Blob(['x\n1\n']), bytes: 4, savedAt: '2025-01-01T00:00:00Z' });
    const [kept] = await (await openStore()).listDataFiles();
    expect(kept?.name).toBe('a.csv');
    expect(await kept?.blob.text()).toBe('x\n1\n');
  });

  it('builds a new store through every step', async () => {
    const store = await openStore({ upgrades: [...UPGRADES, version2] });
    expect(await storedVersion()).toBe(NEXT);
    await store.addRun(run('a/x', 1));
    expect((await store.listRuns('a/x')).map((r) => r.medianMs)).toEqual([1]);
  });

  it('rolls a failed step back, leaving the store as it was, and says why it goes on in memory', async () => {
    await writeVersion1();
    const broken: UpgradeStep = () => {
      throw new Error('step 2 is broken');
    };
    const store = await openStore({ upgrades: [...UPGRADES, broken] });
    expect(store.persistent).toBe(false);
    expect(store.reason).toMatch(new RegExp(`up to version ${NEXT} failed \\(step 2 is broken\\), so it was left as it was`));
    expect(await storedVersion()).toBe(1);
    expect(await contents(await openStore())).toEqual(SAVED);
  });

  it('says so, and goes on in memory, when the stored data is newer than this page', async () => {
    await writeVersion1();
    await openStore({ upgrades: [...UPGRADES, version2] });
    const older = await openStore({ openTimeoutMs: 200 });
    expect(older.persistent).toBe(false);
    expect(older.reason).toMatch(new RegExp(`saved by a newer Kernel Lab than this page \\(which knows version ${CURRENT}\\)`));
  });
});

describe('other tabs', () => {
  it('gives up on a tab holding an older version open, with a reason, and lets the upgrade finish once it closes', async () => {
    // A tab from before this handling: it holds version 1 open and ignores the request to let go.
    const oldTab = await writeVersion1(true);
    const start = Date.now();
    const store = await openStore({ upgrades: [...UPGRADES, version2], openTimeoutMs: 100 });
    expect(Date.now() - start).toBeLessThan(2000);
    expect(store.persistent).toBe(false);
    expect(store.reason).toMatch(/Another tab has an older Kernel Lab open, holding its stored data at version 1, .* Close that tab and reload this one/);
    // Meanwhile the page works in memory.
    await store.putSetting('kernel', 'a/x');
    expect(await store.getSetting('kernel')).toBe('a/x');

    oldTab.close();
    await vi.waitFor(async () => expect(await storedVersion()).toBe(NEXT));
    const reloaded = await openStore({ upgrades: [...UPGRADES, version2], openTimeoutMs: 1000 });
    expect(reloaded.persistent).toBe(true);
    expect((await reloaded.listAllRuns()).map((r) => r.medianMs)).toEqual([1, 2, 3, 4]);
    // The page let go of the late connection: only `reloaded` is open, and it gives way.
    expect(await deleteDatabase()).toBe('deleted');
  });

  it('lets go when a newer tab needs to upgrade, says so, and refuses to pretend it still saves', async () => {
    await writeVersion1();
    const closed = vi.fn<(reason: string) => void>();
    const oldTab = await openStore({ onClosed: closed });
    expect(oldTab.persistent).toBe(true);

    const newTab = await openStore({ upgrades: [...UPGRADES, version2], openTimeoutMs: 1000 });
    expect(newTab.persistent).toBe(true);
    expect(await newTab.getDraft('matmul/naive')).toEqual(draft);
    expect((await newTab.listAllRuns()).map((r) => r.medianMs)).toEqual([1, 2, 3, 4]);

    expect(closed).toHaveBeenCalledTimes(1);
    expect(closed.mock.calls[0]?.[0]).toMatch(/opened in another tab with a newer version .* Reload this tab/);
    expect(oldTab.persistent).toBe(false);
    expect(oldTab.reason).toBe(closed.mock.calls[0]?.[0]);
    await expect(oldTab.putDraft(draft)).rejects.toThrow(/Reload this tab/);
    await expect(oldTab.listAllRuns()).rejects.toThrow(/Reload this tab/);
  });

  it('lets go when another tab deletes the stored data', async () => {
    const closed = vi.fn<(reason: string) => void>();
    const store = await openStore({ onClosed: closed });
    expect(await deleteDatabase()).toBe('deleted');
    expect(closed.mock.calls[0]?.[0]).toMatch(/Another tab is deleting Kernel Lab's stored data/);
    expect(store.persistent).toBe(false);
  });
});

describe('the browser closing the database', () => {
  it('says so, and turns the store non-persistent', async () => {
    const factory = indexedDB;
    const connections: IDBOpenDBRequest[] = [];
    const open = factory.open.bind(factory);
    vi.spyOn(factory, 'open').mockImplementation((name, version) => {
      const r = open(name, version);
      connections.push(r);
      return r;
    });
    const closed = vi.fn<(reason: string) => void>();
    const store = await openStore({ onClosed: closed });
    forceCloseDatabase(connections[0]!.result as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await vi.waitFor(() => expect(closed).toHaveBeenCalledTimes(1));
    expect(closed.mock.calls[0]?.[0]).toMatch(/The browser closed Kernel Lab's stored data/);
    expect(store.persistent).toBe(false);
    await expect(store.getSetting('kernel')).rejects.toThrow(/The browser closed/);
  });
});
