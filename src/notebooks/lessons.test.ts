import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findKernel } from '../kernels/library';
import { LESSON_FILES } from './lessons';
import { parseLesson } from './parse';

const samples = (JSON.parse(readFileSync('public/data/index.json', 'utf8')) as { name: string }[]).map((s) => s.name);
const onDisk = readdirSync('notebooks').filter((f) => /^\d.*\.md$/.test(f)).sort();

describe('the lessons in notebooks/', () => {
  it('bundles every lesson file, in order', () => {
    expect(onDisk.length).toBeGreaterThanOrEqual(6);
    expect(LESSON_FILES.map((l) => l.file)).toEqual(onDisk.map((f) => `notebooks/${f}`));
  });

  for (const file of onDisk) {
    it(`${file} parses, names only library kernels and samples that exist, and has a runnable exercise`, () => {
      const lesson = parseLesson(readFileSync(`notebooks/${file}`, 'utf8'), `notebooks/${file}`);
      const specs = lesson.cells.flatMap((c) => ((c.type === 'kernel' || c.type === 'exercise') && c.spec !== undefined ? [c.spec] : []));
      expect(specs.filter((s) => !findKernel(s))).toEqual([]);
      const files = lesson.cells.flatMap((c) => (c.type === 'data' ? [c.file] : []));
      expect(files.filter((f) => !samples.includes(f))).toEqual([]);
      const kinds = new Set(lesson.cells.map((c) => c.type));
      for (const k of ['run', 'chart', 'exercise'] as const) expect(kinds.has(k), `${file} has a ${k} cell`).toBe(true);
      for (const ex of lesson.cells.filter((c) => c.type === 'exercise')) {
        expect(ex.source).not.toBe(ex.solution);
        expect(ex.params, `${ex.id} gives the sizes its check runs at`).toBeDefined();
      }
    });
  }
});

describe('every lesson\'s exercise, on the GPU', () => {
  it('fails its check untouched and passes it with the solution', async () => {
    const { testGpu } = await import('../test/dawn');
    const { checkExercise } = await import('./runtime');
    const { device, info } = await testGpu();
    const env = { device, info, size: 'small' as const, parquet: () => Promise.reject(new Error('unused')), fetchData: () => Promise.reject(new Error('unused')) };
    const verdicts: string[] = [];
    const expected: string[] = [];
    for (const file of onDisk) {
      const lesson = parseLesson(readFileSync(`notebooks/${file}`, 'utf8'), file);
      for (const ex of lesson.cells.filter((c) => c.type === 'exercise')) {
        const start = await checkExercise(lesson, ex, ex.source, env);
        const solved = await checkExercise(lesson, ex, ex.solution, env);
        verdicts.push(`${file} ${ex.id}: ${start.status} then ${solved.status}${solved.status === 'ok' ? '' : ` (${solved.summary})`}`);
        expected.push(`${file} ${ex.id}: failed then ok`);
      }
    }
    expect(verdicts).toEqual(expected);
    expect(expected).toHaveLength(onDisk.length);
  }, 240_000);
});

describe('the README\'s example lesson', () => {
  it('reads as a lesson, with every kind of cell but a sidecar and a calculator', () => {
    const readme = readFileSync('README.md', 'utf8');
    const from = readme.indexOf('````markdown\n', readme.indexOf('### Writing a lesson'));
    expect(from).toBeGreaterThan(0);
    const text = readme.slice(from + '````markdown\n'.length, readme.indexOf('\n````\n', from));
    const lesson = parseLesson(text, 'README example');
    expect(lesson.title).toBe('Saxpy, measured');
    expect(lesson.cells.map((c) => `${c.type} ${c.id}`)).toEqual(['kernel saxpy', 'run sizes', 'chart speed', 'data sample', 'exercise fix']);
  });
});
