/**
 * A whole lesson run as a teacher checks it before a workshop (the runner's
 * `--notebook`): every cell in order, as the page runs them, and each
 * exercise twice: untouched, its check must fail (or the exercise teaches
 * nothing), and with the reference solution it must pass.
 */
import { KernelLabError, messageOf } from '../gpu/errors';
import type { Lesson } from './format';
import { checkExercise, runCell, type CellOutcome, type CellStatus, type LessonEnv } from './runtime';

/** One cell's outcome as the runner prints it. */
export interface CellReport {
  readonly id: string;
  readonly type: string;
  readonly line: number;
  readonly status: CellStatus;
  readonly summary: string;
}

/**
 * Runs every cell of `lesson` with its original sources.
 * @returns one report per cell, in order; a lesson is ready when all are `ok`
 * @throws CancelledError when `env.signal` aborts
 */
export async function runLessonHeadless(lesson: Lesson, env: LessonEnv): Promise<CellReport[]> {
  const results = new Map<string, CellOutcome>();
  const reports: CellReport[] = [];
  for (const [i, cell] of lesson.cells.entries()) {
    const say = (text: string): void => env.onProgress?.(`[${i + 1}/${lesson.cells.length}] ${cell.id}: ${text}`);
    say('starting');
    const cellEnv = { ...env, onProgress: say };
    let status: CellStatus;
    let summary: string;
    if (cell.type === 'exercise') {
      const untouched = await checkExercise(lesson, cell, cell.source, cellEnv);
      const solved = await checkExercise(lesson, cell, cell.solution, cellEnv);
      results.set(cell.id, untouched);
      status = untouched.status === 'failed' && solved.status === 'ok' ? 'ok' : 'failed';
      summary =
        untouched.status === 'ok' ? `the untouched exercise already passes its check, so it asks nothing of the student (${untouched.summary})`
        : solved.status !== 'ok' ? `the solution does not pass the check: ${solved.summary}`
        : `untouched: ${untouched.summary} Solution: ${solved.summary}`;
    } else {
      let out: CellOutcome;
      try {
        out = await runCell(lesson, cell, {}, results, cellEnv);
      } catch (e) {
        if (e instanceof KernelLabError && e.kind === 'cancelled') throw e;
        out = { cell: cell.id, type: cell.type, status: 'error', summary: messageOf(e) };
      }
      results.set(cell.id, out);
      status = out.status;
      summary = out.summary;
    }
    reports.push({ id: cell.id, type: cell.type, line: cell.line, status, summary });
  }
  return reports;
}
