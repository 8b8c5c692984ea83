/**
 * What survives a reload: the user's draft of each kernel (source, parameters,
 * constants), every measured run, and small settings. IndexedDB in the page;
 * an in-memory store where IndexedDB is unavailable (the UI says so).
 */
import type { RunRecord } from '../bench/run/record';

export interface KernelDraft {
  readonly kernel: string;
  readonly source: string;
  readonly params: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
  readonly savedAt: string;
  /** Set once the override values live in the code, not here (drafts saved before that are moved over once). */
  readonly constantsInCode?: boolean;
  /** Only your own kernels: the JSON sidecar and the reference module's text. */
  readonly sidecar?: string;
  readonly reference?: string;
}

export interface Store {
  /** False when nothing will survive a reload. */
  readonly persistent: boolean;
  getDraft(kernel: string): Promise<KernelDraft | undefined>;
  putDraft(draft: KernelDraft): Promise<void>;
  addRun(record: RunRecord): Promise<void>;
  listRuns(kernel: string): Promise<RunRecord[]>;
  /** Every run of every kernel, oldest first (the roofline plots them all). */
  listAllRuns(): Promise<RunRecord[]>;
  /**
   * Delete a kernel's own runs (not calibration, sweep or peer runs, which the
   * roofline shows) and return them, oldest first, so they can be put back.
   */
  clearRuns(kernel: string): Promise<RunRecord[]>;
  getSetting(key: string): Promise<string | undefined>;
  putSetting(key: string, value: string): Promise<void>;
}

export function memoryStore(): Store {
  const drafts = new Map<string, KernelDraft>();
  let runs: RunRecord[] = [];
  const settings = new Map<string, string>();
  return {
    persistent: false,
    getDraft: async (k) => drafts.get(k),
    putDraft: async (d) => void drafts.set(d.kernel, d),
    addRun: async (r) => void runs.push(r),
    listRuns: async (k) => runs.filter((r) => r.kernel === k),
    listAllRuns: async () => [...runs],
    clearRuns: async (k) => {
      const gone = runs.filter((r) => isOwnRun(r, k));
      runs = runs.filter((r) => !isOwnRun(r, k));
      return gone;
    },
    getSetting: async (k) => settings.get(k),
    putSetting: async (k, v) => void settings.set(k, v),
  };
}

const isOwnRun = (r: RunRecord, kernel: string): boolean => r.kernel === kernel && r.suite === undefined;

const DB_NAME = 'kernel-lab';
const DB_VERSION = 1;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.addEventListener('success', () => resolve(r.result));
    r.addEventListener('error', () => reject(r.error ?? new Error('IndexedDB request failed')));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('error', () => reject(tx.error ?? new Error('IndexedDB transaction failed')));
    tx.addEventListener('abort', () => reject(tx.error ?? new Error('IndexedDB transaction aborted')));
  });
}

export async function openIndexedDbStore(idb: IDBFactory): Promise<Store> {
  const open = idb.open(DB_NAME, DB_VERSION);
  open.addEventListener('upgradeneeded', () => {
    const db = open.result;
    db.createObjectStore('drafts', { keyPath: 'kernel' });
    db.createObjectStore('runs', { autoIncrement: true }).createIndex('kernel', 'kernel');
    db.createObjectStore('settings');
  });
  const db = await request(open);
  const write = async (name: string, fn: (s: IDBObjectStore) => void): Promise<void> => {
    const tx = db.transaction(name, 'readwrite');
    fn(tx.objectStore(name));
    await done(tx);
  };
  const read = <T>(name: string, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => request(fn(db.transaction(name).objectStore(name)));
  return {
    persistent: true,
    getDraft: (k) => read<KernelDraft | undefined>('drafts', (s) => s.get(k)),
    putDraft: (d) => write('drafts', (s) => s.put(d)),
    addRun: (r) => write('runs', (s) => s.add(r)),
    listRuns: (k) => read<RunRecord[]>('runs', (s) => s.index('kernel').getAll(k)),
    listAllRuns: () => read<RunRecord[]>('runs', (s) => s.getAll()),
    clearRuns: async (k) => {
      const gone: RunRecord[] = [];
      await write('runs', (s) => {
        const cursor = s.index('kernel').openCursor(IDBKeyRange.only(k));
        cursor.addEventListener('success', () => {
          const c = cursor.result;
          if (!c) return;
          const r = c.value as RunRecord;
          if (isOwnRun(r, k)) {
            gone.push(r);
            c.delete();
          }
          c.continue();
        });
      });
      return gone;
    },
    getSetting: (k) => read<string | undefined>('settings', (s) => s.get(k)),
    putSetting: (k, v) => write('settings', (s) => s.put(v, k)),
  };
}

/** IndexedDB when the page may use it, else memory (private windows, blocked storage). */
export async function openStore(idb: IDBFactory | undefined = globalThis.indexedDB): Promise<Store> {
  if (!idb) return memoryStore();
  try {
    return await openIndexedDbStore(idb);
  } catch {
    return memoryStore();
  }
}

/** Settings holding JSON: ceilings per adapter, the last sweep of each kind. */
export async function getJson<T>(store: Store, key: string): Promise<T | undefined> {
  const text = await store.getSetting(key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function putJson(store: Store, key: string, value: unknown): Promise<void> {
  return store.putSetting(key, JSON.stringify(value));
}
