/**
 * Names for code versions in a kernel's history: the library's own source is
 * "library"; each distinct edited source is "edit 1", "edit 2", … in the order
 * it was first run. A user's own kernel has no library version: its sources
 * are "version 1", "version 2", …. Stable as history grows.
 */
import type { RunRecord } from './record';

export function versionLabels(runs: readonly Pick<RunRecord, 'sourceHash' | 'librarySource'>[], custom = false): Map<string, string> {
  const labels = new Map<string, string>();
  let edits = 0;
  for (const r of runs) {
    if (labels.has(r.sourceHash)) continue;
    labels.set(r.sourceHash, custom ? `version ${++edits}` : r.librarySource ? 'library' : `edit ${++edits}`);
  }
  return labels;
}
