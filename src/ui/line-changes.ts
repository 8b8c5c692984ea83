/**
 * A diff's changed regions in words, for the line under a diff view (and for
 * screen readers, which do not see the colours): "2 changes in your edit:
 * line 12 changed; lines 20–22 added". Line numbers are the right-hand side's,
 * the side a person edits or reads as "now".
 */

/**
 * One changed region, as Monaco's diff editor reports it (ILineChange): an end
 * of 0 on one side means the region has no lines there (a pure insertion or
 * deletion), its start then being the line before the gap.
 */
export interface LineChange {
  readonly originalStartLineNumber: number;
  readonly originalEndLineNumber: number;
  readonly modifiedStartLineNumber: number;
  readonly modifiedEndLineNumber: number;
}

const lines = (from: number, to: number): string => (from === to ? `line ${from}` : `lines ${from}–${to}`);

function region(c: LineChange): string {
  if (c.modifiedEndLineNumber === 0) {
    const n = c.originalEndLineNumber - c.originalStartLineNumber + 1;
    const removed = `${n} line${n === 1 ? '' : 's'} removed`;
    return c.modifiedStartLineNumber > 0 ? `${removed} after line ${c.modifiedStartLineNumber}` : `${removed} at the top`;
  }
  const span = lines(c.modifiedStartLineNumber, c.modifiedEndLineNumber);
  return c.originalEndLineNumber === 0 ? `${span} added` : `${span} changed`;
}

/**
 * "No differences.", or "3 changes in <side>: line 12 changed; lines 20–22
 * added; 2 lines removed after line 30." The first `max` regions are named,
 * then how many more.
 */
export function describeLineChanges(changes: readonly LineChange[], side: string, max = 6): string {
  if (changes.length === 0) return 'No differences.';
  const named = changes.slice(0, max).map(region);
  const more = changes.length > max ? `; and ${changes.length - max} more` : '';
  return `${changes.length} change${changes.length === 1 ? '' : 's'} in ${side}: ${named.join('; ')}${more}.`;
}
