import { describe, expect, it } from 'vitest';
import { findKernel } from '../kernels/library';
import { testGpu } from '../test/dawn';
import { parquet } from '../test/data-tables';
import type { ExerciseCell } from './format';
import { parseLesson } from './parse';
import { checkExercise, runCell, type CellOutcome, type LessonEnv } from './runtime';

const F = '```';
const saxpy = findKernel('vector/saxpy')!.source;
const broken = saxpy.replace('out[i] = params.a * x[i] + y[i];', 'out[i] = x[i] + y[i];');

const LESSON = `# Saxpy

${F}kernel sx spec=vector/saxpy params="N=1000, a=3"
${F}

${F}run sizes
kernels: sx, bandwidth/copy
sweep: N = 256, 512
${F}

${F}chart speed
from: sizes
y: memory
${F}

${F}exercise fix spec=vector/saxpy params="N=300, a=2"
${broken}
${F}

${F}solution fix
${saxpy}
${F}
`;

async function env(): Promise<LessonEnv> {
  const { device, info } = await testGpu();
  return {
    device, info, size: 'small',
    timing: { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 50 },
    parquet: () => Promise.resolve(parquet as never),
    fetchData: () => Promise.reject(new Error('no data in this test')),
  };
}

describe('running a lesson', () => {
  it('runs a kernel cell, a sweep and a chart of it, on the GPU', async () => {
    const lesson = parseLesson(LESSON, 'saxpy.md');
    const e = await env();
    const results = new Map<string, CellOutcome>();
    for (const cell of lesson.cells.filter((c) => c.type !== 'exercise')) results.set(cell.id, await runCell(lesson, cell, {}, results, e));
    expect(results.get('sx')).toMatchObject({ status: 'ok', result: { kind: 'kernel', record: { correct: true, params: { N: 1000, a: 3 } } } });
    const sizes = results.get('sizes')!;
    expect(sizes.status).toBe('ok');
    expect(sizes.result?.kind === 'runs' && sizes.result.points.map((p) => `${p.kernel} ${p.params.N} ${p.record?.correct}`)).toEqual(['sx 256 true', 'bandwidth/copy 256 true', 'sx 512 true', 'bandwidth/copy 512 true']);
    const chart = results.get('speed')!;
    expect(chart.status).toBe('ok');
    // saxpy at N = 256 allocates x, y, out (3 × 1 KiB) and its uniform block (n and a, padded to 16 bytes).
    expect(chart.result?.kind === 'chart' && chart.result.chart.series.map((s) => [s.name, s.points.map((p) => [p.x, p.y])])).toEqual([
      ['sx', [[256, 3 * 1024 + 16], [512, 3 * 2048 + 16]]],
      ['bandwidth/copy', [[256, expect.any(Number)], [512, expect.any(Number)]]],
    ]);
  });

  it('runs the student\'s edit, not the original', async () => {
    const lesson = parseLesson(LESSON, 'saxpy.md');
    const out = await runCell(lesson, lesson.cells[0]!, { sx: broken }, new Map(), await env());
    expect(out.status).toBe('failed');
    expect(out.summary).toMatch(/INCORRECT \(error [\d.e+-]+, tolerance/);
  });

  it('fails the untouched exercise with its error figure, and passes the solution', async () => {
    const lesson = parseLesson(LESSON, 'saxpy.md');
    const ex = lesson.cells.find((c): c is ExerciseCell => c.type === 'exercise')!;
    const e = await env();
    const start = await checkExercise(lesson, ex, ex.source, e);
    expect(start).toMatchObject({ status: 'failed', result: { kind: 'check', pass: false } });
    expect(start.summary).toMatch(/^Not yet: error [\d.]+e[+-]\d+ against a tolerance of 1\.0e-6\.$/);
    const solved = await checkExercise(lesson, ex, ex.solution, e);
    expect(solved).toMatchObject({ status: 'ok', result: { kind: 'check', pass: true } });
    // A student's edit that does not compile fails the check, with the compiler's messages for the editor.
    const typo = await checkExercise(lesson, ex, saxpy.replace('params.a', 'params.b'), e);
    expect(typo.status).toBe('failed');
    expect(typo.messages?.length).toBeGreaterThan(0);
  });

  it('asks for the run before drawing its chart, and stops when cancelled', async () => {
    const lesson = parseLesson(LESSON, 'saxpy.md');
    const chart = lesson.cells.find((c) => c.type === 'chart')!;
    expect(await runCell(lesson, chart, {}, new Map(), await env())).toMatchObject({ status: 'error', summary: 'Run sizes first: this chart draws its results.' });
    const stop = new AbortController();
    stop.abort();
    await expect(runCell(lesson, lesson.cells[1]!, {}, new Map(), { ...(await env()), signal: stop.signal })).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('gives a calculator cell\'s bytes per GPU at its setup: the ZeRO paper\'s Figure 1', async () => {
    const lesson = parseLesson(`# Z\n\n${F}calculator zero\n${F}\n`, 'z.md');
    const out = await runCell(lesson, lesson.cells[0]!, {}, new Map(), await env());
    expect(out).toMatchObject({ cell: 'zero', type: 'calculator', status: 'ok' });
    expect(out.summary).toBe('7.5 B parameters on 64 GPUs, mixed precision, per GPU: data parallel 120 GB, ZeRO stage 1 31.4 GB, ZeRO stage 2 16.6 GB, ZeRO stage 3 1.88 GB, FSDP 1.88 GB.');
  });
});
