/**
 * Which buffers a column can feed and which parameters follow it, on the
 * library's kernels and a custom one; then a column of a loaded table fed
 * through the plan into a real run (Dawn), padded where the buffer has a tail.
 */
import { describe, expect, it } from 'vitest';
import { columnToHost } from '../../data/columns';
import { sampleTable, SAMPLE_WIDTH } from '../../data/samples';
import { copyVec4, reduce } from '../../kernels/bandwidth/variants';
import { customKernel } from '../../kernels/custom';
import { matmulVec4 } from '../../kernels/matmul/ladder';
import { matmulNaive } from '../../kernels/matmul/naive';
import { planKernel } from '../../kernels/plan';
import { saxpy } from '../../kernels/vector/saxpy';
import { findKernel } from '../../kernels/library';
import { testGpu } from '../../test/dawn';
import { feedTargets, fitToBuffer, planFeeds, type FeedRequest } from './data-feed';
import { runKernel } from './run';

const QUICK = { maxSamples: 3, maxMs: 200, minSampleMs: 0.5, warmup: 1 };
const column = (buffer: string, name: string, rows: number, width = 1): FeedRequest => ({ buffer, file: 'v.parquet', column: name, rows, width });

describe('feed targets', () => {
  it('finds the parameter a vector buffer follows, and refuses one sized by an expression', () => {
    expect(feedTargets(reduce)).toEqual([{ buffer: 'src', kind: 'f32', sizing: { kind: 'vector', param: 'N', per: 1 } }]);
    expect(feedTargets(saxpy).map((t) => t.sizing)).toEqual([{ kind: 'vector', param: 'N', per: 1 }, { kind: 'vector', param: 'N', per: 1 }]);
    expect(feedTargets(copyVec4)).toEqual([{ buffer: 'src', kind: 'f32', problem: 'No parameter can follow a column\'s rows into src: its size is length "4 * ceil(N / 4)", not one parameter.' }]);
  });

  it('reads matmul operands as matrices by their dims', () => {
    expect(feedTargets(matmulNaive).map((t) => [t.buffer, t.sizing])).toEqual([
      ['A', { kind: 'matrix', rows: 'M', cols: 'K' }],
      ['B', { kind: 'matrix', rows: 'K', cols: 'N' }],
    ]);
  });

  it('refuses buffers of padded or mixed elements, and counts values per element where the size is in elements', () => {
    const spec = customKernel({
      name: 'shapes',
      wgsl: `struct P { a: f32, b: u32 }
@group(0) @binding(0) var<storage, read> v3: array<vec3f>;
@group(0) @binding(1) var<storage, read> v4: array<vec4f>;
@group(0) @binding(2) var<storage, read> ps: array<P>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x < arrayLength(&out)) { out[g.x] = v3[g.x].x + v4[g.x].y + ps[g.x].a; }
}`,
      sidecar: { params: [{ name: 'N', default: 8 }], buffers: [{ name: 'v3', elements: 'N' }, { name: 'v4', elements: 'N' }, { name: 'ps', elements: 'N' }, { name: 'out', elements: 'N' }], workgroups: ['ceil(N / 64)'], cost: { flops: 0, bytes: '4 * N' } },
    });
    const [v3, v4, ps] = feedTargets(spec);
    expect(v3?.problem).toBe('v3 holds vec3f with padding: a column can feed only plain arrays of values.');
    expect(v4).toEqual({ buffer: 'v4', kind: 'f32', sizing: { kind: 'vector', param: 'N', per: 4 } });
    expect(ps?.problem).toBe('ps holds P: a column can feed only arrays of f32, i32 or u32 values.');
    // A FixedSizeList<Float32>[4] column of 6 rows is 6 vec4s.
    expect(planFeeds(spec, [v4!], [column('v4', 'q', 6, 4)], { N: 8 })).toEqual([{ buffer: 'v4', ok: true, kind: 'f32', params: { N: 6 } }]);
    expect(planFeeds(spec, [v4!], [column('v4', 'x', 7)], { N: 8 })[0]).toMatchObject({ ok: false, problem: 'column x of v.parquet has 7 values, which do not make whole elements of v4 (4 values each).' });
  });
});

describe('attention\'s Q, K and V from columns', () => {
  const flash = findKernel('attention/flash')!;
  it('follow the last factor of a product of rows (N of B·H·N, L of B·Hkv·L), the others kept, and d from a FixedSizeList', () => {
    const targets = feedTargets(flash);
    expect(targets.map((t) => [t.buffer, t.sizing])).toEqual([
      ['Q', { kind: 'matrix', rows: 'N', cols: 'd', times: ['B', 'H'] }],
      ['K', { kind: 'matrix', rows: 'L', cols: 'd', times: ['B', 'Hkv'] }],
      ['V', { kind: 'matrix', rows: 'L', cols: 'd', times: ['B', 'Hkv'] }],
    ]);
    const params = { B: 1, H: 2, Hkv: 1, N: 8, L: 8, d: 16, causal: 0 };
    const plans = planFeeds(flash, targets, [column('Q', 'q', 6, 32), column('K', 'k', 5, 32), column('V', 'v', 5, 32)], params);
    expect(plans).toEqual([
      { buffer: 'Q', ok: true, kind: 'f32', params: { N: 3, d: 32 } },
      { buffer: 'K', ok: true, kind: 'f32', params: { L: 5, d: 32 } },
      { buffer: 'V', ok: true, kind: 'f32', params: { L: 5, d: 32 } },
    ]);
    // 7 rows do not split into B·H = 2 heads.
    expect(planFeeds(flash, targets, [column('Q', 'q', 7, 32)], params)[0]).toMatchObject({ ok: false, problem: expect.stringContaining('which do not divide into B × H = 2 blocks for Q') });
  });
});

describe('planning feeds', () => {
  it('sets the size parameter to the rows, and a FixedSizeList flattened to rows × d', () => {
    const t = feedTargets(reduce);
    expect(planFeeds(reduce, t, [column('src', 'x', 4096)], { N: 99 })).toEqual([{ buffer: 'src', ok: true, kind: 'f32', params: { N: 4096 } }]);
    expect(planFeeds(reduce, t, [column('src', 'embedding', 10, 16)], { N: 99 })[0]).toMatchObject({ ok: true, params: { N: 160 } });
  });

  it('makes two buffers that follow one parameter agree, naming the earlier pick', () => {
    const plans = planFeeds(saxpy, feedTargets(saxpy), [column('x', 'x', 4096), column('y', 'y', 4096), { ...column('y', 'price', 100), file: 'p.csv' }], { N: 1, a: 2 });
    expect(plans.map((p) => p.ok)).toEqual([true, true, false]);
    expect(plans[2]).toMatchObject({ problem: 'column price of p.csv would set N to 100, but N already follows column x of v.parquet into x (4,096).' });
  });

  it('refuses rows outside the parameter\'s range', () => {
    const plans = planFeeds(saxpy, feedTargets(saxpy), [column('x', 'x', 2 ** 29)], { N: 1, a: 2 });
    expect(plans[0]).toMatchObject({ ok: false, problem: 'column x of v.parquet would set N to 536,870,912, but N (elements) may be 1 to 268,435,456.' });
  });

  it('sets both sizes of a matrix from a FixedSizeList, and reads a scalar column as rows of the current width', () => {
    const t = feedTargets(matmulNaive);
    expect(planFeeds(matmulNaive, t, [column('A', 'embedding', 64, 16)], { M: 8, N: 8, K: 8 })).toEqual([{ buffer: 'A', ok: true, kind: 'f32', params: { M: 64, K: 16 } }]);
    expect(planFeeds(matmulNaive, t, [column('A', 'x', 64)], { M: 8, N: 8, K: 16 })).toEqual([{ buffer: 'A', ok: true, kind: 'f32', params: { M: 4 }, width: 16 }]);
    // B's rows are K, which A's FixedSizeList set to 16: a scalar column then sets B's columns, N.
    expect(planFeeds(matmulNaive, t, [column('A', 'embedding', 64, 16), column('B', 'x', 64)], { M: 8, N: 8, K: 3 })[1]).toEqual({ buffer: 'B', ok: true, kind: 'f32', params: { N: 4 }, width: 4 });
    expect(planFeeds(matmulNaive, t, [column('A', 'embedding', 64, 16), column('B', 'x', 40)], { M: 8, N: 8, K: 3 })[1]).toMatchObject({ ok: false, problem: 'column x of v.parquet has 40 values, which do not make 16 rows (K, set by column embedding of v.parquet) for B (8 left over).' });
    expect(planFeeds(matmulNaive, t, [column('A', 'x', 10)], { M: 8, N: 8, K: 3 })[0]).toMatchObject({ ok: false, problem: expect.stringContaining('do not make rows of K = 3 for A (1 left over): set K to a divisor of 10, or pick a FixedSizeList column.') });
  });

  it('fits a column to a buffer with a tail, and refuses one too short', () => {
    const values = Float32Array.of(1, 2, 3);
    expect(fitToBuffer(values, 3, 'A').values).toBe(values);
    const fitted = fitToBuffer(values, 5, 'A');
    expect(Array.from(fitted.values)).toEqual([1, 2, 3, 0, 0]);
    expect(fitted.padded).toBe(2);
    expect(() => fitToBuffer(values, 2, 'A')).toThrow('A holds 2 values with these parameters, fewer than the column\'s 3.');
  });
});

describe('a column fed through the plan into a run (Dawn)', () => {
  it('runs the vec4 matmul on the sample embeddings as A, padded to its spare vec4, and checks it', async () => {
    const { device, info } = await testGpu();
    const table = sampleTable(64);
    const [plan] = planFeeds(matmulVec4, feedTargets(matmulVec4), [column('A', 'embedding', 64, SAMPLE_WIDTH)], { M: 8, N: 8, K: 8 });
    if (!plan?.ok) throw new Error('no plan');
    const params = { M: 8, N: 8, K: 8, ...plan.params };
    expect(params).toEqual({ M: 64, N: 8, K: SAMPLE_WIDTH });
    const host = columnToHost(table, 'embedding', { kind: plan.kind, file: 'v.parquet' });
    const buffer = planKernel(matmulVec4, params, { BM: 4, BN: 4, BK: 4, TM: 2, TN: 2 }).buffers.find((b) => b.spec.name === 'A')!;
    const { values, padded } = fitToBuffer(host.data, buffer.length, 'A');
    expect(padded).toBe(4);
    const { record } = await runKernel(device, info, matmulVec4, { params, timing: QUICK, data: [{ buffer: 'A', values, file: 'v.parquet', column: 'embedding', rows: 64 }] });
    expect(record.correct).toBe(true);
    expect(record.data).toEqual([{ buffer: 'A', file: 'v.parquet', column: 'embedding', rows: 64 }]);
  });
});
