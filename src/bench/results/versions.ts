/**
 * Names for code versions in a kernel's history: the library's own source is
 * "library"; each distinct edited source is "edit 1", "edit 2", … in the order
 * it was first run. A user's own kernel has no library version: its sources
 * are "version 1", "version 2", …. Stable as history grows.
 */
import type { RunRecord } from '../run/record';

type Versioned = Pick<RunRecord, 'sourceHash' | 'librarySource' | 'filesHash'>;

/** What tells two versions apart: the WGSL, or for your own kernels all three files (a new reference is a new version too). */
export const versionKey = (r: Versioned): string => r.filesHash ?? r.sourceHash;

export function versionLabels(runs: readonly Versioned[], custom = false): Map<string, string> {
  const labels = new Map<string, string>();
  let edits = 0;
  for (const r of runs) {
    const key = versionKey(r);
    if (labels.has(key)) continue;
    labels.set(key, custom ? `version ${++edits}` : r.librarySource ? 'library' : `edit ${++edits}`);
  }
  return labels;
}
