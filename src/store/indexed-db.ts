/**
 * The store in IndexedDB, through `idb` rather than our own request and transaction
 * wrappers: a small, well-kept library that already gets promises over transactions
 * and cursors, a typed schema and the open callbacks (upgrade, blocked, blocking,
 * terminated) right, and is used and tested far more widely than ours could be.
 *
 * Opening never hangs and never fails silently: it either gives a store or
 * rejects with a reason written for the user (the page then keeps working in
 * memory and shows it). A store that opened and is later lost (a newer tab
 * needs the upgrade, the browser closes it) says why through `onClosed`, turns
 * `persistent` false and rejects every call with the same reason.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { RunRecord } from '../bench/run/record';
import { messageOf } from '../gpu/errors';
import { DB_NAME, upgradeFrom, type LabSchema, type UpgradeStep } from './schema';
import { checkDataCap, isOwnRun, type Store } from './types';

export interface IndexedDbOptions {
  readonly upgrades: readonly UpgradeStep[];
  /** How long opening may wait (another tab holding an older version, a stalled disk) before giving up. */
  readonly openTimeoutMs: number;
  readonly onClosed: (reason: string) => void;
  /** What the kept data files may take together, bytes. */
  readonly dataCapBytes: number;
}

const UNTIL_THEN = 'until then, edits and results will not survive a reload.';
const NOT_SAVED = 'until then, what you change here is not saved.';

/** An open that gave up; the message is the reason, for the user. */
class StoreUnavailable extends Error {}

const errorName = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : undefined;

export async function openIndexedDbStore(options: IndexedDbOptions): Promise<Store> {
  const version = options.upgrades.length;
  let blockedAt: number | undefined;
  let upgradeFailure: unknown;
  let abandoned = false;
  let lost: string | undefined;
  let db: IDBPDatabase<LabSchema> | undefined;

  const lose = (reason: string): void => {
    if (abandoned || lost !== undefined) return;
    lost = reason;
    db?.close();
    options.onClosed(reason);
  };

  let opening: Promise<IDBPDatabase<LabSchema>>;
  try {
    opening = openDB<LabSchema>(DB_NAME, version, {
      upgrade: (up, oldVersion, _newVersion, tx) => upgradeFrom(oldVersion, options.upgrades, up, tx, (e) => (upgradeFailure = e)),
      // Another tab holds an older version open and did not let go (a tab from before
      // this handling existed never will): wait for the timeout below, then say so.
      blocked: (current) => (blockedAt = current),
      // This tab holds the version another tab needs to upgrade (or delete): let go at once.
      blocking: (_current, next) =>
        lose(
          next === null
            ? `Another tab is deleting Kernel Lab's stored data, so this tab let go of it. Reload this tab: ${NOT_SAVED}`
            : `Kernel Lab was opened in another tab with a newer version of its stored data, so this tab let go of it for that tab to upgrade. Reload this tab: ${NOT_SAVED}`,
        ),
      terminated: () => lose(`The browser closed Kernel Lab's stored data (site data cleared, or the disk failed). Reload the page: ${NOT_SAVED}`),
    });
  } catch (e) {
    // Some browsers refuse at once, synchronously (storage turned off for the site).
    throw new StoreUnavailable(whyNot(e, version, undefined));
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const s = `${options.openTimeoutMs / 1000} s`;
      reject(
        new StoreUnavailable(
          blockedAt === undefined
            ? `IndexedDB did not open within ${s}. Reload to try again; ${UNTIL_THEN}`
            : `Another tab has an older Kernel Lab open, holding its stored data at version ${blockedAt}, and did not let go within ${s} (this page needs version ${version}). Close that tab and reload this one; ${UNTIL_THEN}`,
        ),
      );
    }, options.openTimeoutMs);
  });
  try {
    db = await Promise.race([opening, timeout]);
  } catch (e) {
    abandoned = true;
    // Should the open still succeed (the other tab closes), let go of it: the page has moved on.
    opening.then((late) => late.close(), () => undefined);
    throw e instanceof StoreUnavailable ? e : new StoreUnavailable(whyNot(e, version, upgradeFailure));
  } finally {
    clearTimeout(timer);
  }

  const open = db;
  const live = (): IDBPDatabase<LabSchema> => {
    if (lost !== undefined) throw new Error(lost);
    return open;
  };
  return {
    get persistent() {
      return lost === undefined;
    },
    get reason() {
      return lost;
    },
    getDraft: async (k) => live().get('drafts', k),
    // idb's one-call writes resolve once the transaction commits, as ours did.
    putDraft: async (d) => void (await live().put('drafts', d)),
    addRun: async (r) => void (await live().add('runs', r)),
    // Index and store both list in key order, which is the order runs were added.
    listRuns: async (k) => live().getAllFromIndex('runs', 'kernel', k),
    listAllRuns: async () => live().getAll('runs'),
    clearRuns: async (k) => {
      const tx = live().transaction('runs', 'readwrite');
      const walk = async (): Promise<RunRecord[]> => {
        const gone: RunRecord[] = [];
        for (let c = await tx.store.index('kernel').openCursor(k); c; c = await c.continue()) {
          if (!isOwnRun(c.value, k)) continue;
          gone.push(c.value);
          await c.delete();
        }
        return gone;
      };
      // Both, so a failed walk does not leave tx.done's rejection unheard.
      const [gone] = await Promise.all([walk(), tx.done]);
      return gone;
    },
    getSetting: async (k) => live().get('settings', k),
    putSetting: async (k, v) => void (await live().put('settings', v, k)),
    listDataFiles: async () => (await live().getAll('dataFiles')).sort((a, b) => a.savedAt.localeCompare(b.savedAt)),
    putDataFile: async (f) => {
      // The cap is checked and the file written in one transaction, so two tabs cannot both squeeze in.
      const tx = live().transaction('dataFiles', 'readwrite');
      const file = { ...f, bytes: f.blob.size };
      const write = async (): Promise<void> => {
        checkDataCap(await tx.store.getAll(), file, options.dataCapBytes);
        await tx.store.put(file);
      };
      try {
        await Promise.all([write(), tx.done]);
      } catch (e) {
        try {
          tx.abort();
        } catch {
          // Already finished or aborted.
        }
        if (errorName(e) === 'QuotaExceededError') throw new Error(`${f.name} is loaded for this visit but not kept for the next: the browser has no more storage for this site (${messageOf(e)}).`, { cause: e });
        throw e;
      }
    },
    deleteDataFile: async (name) => void (await live().delete('dataFiles', name)),
  };
}

/** The user's words for an open that failed. */
function whyNot(e: unknown, version: number, upgradeFailure: unknown): string {
  if (upgradeFailure !== undefined) {
    return `Bringing the stored data up to version ${version} failed (${messageOf(upgradeFailure)}), so it was left as it was; ${UNTIL_THEN}`;
  }
  if (errorName(e) === 'VersionError') {
    return `The stored data was saved by a newer Kernel Lab than this page (which knows version ${version}). Reload to get the newer page; ${UNTIL_THEN}`;
  }
  return `IndexedDB would not open (${errorName(e) ?? 'error'}: ${messageOf(e)}): edits and results will not survive a reload.`;
}
