/** The store where IndexedDB is unavailable: the same behaviour, gone on reload. */
import type { RunRecord } from '../bench/run/record';
import { checkDataCap, DATA_FILES_CAP_BYTES, isOwnRun, type KernelDraft, type Store, type StoredDataFile } from './types';

/** `dataCapBytes`: what the kept data files may take together (tests make it small). */
export function memoryStore(reason = 'Kept in memory only: edits and results will not survive a reload.', dataCapBytes = DATA_FILES_CAP_BYTES): Store {
  const drafts = new Map<string, KernelDraft>();
  let runs: RunRecord[] = [];
  const settings = new Map<string, string>();
  const dataFiles = new Map<string, StoredDataFile>();
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
    listDataFiles: async () => [...dataFiles.values()].sort((a, b) => a.savedAt.localeCompare(b.savedAt)),
    putDataFile: async (f) => {
      const file = { ...f, bytes: f.blob.size };
      checkDataCap([...dataFiles.values()], file, dataCapBytes);
      dataFiles.set(f.name, file);
    },
    deleteDataFile: async (name) => void dataFiles.delete(name),
  };
}
