/**
 * What the page keeps across reloads, and the one interface both stores (IndexedDB,
 * and memory where IndexedDB is unavailable) give it.
 */
import type { RunRecord } from '../bench/run/record';
import { formatBytes } from '../gpu/format';

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

/** A data file the page keeps: its bytes as a Blob (a picked File is kept as it is), under its name. */
export interface StoredDataFile {
  readonly name: string;
  readonly blob: Blob;
  /** Size, bytes (the store sets it from the Blob). */
  readonly bytes: number;
  /** ISO time it was kept: files list in this order. */
  readonly savedAt: string;
}

/** Bytes all kept data files may take together: enough for a few real files, far below what browsers grant a site. */
export const DATA_FILES_CAP_BYTES = 256 * 2 ** 20;

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
  /** The kept data files, oldest first. */
  listDataFiles(): Promise<StoredDataFile[]>;
  /**
   * Keeps a data file, replacing one of the same name.
   * @throws DataCapError (nothing written) when the kept files would take more than DATA_FILES_CAP_BYTES
   */
  putDataFile(file: StoredDataFile): Promise<void>;
  deleteDataFile(name: string): Promise<void>;
}

/** A data file that would take the kept files past their cap; the message says what to do. */
export class DataCapError extends Error {
  override name = 'DataCapError';
}

/**
 * Refuses `file` when, with the files already kept (one of the same name is
 * replaced), they would take more than `cap` bytes.
 * @throws DataCapError naming the file, its size, the cap and what is taken
 */
export function checkDataCap(kept: readonly Pick<StoredDataFile, 'name' | 'bytes'>[], file: Pick<StoredDataFile, 'name' | 'bytes'>, cap: number): void {
  const others = kept.filter((f) => f.name !== file.name);
  const taken = others.reduce((s, f) => s + f.bytes, 0);
  if (taken + file.bytes <= cap) return;
  throw new DataCapError(
    `${file.name} (${formatBytes(file.bytes)}) is loaded for this visit but not kept for the next: the data files kept in this browser may take ${formatBytes(cap)} in all, ` +
    (others.length === 0 ? 'and it alone is larger.' : `and ${others.length} other file${others.length === 1 ? ' takes' : 's take'} ${formatBytes(taken)}; remove one to make room.`),
  );
}

/** The runs "Clear…" deletes: the kernel's own, not those a suite made (the roofline shows them). */
export const isOwnRun = (r: RunRecord, kernel: string): boolean => r.kernel === kernel && r.suite === undefined;
