/**
 * How the lesson page reads a cell's outcome and sums up a run. An exercise
 * is meant to fail its check until the student changes it (the headless
 * runner counts a failing untouched exercise as ok), so on the page an
 * untouched exercise whose check does not pass is "waiting for you", not a
 * fault; once edited, a failing check is "not yet". The bar's line counts
 * the cells run, those not ok, and the exercises waiting, and says when a
 * run was cancelled.
 */
import type { Cell } from './format';
import type { CellOutcome, CellStatus } from './outcome';

/** A cell's status as the page shows it: `waiting` is an untouched exercise whose check does not pass. */
export type PageStatus = CellStatus | 'waiting';

export interface PageOutcome extends Omit<CellOutcome, 'status'> {
  readonly status: PageStatus;
}

/**
 * The outcome as the page shows it.
 * @param outcome what runCell gave for the cell
 * @param edited whether the cell's source was the student's own (differs from the lesson's) when it ran
 * @returns the outcome unchanged, except an untouched exercise's failed check: status `waiting`, and
 *   its summary says the exercise is the student's to do (a compile error in the lesson's own text,
 *   status `error`, stays an error)
 */
export function pageOutcome(outcome: CellOutcome, edited: boolean): PageOutcome {
  if (outcome.type !== 'exercise' || outcome.status !== 'failed' || edited) return outcome;
  const detail = outcome.summary.replace(/^Not yet: /, '');
  return { ...outcome, status: 'waiting', summary: `Waiting for you: the exercise as the lesson gives it does not pass its check yet (${detail.replace(/\.$/, '')}). Change the kernel, then Check.` };
}

/**
 * The bar's line after a run, e.g. "7 of 7 cells run, 1 exercise waiting." or
 * "2 of 6 cells run; cancelled at ladder.".
 * @param cells the lesson's cells, in order
 * @param outcomes the page's outcomes by cell id
 * @param cancelledAt the id of the cell a run was cancelled at, if the last run was cancelled
 * @returns '' when no cell has run and nothing was cancelled
 */
export function runTally(cells: readonly Cell[], outcomes: Readonly<Record<string, PageOutcome | undefined>>, cancelledAt?: string): string {
  const seen = cells.flatMap((c) => (outcomes[c.id] ? [outcomes[c.id]!] : []));
  if (seen.length === 0 && cancelledAt === undefined) return '';
  const notOk = seen.filter((o) => o.status === 'failed' || o.status === 'error').length;
  const waiting = seen.filter((o) => o.status === 'waiting').length;
  const parts = [`${seen.length} of ${cells.length} cells run`];
  if (notOk > 0) parts.push(`${notOk} not ok`);
  if (waiting > 0) parts.push(`${waiting} exercise${waiting === 1 ? '' : 's'} waiting`);
  return `${parts.join(', ')}${cancelledAt === undefined ? '' : `; cancelled at ${cancelledAt}`}.`;
}
