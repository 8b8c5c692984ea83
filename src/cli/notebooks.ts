/**
 * `--notebook <file.md>`: a lesson read and checked here (a mistake in it is
 * exit 2, every problem named at its line), then run cell by cell in the
 * runner's page with the page's own code (notebooks/headless.ts), each
 * cell's outcome printed as it finishes the lesson. Any cell not ok fails
 * the run (exit 1), so a teacher can check a lesson before a workshop.
 */
import { readFile } from 'node:fs/promises';
import { messageOf } from '../gpu/errors';
import type { SizePreset } from '../kernels/spec';
import type { CellReport } from '../notebooks/headless';
import { parseLesson } from '../notebooks/parse';
import type { Lesson } from '../notebooks/format';
import type { RunnerCall } from '../runner/protocol';
import { UsageError } from './args';
import { TIMED_OUT, within } from './deadline';
import { err, type StatusLine } from './status';

export interface LessonToRun {
  readonly file: string;
  readonly text: string;
  readonly lesson: Lesson;
}

/**
 * Reads and parses every lesson before the browser starts.
 * @throws UsageError naming the file and, for a lesson with mistakes, each problem with its line
 */
export async function readLessons(files: readonly string[]): Promise<LessonToRun[]> {
  return Promise.all(files.map(async (file) => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read the lesson ${file}: ${messageOf(e)}`);
    }
    try {
      return { file, text, lesson: parseLesson(text, file) };
    } catch (e) {
      throw new UsageError(messageOf(e));
    }
  }));
}

const MARK = { ok: '✓', failed: '✗', error: '⚠' } as const;

/** A lesson's outcome as printed: a heading, a line per cell, a tally. */
export function lessonText(run: LessonToRun, cells: readonly CellReport[]): string {
  const bad = cells.filter((c) => c.status !== 'ok').length;
  return [
    `Lesson ${run.lesson.id} (${run.file}): ${run.lesson.title}`,
    ...cells.map((c) => `  ${MARK[c.status]} ${c.type} ${c.id} (line ${c.line}): ${c.status === 'ok' ? '' : `${c.status.toUpperCase()}: `}${c.summary}`),
    `${cells.length} cells: ${cells.length - bad} ok${bad > 0 ? `, ${bad} not` : ''}.`,
  ].join('\n');
}

/**
 * Runs each lesson in the page; true when any cell was not ok or a lesson could not run. A lesson that
 * outlives its time (a kernel that never ends wedges the GPU) is given up and the browser restarted.
 */
export async function runNotebooks(session: { readonly call: RunnerCall; restart(): Promise<boolean> }, lessons: readonly LessonToRun[], size: SizePreset, timeoutS: number, status: StatusLine): Promise<boolean> {
  let failed = false;
  for (const run of lessons) {
    const call = session.call;
    status.begin(run.lesson.id, `Lesson ${run.lesson.id}: ${run.lesson.cells.length} cells…`);
    // A lesson may take as long as a kernel run per cell.
    const reply = await within(call('notebook', { text: run.text, file: run.file, size }), timeoutS * Math.max(1, run.lesson.cells.length));
    status.end();
    if (reply === TIMED_OUT) {
      err(`${run.file}: gave up after ${timeoutS * run.lesson.cells.length} s (--timeout per cell); restarting the browser.`);
      failed = true;
      if (!(await session.restart())) return true;
      continue;
    }
    if (!reply.ok) {
      err(`${run.file}: ${reply.message}`);
      failed = true;
      continue;
    }
    process.stdout.write(`${lessonText(run, reply.cells)}\n\n`);
    failed ||= reply.cells.some((c) => c.status !== 'ok');
  }
  return failed;
}
