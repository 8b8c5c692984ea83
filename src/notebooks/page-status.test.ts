import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse';
import type { CellOutcome } from './outcome';
import { pageOutcome, runTally } from './page-status';

const F = '```';
const lesson = parseLesson(`# T

${F}kernel sx spec=vector/saxpy params="N=64, a=2"
${F}

${F}exercise fix spec=vector/saxpy params="N=64, a=2"
@compute @workgroup_size(64) fn main() {}
${F}

${F}solution fix
@compute @workgroup_size(64) fn main() {}
${F}
`, 't.md');

const failedCheck: CellOutcome = { cell: 'fix', type: 'exercise', status: 'failed', summary: 'Not yet: error 9.7e-2 against a tolerance of 3.0e-5.' };

describe('pageOutcome', () => {
  it('an untouched exercise whose check fails is waiting, in words the student can act on', () => {
    const o = pageOutcome(failedCheck, false);
    expect(o.status).toBe('waiting');
    expect(o.summary).toBe('Waiting for you: the exercise as the lesson gives it does not pass its check yet (error 9.7e-2 against a tolerance of 3.0e-5). Change the kernel, then Check.');
  });
  it('an edited exercise that fails is "not yet", unchanged', () => {
    expect(pageOutcome(failedCheck, true)).toEqual(failedCheck);
  });
  it('leaves a pass, an error and other cells alone', () => {
    const pass: CellOutcome = { ...failedCheck, status: 'ok', summary: 'Pass: error 1e-8.' };
    const error: CellOutcome = { ...failedCheck, status: 'error', summary: 'The GPU device is not ready yet.' };
    const kernel: CellOutcome = { cell: 'sx', type: 'kernel', status: 'failed', summary: 'incorrect' };
    for (const o of [pass, error, kernel]) expect(pageOutcome(o, false)).toEqual(o);
  });
});

describe('runTally', () => {
  const ok: CellOutcome = { cell: 'sx', type: 'kernel', status: 'ok', summary: 'fine' };
  it('counts a waiting exercise apart from cells not ok', () => {
    expect(runTally(lesson.cells, { sx: ok, fix: pageOutcome(failedCheck, false) })).toBe('2 of 2 cells run, 1 exercise waiting.');
    expect(runTally(lesson.cells, { sx: ok, fix: pageOutcome(failedCheck, true) })).toBe('2 of 2 cells run, 1 not ok.');
    expect(runTally(lesson.cells, { sx: { ...ok, status: 'error' }, fix: pageOutcome(failedCheck, false) })).toBe('2 of 2 cells run, 1 not ok, 1 exercise waiting.');
  });
  it('says nothing before a run, and says a run was cancelled', () => {
    expect(runTally(lesson.cells, {})).toBe('');
    expect(runTally(lesson.cells, { sx: ok }, 'fix')).toBe('1 of 2 cells run; cancelled at fix.');
    expect(runTally(lesson.cells, {}, 'sx')).toBe('0 of 2 cells run; cancelled at sx.');
  });
});
