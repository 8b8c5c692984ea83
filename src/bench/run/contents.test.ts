import { describe, expect, it } from 'vitest';
import { customKernel } from '../../kernels/custom';
import { matmulReference } from '../../kernels/matmul/common';
import { matmulVec4 } from '../../kernels/matmul/ladder';
import { matmulNaive } from '../../kernels/matmul/naive';
import { splitExpected } from '../../kernels/spec';
import { testGpu } from '../../test/dawn';
import { reportPattern } from './mismatch-pattern';
import { findMismatches, PADDING } from './mismatches';
import { recheckSeed, runKernel, type BufferContents, type RunContents } from './run';

const QUICK = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 500, targetSampleMs: 1 } as const;
const SHAPE = { M: 13, N: 11, K: 7 };

const buffer = (c: RunContents, name: string): BufferContents => c.buffers.find((b) => b.name === name)!;
const mismatchesOf = (c: RunContents, name: string) => {
  const b = buffer(c, name);
  return findMismatches({ got: b.got!, expected: b.expected, terms: b.terms, shape: b.shape }, c.tolerance);
};
const patternOf = (c: RunContents, name: string): string => {
  const b = buffer(c, name);
  const e = mismatchesOf(c, name);
  return reportPattern(e.status, e.indices, b.dims && { rows: b.dims[0], columns: b.dims[1], offset: 0 }).sentence;
};

describe('the buffers of the checked run, kept with the outcome', () => {
  it('keeps what a correct matmul started from, held after and should hold, with rows and columns', async () => {
    const { device, info } = await testGpu();
    const { contents, record } = await runKernel(device, info, matmulNaive, { params: SHAPE, seed: 77, timing: QUICK });
    expect(record.correct).toBe(true);
    expect(contents).toMatchObject({ run: 'before timing', seed: 77, tolerance: matmulNaive.tolerance });
    expect(contents.buffers.map((b) => [b.name, b.role, b.length, b.dims])).toEqual([
      ['A', 'input', 13 * 7, [13, 7]],
      ['B', 'input', 7 * 11, [7, 11]],
      ['C', 'output', 13 * 11, [13, 11]],
    ]);
    const [A, B, C] = contents.buffers as [BufferContents, BufferContents, BufferContents];
    // Inputs have a start and nothing after; the output the reverse (its start was poison), with the reference's answer.
    expect([A.start?.length, A.got, A.expected]).toEqual([91, undefined, undefined]);
    expect([C.start, C.got?.length]).toEqual([undefined, 143]);
    // The expected values are the reference's on exactly the inputs kept.
    const { expected, terms } = splitExpected(matmulReference({ A: A.start!, B: B.start! }, SHAPE, {}).C!);
    expect(C.expected).toEqual(expected);
    expect(C.terms).toEqual(terms);
    expect(mismatchesOf(contents, 'C').indices.length).toBe(0);
    expect(patternOf(contents, 'C')).toBe('No element is beyond the tolerance.');
  });

  it('shows a wrong row as the one mismatching row', async () => {
    const { device, info } = await testGpu();
    const wrong = matmulNaive.source.replace('c[row * dims.N + col] = acc;', 'c[row * dims.N + col] = select(acc, acc + 1.0, row == 4u);');
    const { contents, check } = await runKernel(device, info, matmulNaive, { source: wrong, params: SHAPE, timing: QUICK });
    expect(check.correct).toBe(false);
    expect([...mismatchesOf(contents, 'C').indices]).toEqual(Array.from({ length: 11 }, (_, c) => 4 * 11 + c));
    expect(patternOf(contents, 'C')).toBe('Whole rows are wrong: row 4; nothing else is (11 elements).');
  });

  it('keeps the expected values of a run whose outputs were never written, so the view can show them', async () => {
    const { device, info } = await testGpu();
    const lazy = matmulNaive.source.replace('if (row >= dims.M || col >= dims.N)', 'if (row >= dims.M || col >= dims.N || col == 3u)');
    const { contents, check } = await runKernel(device, info, matmulNaive, { source: lazy, params: SHAPE, timing: QUICK });
    expect(check.unwritten?.cause).toBe('never-written');
    const C = buffer(contents, 'C');
    expect(C.expected?.length).toBe(143);
    // The first check run's poison: NaN where the kernel never wrote.
    expect(Number.isNaN(C.got![3]!)).toBe(true);
    expect(mismatchesOf(contents, 'C').nonFinite).toBe(13);
    expect(patternOf(contents, 'C')).toBe('Whole columns are wrong: column 3; nothing else is (13 elements).');
  });

  it('keeps the failing run after timing, not the passing one before it', async () => {
    const { device, info } = await testGpu();
    // Right for its first three runs (the two check runs among them), wrong once a scratch counter passes 3.
    const drifting = customKernel({
      name: 'drifting',
      sidecar: { params: [{ name: 'N', default: 100 }], buffers: [{ name: 'x', elements: 'N' }, { name: 'out', elements: 'N' }, { name: 'runs', role: 'scratch' }], workgroups: ['ceil(N / 64)'], cost: { flops: 0, bytes: '8 * N' } },
      wgsl: `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> runs: atomic<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = atomicLoad(&runs);
  if (gid.x < arrayLength(&out)) { out[gid.x] = x[gid.x] + select(0.0, 1.0, r >= 3u); }
  if (gid.x == 0u) { atomicAdd(&runs, 1u); }
}`,
      reference: ({ x }) => ({ out: Float64Array.from(x!) }),
    });
    const { contents, record } = await runKernel(device, info, drifting, { params: { N: 100 }, seed: 5, timing: QUICK });
    expect(record.recheck?.correct).toBe(false);
    expect(contents).toMatchObject({ run: 'after timing', seed: recheckSeed(5) });
    // Scratch is not kept; the output is wrong everywhere, by one.
    expect(contents.buffers.map((b) => b.name)).toEqual(['x', 'out']);
    expect(patternOf(contents, 'out')).toBe('Every element is wrong (100).');
    const out = buffer(contents, 'out');
    expect(out.got![7]! - out.expected![7]!).toBeCloseTo(1, 6);
    expect(buffer(contents, 'x').start).toEqual(Float32Array.from(out.expected!));
  });

  it('marks a vec4 matmul\'s tail past M×N and the padding of a vec3 output, never as mismatches', async () => {
    const { device, info } = await testGpu();
    const vec4 = await runKernel(device, info, matmulVec4, { params: { M: 5, N: 3, K: 2 }, timing: QUICK });
    const C = buffer(vec4.contents, 'C');
    // 15 values in a 5×3 matrix, one more to make whole vec4s: it has no row or column.
    expect([C.length, C.dims]).toEqual([16, [5, 3]]);
    expect(mismatchesOf(vec4.contents, 'C').indices.length).toBe(0);

    const points = customKernel({
      name: 'points',
      sidecar: { params: [{ name: 'N', default: 10 }], buffers: [{ name: 'p', elements: 'N' }], workgroups: ['ceil(N / 64)'], cost: { flops: 0, bytes: '12 * N' } },
      wgsl: `@group(0) @binding(0) var<storage, read_write> p: array<vec3f>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < arrayLength(&p)) { p[gid.x] = vec3f(f32(gid.x), 1.0, select(2.0, 9.0, gid.x == 6u)); }
}`,
      reference: (_inputs, { N = 0 }) => ({ p: Float64Array.from({ length: 4 * N }, (_, i) => (i % 4 === 0 ? i / 4 : i % 4 === 1 ? 1 : i % 4 === 2 ? 2 : 0)) }),
    });
    const { contents } = await runKernel(device, info, points, { params: { N: 10 }, timing: QUICK });
    const e = mismatchesOf(contents, 'p');
    expect([...e.indices]).toEqual([4 * 6 + 2]);
    expect(e.status.filter((s) => s === PADDING).length).toBe(10);
  });
});
