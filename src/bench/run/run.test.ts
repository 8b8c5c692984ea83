import { describe, expect, it, vi } from 'vitest';
import { CancelledError, CompileError, LimitError, type KernelLabError } from '../../gpu/errors';
import { copy } from '../../kernels/bandwidth/copy';
import { customKernel } from '../../kernels/custom';
import { pagedLayout } from '../../kernels/generators';
import { matmulNaive } from '../../kernels/matmul/naive';
import { makeInput } from '../../kernels/random';
import { saxpy } from '../../kernels/vector/saxpy';
import { testGpu } from '../../test/dawn';
import { planWithinLimits, runKernel } from './run';
import { inspectKernel } from './prepare';

const QUICK = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 500, targetSampleMs: 1 } as const;
const SMALL = { M: 9, N: 11, K: 5 };
const lineOf = (src: string, needle: string): number => src.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('runKernel on a real device (Dawn)', () => {
  it('passes a correct kernel whose random inputs nearly cancel (CI once failed saxpy N=1 this way)', async () => {
    const { device, info } = await testGpu();
    const a = Math.fround(-0.75);
    // The first seed for which f32 a·x then + y (unfused, as SwiftShader does it) is off by
    // more than the tolerance relative to the result: the inputs nearly cancel.
    const inputs = (s: number) => [0, 1].map((salt) => makeInput('f32', 1, { kind: 'random', min: -1, max: 1 }, s, salt)[0]!);
    const unfusedRelError = (s: number): number => {
      const [x, y] = inputs(s);
      const exact = a * x! + y!;
      return Math.abs(Math.fround(Math.fround(a * x!) + y!) - exact) / Math.abs(exact);
    };
    let seed = 1;
    while (unfusedRelError(seed) <= 10 * saxpy.tolerance) seed++;
    const { check, record } = await runKernel(device, info, saxpy, { params: { N: 1, a: -0.75 }, seed, timing: QUICK });
    expect(check.correct).toBe(true);
    expect(check.scaledError).toBeLessThanOrEqual(saxpy.tolerance);
    expect(record.scaledError).toBe(check.scaledError);
    expect(record.seed).toBe(seed);
  });

  it('reports a compile error with the line and column of the culprit', async () => {
    const { device, info } = await testGpu();
    const broken = matmulNaive.source.replace('var acc = 0.0;', 'var acc: u32 = 0.5;');
    const line = lineOf(broken, 'var acc: u32');
    const err = await runKernel(device, info, matmulNaive, { source: broken, params: SMALL, timing: QUICK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    const ce = err as CompileError;
    expect(ce.kind).toBe('compile');
    expect(ce.messages[0]?.line).toBe(line);
    expect(ce.messages[0]?.column).toBeGreaterThan(1);
    expect(ce.message).toMatch(new RegExp(`^Compile error at line ${line}, column \\d+: `));
  });

  it('reports a syntax error as the compiler does, though the interface cannot be read then', async () => {
    const { device, info } = await testGpu();
    const broken = matmulNaive.source.replace('var acc = 0.0;', 'var acc = 0.0; broken');
    const err = await runKernel(device, info, matmulNaive, { source: broken, params: SMALL, timing: QUICK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    // The compiler's own message and place (it may name the next token's line), not a complaint about the interface.
    expect((err as CompileError).messages[0]?.line).toBeGreaterThanOrEqual(lineOf(broken, 'broken'));
    expect((err as CompileError).message).toMatch(/^Compile error at line \d+/);
    expect((err as CompileError).message).not.toContain('uniform block');
  });

  it('reports shader bindings that do not match the spec at their lines', async () => {
    const { device, info } = await testGpu();
    const moved = matmulNaive.source.replace('@binding(2) var<storage, read_write> c', '@binding(5) var<storage, read_write> c');
    const err = (await runKernel(device, info, matmulNaive, { source: moved, params: SMALL, timing: QUICK }).catch((e: unknown) => e)) as CompileError;
    expect(err.kind).toBe('binding');
    expect(err.messages.map((m) => m.message)).toEqual([
      'The kernel supplies buffer C at @binding(2), but the shader declares nothing there.',
      'c at @binding(5) is not supplied by this kernel (it binds 0, 1, 2, 3).',
    ]);
    expect(err.messages[1]?.line).toBe(lineOf(moved, '@binding(5)'));
  });

  it('refuses constants the shader cannot take, naming them', async () => {
    const { device, info } = await testGpu();
    const zero = await runKernel(device, info, matmulNaive, { params: SMALL, constants: { WG_X: 0 }, timing: QUICK }).catch((e: unknown) => e);
    expect((zero as KernelLabError).kind).toBe('params');
    expect((zero as Error).message).toMatch(/^Pass main's workgroup count x: "ceil\(N \/ WG_X\)" is not a finite number/);
    const half = await runKernel(device, info, matmulNaive, { params: SMALL, constants: { WG_X: 1.5 }, timing: QUICK }).catch((e: unknown) => e);
    expect((half as Error).message).toBe('WG_X is a u32 override, so it must be a whole number of at least 0 (got 1.5).');
  });

  it('explains a pipeline that cannot be made (workgroup memory beyond the device)', async () => {
    const { device, info } = await testGpu();
    const greedy = copy.source
      .replace('override WG: u32 = 256;', 'override WG: u32 = 256;\noverride TILE: u32 = 16777216;\nvar<workgroup> tile: array<f32, TILE>;')
      .replace('dst[i] = src[i];', 'tile[lid] = src[i];\n  dst[i] = tile[lid];');
    const err = await runKernel(device, info, copy, { source: greedy, params: { N: 64 }, timing: QUICK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompileError);
    expect((err as KernelLabError).kind).toBe('pipeline');
    expect((err as Error).message).toMatch(/^Pipeline error: entry point main: .*workgroup/i);
  });

  it('refuses a workgroup larger than the device allows before allocating anything', async () => {
    const { device, info } = await testGpu();
    const createBuffer = vi.spyOn(device, 'createBuffer');
    const err = await runKernel(device, info, matmulNaive, { params: SMALL, constants: { WG_X: 64, WG_Y: 64 }, timing: QUICK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LimitError);
    expect((err as Error).message).toMatch(/^Entry point main \(64×64×1 invocations\) needs 4096, but this device's maxComputeInvocationsPerWorkgroup is \d+\.$/);
    expect(createBuffer).not.toHaveBeenCalled();
    createBuffer.mockRestore();
  });

  it('refuses buffers beyond the storage binding limit, naming the buffer', async () => {
    const { device } = await testGpu();
    const inspected = inspectKernel(copy, copy.source, {});
    const tiny = { ...Object.fromEntries(Object.entries(device.limits as unknown as Record<string, number>)), maxStorageBufferBindingSize: 1024, maxBufferSize: 1 << 30 };
    expect(() => planWithinLimits(tiny, copy, inspected, { N: 1000 })).toThrow("Buffer src needs 3.9 KiB, but this device's maxStorageBufferBindingSize is 1 KiB.");
    expect(() => planWithinLimits(tiny, copy, inspected, { N: 256 })).not.toThrow();
  });

  it('calls a wrong kernel incorrect, with its error figures', async () => {
    const { device, info } = await testGpu();
    const wrong = matmulNaive.source.replace('k < dims.K;', 'k + 1u < dims.K;');
    const { record, check } = await runKernel(device, info, matmulNaive, { source: wrong, params: SMALL, timing: QUICK });
    expect(record.correct).toBe(false);
    expect(record.librarySource).toBe(false);
    // The code that ran travels with the record, so the run can be reopened.
    expect(record.wgsl).toBe(wrong);
    expect(check.relError).toBeGreaterThan(0.05);
    expect(check.nonFinite).toBe(0);
    expect(check.worst?.buffer).toBe('C');
  });

  it('feeds inputs a spec generates together (a paged layout\'s block table and slot mapping) to the kernel and the reference', async () => {
    const { device, info } = await testGpu();
    const lengths = [3, 17, 0, 40];
    const spec = customKernel({
      name: 'slots',
      wgsl: `@group(0) @binding(0) var<storage, read> table: array<u32>;
@group(0) @binding(1) var<storage, read> lens: array<u32>;
@group(0) @binding(2) var<storage, read_write> slots: array<u32>;
@compute @workgroup_size(4) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = gid.x;
  if (s < arrayLength(&slots)) { slots[s] = table[s * 4u + lens[s] / 16u] * 16u + lens[s] % 16u; }
}`,
      sidecar: {
        params: [{ name: 'S', default: 4 }],
        buffers: [{ name: 'table', elements: 'S * 4' }, { name: 'lens', elements: 'S' }, { name: 'slots', elements: 'S' }],
        workgroups: ['ceil(S / 4)'],
        cost: { flops: 0, bytes: '24 * S' },
        tolerance: 0,
      },
      reference: ({ slots: _unused, ...rest }) => ({ slots: Float64Array.from(rest.lens!, (_, s) => rest.expected![s]!) }),
    });
    const generated = { ...spec, generate: (_p: unknown, seed: number) => {
      const p = pagedLayout(lengths, 16, seed);
      expect(p.maxBlocks).toBe(3);
      return { table: Uint32Array.from({ length: 16 }, (_, i) => (i % 4 < 3 ? p.blockTable[Math.floor(i / 4) * 3 + (i % 4)]! : 0)), lens: Uint32Array.from(lengths), expected: p.slotMapping };
    } };
    // The reference reads the slot mapping the generator made with the same seed; the kernel must agree.
    const withExpected = { ...generated, buffers: [...generated.buffers, { name: 'expected', role: 'input' as const, type: 'u32' as const, length: 'S' }] };
    const { check } = await runKernel(device, info, withExpected, { params: { S: 4 }, timing: QUICK });
    expect(check).toMatchObject({ correct: true, compared: true });
  });

  it('tells a race from a value read before it was written, and a read_write input only read from an unwritten output', async () => {
    const { device, info } = await testGpu();
    const sidecar = { params: [{ name: 'N', default: 256 }], buffers: [{ name: 'x', elements: 'N' }, { name: 'out', elements: 'N' }], workgroups: ['ceil(N / 64)'], cost: { flops: 0, bytes: '8 * N' } };
    // A run counter in scratch (never reset) makes out differ from one run to the next, from the same start,
    // as a race would: not "read before written", which would send the user to the wrong fix.
    const counting = customKernel({ name: 'counting', sidecar: { ...sidecar, buffers: [...sidecar.buffers, { name: 'runs', role: 'scratch' }] }, wgsl: `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> runs: atomic<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = atomicLoad(&runs);
  if (gid.x < arrayLength(&out)) { out[gid.x] = x[gid.x] + f32(r); }
  if (gid.x == 0u) { atomicAdd(&runs, 1u); }
}` });
    const counted = await runKernel(device, info, counting, { params: { N: 256 }, timing: QUICK });
    expect(counted.check.unwritten).toMatchObject({ buffer: 'out', cause: 'nondeterministic' });
    expect(counted.check.hint).toContain('differs between two runs from the same start');
    // x is read_write but only read: as an output (no role) it is never written at all, and the message says what to do.
    const readOnly = customKernel({ name: 'ro', sidecar: { ...sidecar, buffers: [{ name: 'x', elements: 'N' }, { name: 'out', elements: 'N' }] }, wgsl: `@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < arrayLength(&out)) { out[gid.x] = 2.0; }
}` });
    const { check } = await runKernel(device, info, readOnly, { params: { N: 256 }, timing: QUICK });
    expect(check.unwritten).toMatchObject({ buffer: 'x', cause: 'never-written', all: true });
    expect(check.hint).toContain('"role": "input"');
  });

  it('catches outputs a kernel never writes: they stay poisoned', async () => {
    const { device, info } = await testGpu();
    const lazy = matmulNaive.source.replace('if (row >= dims.M || col >= dims.N)', 'if (row >= dims.M || col >= dims.N || col == 3u)');
    const { check } = await runKernel(device, info, matmulNaive, { source: lazy, params: SMALL, timing: QUICK });
    expect(check.correct).toBe(false);
    // Two check runs from two poisons: column 3 kept each one, in every row.
    expect(check.unwritten).toEqual({ buffer: 'C', index: 3, element: 'C[3]', cause: 'never-written', count: SMALL.M, all: false });
    expect(check.hint).toContain('C[3] was never written');
  });

  it('records the run: timing method, samples, throughput from the cost model', async () => {
    const { device, info } = await testGpu();
    const { record } = await runKernel(device, info, matmulNaive, { params: SMALL, timing: QUICK, seed: 1234 });
    expect(record).toMatchObject({ kernel: 'matmul/naive', correct: true, librarySource: true, seed: 1234, samples: 3, params: SMALL, constants: { WG_X: 16, WG_Y: 16 } });
    expect(record.timing).toBe(device.features.has('timestamp-query') ? 'timestamp-query' : 'wall-clock');
    expect(record.flops).toBe(2 * 9 * 11 * 5);
    expect(record.gflops).toBeCloseTo(record.flops / (record.medianMs * 1e6), 9);
    expect(record.gbps).toBeCloseTo(record.bytes / (record.medianMs * 1e6), 9);
    expect(record.intensity).toBeCloseTo(record.flops / record.bytes, 12);
    expect(record.minMs).toBeLessThanOrEqual(record.medianMs);
    expect(record.p90Ms).toBeGreaterThanOrEqual(record.medianMs);
    expect(record.device.limits.maxStorageBufferBindingSize).toBe(device.limits.maxStorageBufferBindingSize);
  });

  it('times by wall clock when asked, and says so', async () => {
    const { device, info } = await testGpu();
    const { record } = await runKernel(device, info, copy, { params: { N: 1000 }, timing: QUICK, preferTiming: 'wall-clock' });
    expect(record.timing).toBe('wall-clock');
    expect(record.timingNote).toMatch(/^wall clock around submit and onSubmittedWorkDone/);
  });

  it('notes a constant the edited shader no longer declares', async () => {
    const { device, info } = await testGpu();
    const fixed = matmulNaive.source.replace('override WG_Y: u32 = 16;', 'const WG_Y: u32 = 16;');
    const { notes, check } = await runKernel(device, info, matmulNaive, { source: fixed, params: SMALL, timing: QUICK });
    expect(check.correct).toBe(true);
    expect(notes).toContain('The shader no longer declares override WG_Y; dispatch still uses WG_Y = 16.');
  });

  it('stops when cancelled', async () => {
    const { device, info } = await testGpu();
    const controller = new AbortController();
    controller.abort();
    await expect(runKernel(device, info, copy, { params: { N: 64 }, timing: QUICK, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('runKernel with loaded data as inputs (Dawn)', () => {
  it('feeds a column to an input buffer as it is, checks it like any run, and records where it came from', async () => {
    const { device, info } = await testGpu();
    const N = 37;
    const x = Float32Array.from({ length: N }, (_, i) => (i % 7) - 3.5);
    const { record, contents } = await runKernel(device, info, saxpy, {
      params: { N, a: 2 },
      timing: QUICK,
      data: [{ buffer: 'x', values: x, file: 'points.parquet', column: 'x', rows: N }],
    });
    expect(record.correct).toBe(true);
    expect(record.data).toEqual([{ buffer: 'x', file: 'points.parquet', column: 'x', rows: N }]);
    const fed = contents.buffers.find((b) => b.name === 'x');
    expect(Array.from(fed!.start!)).toEqual(Array.from(x));
    // y stays random: the data feeds only the buffer it names.
    const y = contents.buffers.find((b) => b.name === 'y');
    expect(Array.from(y!.start!)).not.toEqual(Array.from(x));
    expect(Array.from(contents.buffers.find((b) => b.name === 'out')!.got!).slice(0, 3)).toEqual([0, 1, 2].map((i) => Math.fround(2 * x[i]! + y!.start![i]!)));
  });

  it('refuses a column whose length is not the buffer\'s, or one aimed at an output, naming both', async () => {
    const { device, info } = await testGpu();
    const values = new Float32Array(10);
    await expect(runKernel(device, info, saxpy, { params: { N: 12, a: 1 }, timing: QUICK, data: [{ buffer: 'x', values, file: 'f.arrow', column: 'v', rows: 10 }] }))
      .rejects.toThrow('f.arrow, column v has 10 values, but x holds 12 with these parameters: set the size to the column\'s rows.');
    await expect(runKernel(device, info, saxpy, { params: { N: 10, a: 1 }, timing: QUICK, data: [{ buffer: 'out', values, file: 'f.arrow', column: 'v', rows: 10 }] }))
      .rejects.toThrow('f.arrow, column v cannot feed out: data feeds input buffers only, and out is an output.');
  });
});
