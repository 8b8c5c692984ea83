import { describe, expect, it } from 'vitest';
import { findKernel } from '../kernels/library';
import type { KernelCell, RunCell } from './format';
import { LessonError, parseLesson } from './parse';

const F = '```';

function problems(text: string): string[] {
  try {
    parseLesson(text, 'notebooks/t.md');
  } catch (e) {
    if (e instanceof LessonError) return e.problems.map((p) => `${p.line}: ${p.message}`);
    throw e;
  }
  return [];
}

const GOOD = `# Copies

Some *prose*.

${F}wgsl
// shown, not a cell
${F}

${F}kernel copy spec=bandwidth/copy params="N=2**12"
${F}

${F}run sizes
kernels: copy, bandwidth/copy-vec4
sweep: N = 1024, 4096
# a comment
${F}

${F}chart speed
from: sizes
y: gbps
${F}

${F}data sample
file: vectors.parquet
columns: x, y
${F}

${F}exercise fix spec=softmax/online params="R=3, C=17"
fn broken() {}
${F}

${F}solution fix
fn fixed() {}
${F}

The end.
`;

describe('parseLesson', () => {
  it('reads prose and every kind of cell, with lines', () => {
    const lesson = parseLesson(GOOD, 'notebooks/02-copies.md');
    expect(lesson.id).toBe('02-copies');
    expect(lesson.title).toBe('Copies');
    expect(lesson.cells.map((c) => `${c.type} ${c.id} @${c.line}`)).toEqual(['kernel copy @9', 'run sizes @12', 'chart speed @18', 'data sample @23', 'exercise fix @28']);
    const kernel = lesson.cells[0] as KernelCell;
    // An empty kernel cell holds the library's own source.
    expect(kernel.source).toBe(findKernel('bandwidth/copy')!.source);
    expect(kernel.params).toEqual({ N: 4096 });
    const run = lesson.cells[1] as RunCell;
    expect(run.what).toEqual({ kind: 'kernels', kernels: ['copy', 'bandwidth/copy-vec4'], params: {}, constants: {}, sweep: { names: ['N'], values: [1024, 4096] } });
    expect(lesson.cells[2]).toMatchObject({ from: 'sizes', x: 'N', y: 'gbps' });
    expect(lesson.cells[3]).toMatchObject({ file: 'vectors.parquet', columns: ['x', 'y'] });
    expect(lesson.cells[4]).toMatchObject({ spec: 'softmax/online', params: { R: 3, C: 17 }, source: 'fn broken() {}\n', solution: 'fn fixed() {}\n' });
    // The wgsl fence stays in the prose, and the prose after the last cell is kept.
    const prose = lesson.blocks.filter((b) => b.type === 'prose');
    expect(prose[0]!.markdown).toContain('// shown, not a cell');
    expect(prose.at(-1)).toMatchObject({ line: 36 });
    expect(prose.at(-1)!.type === 'prose' && prose.at(-1)!.markdown.trim()).toBe('The end.');
  });

  it('keeps a cell inside a longer prose fence as prose', () => {
    const lesson = parseLesson(`# T\n\n\`\`\`\`markdown\n${F}kernel x spec=nope/nope\n${F}\n\`\`\`\`\n`, 't.md');
    expect(lesson.cells).toEqual([]);
  });

  it('names the line of an unknown cell type and of a fence never closed', () => {
    expect(problems(`# T\n\n${F}kernal a spec=matmul/naive\n${F}\n`)).toEqual([expect.stringMatching(/^3: unknown cell type "kernal": a cell is one of kernel, sidecar, run/)]);
    expect(problems(`# T\n\n${F}run r\nkernels: matmul/naive\n`)).toEqual(['3: the run cell opened here is never closed (a line of ``` is missing)']);
  });

  it('names unknown specs, parameters, keys and cells, each at its line', () => {
    const text = `# T

${F}kernel a spec=matmul/naif
${F}

${F}kernel b spec=matmul/naive params="M=4, Q=3"
${F}

${F}run r
kernels: b, nothing
sweep: Z = 1, 2
colour: red
${F}

${F}chart c
from: r
y: furlongs
${F}

${F}chart d
from: later
${F}
`;
    expect(problems(text)).toEqual([
      '3: the kernel cell a: no kernel "matmul/naif" in the library',
      '6: b params: matmul/naive has no parameter Q (it has M, N, K)',
      '10: the run cell r: "nothing" is neither a kernel cell above nor a library kernel',
      '11: the run cell r sweep: matmul/naive has no parameter Z (it has M, N, K)',
      '12: the run cell r: unknown key "colour" (keys: kernels, params, constants, sweep, suite, rows, tune)',
      '17: the chart cell c: y: furlongs cannot be drawn from a kernels run (y can be ms, gflops, gbps, memory, error, tokens, quant-error)',
      '21: the chart cell d: from: "later" is not a run cell above it',
    ]);
  });

  it('a run naming a broken kernel cell points at that cell instead of saying no such kernel', () => {
    const text = `# T

${F}kernel saxpy spec=vector/saxpi
${F}

${F}kernel own
fn main() {}
${F}

${F}run r
kernels: saxpy, own
${F}

${F}run t
tune: saxpy
${F}
`;
    expect(problems(text)).toEqual([
      '3: the kernel cell saxpy: no kernel "vector/saxpi" in the library',
      '6: the kernel cell own names no library kernel (spec=…) and has no sidecar cell (```sidecar own) describing it',
      '11: the run cell r: "saxpy" names the kernel cell at line 3, which has a problem (above)',
      '11: the run cell r: "own" names the kernel cell at line 6, which has a problem (above)',
      '15: the run cell t: "saxpy" names the kernel cell at line 3, which has a problem (above)',
    ]);
  });

  it('asks for an id, a solution, a sidecar, a title, and one thing to run', () => {
    expect(problems(`${F}exercise e spec=matmul/naive\nx\n${F}\n\n${F}kernel k\nfn main() {}\n${F}\n\n${F}run\n${F}\n\n${F}run r\nsuite: formats\ntune: k\n${F}\n`)).toEqual([
      '1: the exercise e has no solution cell (```solution e with the reference kernel)',
      '1: the lesson has no title (a first-level heading: # The memory wall)',
      '5: the kernel cell k names no library kernel (spec=…) and has no sidecar cell (```sidecar k) describing it',
      '9: the run cell has no id: write ```run <id>',
      '12: the run cell r must say exactly one of kernels:, suite: or tune: (it says suite and tune)',
    ]);
  });

  it('reads a kernel of the lesson\'s own from its sidecar, and reports the sidecar\'s mistakes there', () => {
    const wgsl = '@group(0) @binding(0) var<storage, read_write> y: array<f32>;\n@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { if (g.x < arrayLength(&y)) { y[g.x] = 1.0; } }';
    const lesson = parseLesson(`# T\n\n${F}kernel ones\n${wgsl}\n${F}\n\n${F}sidecar ones\n{"params": [{"name": "N", "default": 64, "min": 1, "max": 4096}], "buffers": [{"name": "y", "elements": "N"}], "workgroups": ["ceil(N / 64)", 1, 1], "cost": {"flops": 0, "bytes": "4*N"}}\n${F}\n\n${F}run r\nkernels: ones\nparams: N=128\n${F}\n`, 't.md');
    expect(lesson.cells.map((c) => c.id)).toEqual(['ones', 'r']);
    expect((lesson.cells[0] as KernelCell).sidecar).toMatchObject({ params: [{ name: 'N' }] });
    const bad = problems(`# T\n\n${F}kernel ones\n${wgsl}\n${F}\n\n${F}sidecar ones\n{"buffers": [{"name": "zz"}]}\n${F}\n`);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^8: sidecar ones: /);
    expect(problems(`# T\n\n${F}kernel ones\n${wgsl}\n${F}\n\n${F}sidecar ones\n{nope\n${F}\n`)[0]).toMatch(/^8: the sidecar ones is not JSON/);
  });

  it('checks what a chart may draw from a suite and refuses a bad sweep', () => {
    expect(problems(`# T\n\n${F}run f\nsuite: formats\nrows: 2000\n${F}\n\n${F}chart c\nfrom: f\nx: N\ny: ms\n${F}\n`)).toEqual(['10: the chart cell c: x: N is not something f varies (x can be format)']);
    expect(problems(`# T\n\n${F}run f\nsuite: shapes\n${F}\n`)).toEqual(['4: the run cell f: no suite "shapes" (suites: formats, pump)']);
    expect(problems(`# T\n\n${F}run s\nkernels: matmul/naive\nsweep: N = 1, 2**x\n${F}\n`)[0]).toMatch(/^5: sweep: /);
    expect(problems(`# T\n\n${F}run s\nkernels: matmul/naive\nsweep: N = ${Array.from({ length: 13 }, (_, i) => i + 1).join(', ')}\n${F}\n`)).toEqual(['5: sweep: 13 values, more than the 12 a lesson may sweep']);
  });

  it('refuses a taken id and a data file outside public/data', () => {
    expect(problems(`# T\n\n${F}data a\nfile: ../secret.csv\n${F}\n\n${F}run a\nsuite: pump\n${F}\n`)).toEqual([
      '4: the data cell a: file: "../secret.csv" is not a file name of public/data (a Parquet, Arrow or CSV file, no folders)',
      '7: the id "a" is taken by the data cell at line 3',
    ]);
  });

  it('reads a calculator cell with its setup, or the ZeRO paper\'s example, and names a setup that cannot be computed at its line', () => {
    const lesson = parseLesson(`# T\n\n${F}calculator mine\nparameters: 70\ngpus: 8\nprecision: fp32\n${F}\n\n${F}calculator paper\n${F}\n`, 't.md');
    expect(lesson.cells).toEqual([
      { type: 'calculator', id: 'mine', line: 3, billions: 70, gpus: 8, precision: 'fp32' },
      { type: 'calculator', id: 'paper', line: 9, billions: 7.5, gpus: 64, precision: 'mixed' },
    ]);
    expect(problems(`# T\n\n${F}calculator c\ngpus: 2.5\n${F}\n`)).toEqual(['4: the calculator cell c: gpus: GPUs must be a whole number of at least 1 (got 2.5).']);
    expect(problems(`# T\n\n${F}calculator c\nparameters: -1\n${F}\n`)).toEqual(['4: the calculator cell c: parameters: the parameters, in billions, must be a number above 0 (got -1)']);
    expect(problems(`# T\n\n${F}calculator c\nprecision: fp8\nlayers: 2\n${F}\n`)).toEqual([
      '4: the calculator cell c: precision: "fp8" is not one the calculator knows (mixed, fp32)',
      '5: the calculator cell c: unknown key "layers" (keys: parameters, gpus, precision)',
    ]);
  });
});
