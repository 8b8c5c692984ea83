/**
 * What survives a reload: the user's draft of each kernel (source, parameters,
 * constants), every measured run, small settings, and the data files loaded
 * in the data panel (up to DATA_FILES_CAP_BYTES together). IndexedDB (through `idb`,
 * see indexed-db.ts) in the page; an in-memory store where IndexedDB is
 * unavailable or will not open, carrying the reason for the page to show.
 */
import { messageOf } from '../gpu/errors';
import { openIndexedDbStore } from './indexed-db';
import { memoryStore } from './memory';
import { UPGRADES, type UpgradeStep } from './schema';
import { DATA_FILES_CAP_BYTES, type Store } from './types';

export type { KernelDraft, Store, StoredDataFile } from './types';
export { DATA_FILES_CAP_BYTES, DataCapError } from './types';
export { memoryStore } from './memory';

export interface OpenStoreOptions {
  /** Heard once if storage that opened is lost later (a newer tab upgrades it, the browser closes it), with the reason. */
  readonly onClosed?: (reason: string) => void;
  /** How long opening may wait before the page goes on in memory; 4 s by default. */
  readonly openTimeoutMs?: number;
  /** The schema's steps; tests add one to stand in for the next version. */
  readonly upgrades?: readonly UpgradeStep[];
  /** What the kept data files may take together; DATA_FILES_CAP_BYTES by default (tests make it small). */
  readonly dataCapBytes?: number;
}

/**
 * IndexedDB when the page may use it, else memory (private windows, blocked
 * storage, another tab holding an older version): check `persistent`, and show
 * `reason` when it is false.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const cap = options.dataCapBytes ?? DATA_FILES_CAP_BYTES;
  if (typeof indexedDB === 'undefined') {
    return memoryStore('This browser gives the page no IndexedDB (a private window, or site data turned off): edits and results will not survive a reload.', cap);
  }
  try {
    return await openIndexedDbStore({
      upgrades: options.upgrades ?? UPGRADES,
      openTimeoutMs: options.openTimeoutMs ?? 4000,
      onClosed: options.onClosed ?? (() => undefined),
      dataCapBytes: cap,
    });
  } catch (e) {
    return memoryStore(messageOf(e), cap);
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
