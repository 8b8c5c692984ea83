/** The store where IndexedDB is unavailable: the same behaviour, gone on reload. */
import type { RunRecord } from '../bench/run/record';
import { isOwnRun, type KernelDraft, type Store } from './types';

export function memoryStore(reason = 'Kept in memory only: edits and results will not survive a reload.'): Store {
  const drafts = new Map<string, KernelDraft>();
  let runs: RunRecord[] = [];
  const settings = new Map<string, string>();
  return {
    persistent: false,
    reason,
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
