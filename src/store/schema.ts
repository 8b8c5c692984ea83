/**
 * The IndexedDB schema as a list of steps: UPGRADES[v] takes a database at
 * version v to v + 1, and the version is the number of steps. A store saved by
 * any earlier version is brought forward one step at a time, inside the one
 * upgrade transaction, so either every step applies or none does and nothing a
 * user saved is dropped. To change the schema, append a step; never edit one
 * that has shipped (stores in the wild were built by it).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { RunRecord } from '../bench/run/record';
import type { KernelDraft, StoredDataFile } from './types';

export const DB_NAME = 'kernel-lab';

/** The schema as the latest step leaves it. */
export interface LabSchema extends DBSchema {
  drafts: { key: string; value: KernelDraft };
  /** Keys count up, so key order is the order runs were added. */
  runs: { key: number; value: RunRecord; indexes: { kernel: string } };
  /** Out-of-line keys; values are strings (JSON where a caller needs more, see getJson). */
  settings: { key: string; value: string };
  /** Data files loaded in the page (their bytes, as a Blob), keyed by file name. */
  dataFiles: { key: string; value: StoredDataFile };
}

export type UpgradeTransaction = IDBPTransaction<LabSchema, StoreNames<LabSchema>[], 'versionchange'>;

/**
 * One step. A step that rewrites records may return a promise, but must only
 * await requests on `tx` (awaiting anything else lets the transaction commit
 * early); a step that throws or rejects rolls the whole upgrade back.
 */
export type UpgradeStep = (db: IDBPDatabase<LabSchema>, tx: UpgradeTransaction) => void | Promise<void>;

export const UPGRADES: readonly UpgradeStep[] = [
  // 0 → 1: the first schema; every store saved before versions were stepped is this one.
  (db) => {
    db.createObjectStore('drafts', { keyPath: 'kernel' });
    db.createObjectStore('runs', { autoIncrement: true }).createIndex('kernel', 'kernel');
    db.createObjectStore('settings');
  },
  // 1 → 2: the data files loaded in the data panel, so they survive a reload.
  (db) => {
    db.createObjectStore('dataFiles', { keyPath: 'name' });
  },
];

/**
 * Run the steps from `oldVersion` on. Synchronous steps run at once; after one
 * returns a promise, the rest wait for it. A failure aborts `tx`, which rejects
 * the open with an AbortError; `onFailure` hears the step's own error first.
 */
export function upgradeFrom(oldVersion: number, steps: readonly UpgradeStep[], db: IDBPDatabase<LabSchema>, tx: UpgradeTransaction, onFailure: (e: unknown) => void): void {
  // The open's own rejection reports an abort; idb's promise for the same thing would go unheard.
  tx.done.catch(() => undefined);
  const fail = (e: unknown): void => {
    onFailure(e);
    try {
      tx.abort();
    } catch {
      // A failed request has aborted it already.
    }
  };
  const run = (v: number): void => {
    for (; v < steps.length; v++) {
      let pending: void | Promise<void>;
      try {
        pending = steps[v]!(db, tx);
      } catch (e) {
        fail(e);
        return;
      }
      if (pending instanceof Promise) {
        const next = v + 1;
        pending.then(() => run(next), fail);
        return;
      }
    }
  };
  run(oldVersion);
}
