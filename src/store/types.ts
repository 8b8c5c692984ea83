/**
 * What the page keeps across reloads, and the one interface both stores (IndexedDB,
 * and memory where IndexedDB is unavailable) give it.
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
  /** False when nothing will survive a reload (from the start, or since the storage was lost). */
  readonly persistent: boolean;
  /** Why not, in words for the user; set whenever `persistent` is false. */
  readonly reason?: string | undefined;
  getDraft(kernel: string): Promise<KernelDraft | undefined>;
  putDraft(draft: KernelDraft): Promise<void>;
  addRun(record: RunRecord): Promise<void>;
  /** One kernel's runs, oldest first (suite runs included). */
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

/** The runs "Clear…" deletes: the kernel's own, not those a suite made (the roofline shows them). */
export const isOwnRun = (r: RunRecord, kernel: string): boolean => r.kernel === kernel && r.suite === undefined;
