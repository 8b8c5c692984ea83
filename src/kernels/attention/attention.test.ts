/**
 * Attention and softmax beyond the library's shape sweep: inputs whose scores
 * overflow a naive exp, the rules between parameters, the memory each variant
 * allocates as the sequence grows, the limit check that refuses the unfused
 * score matrix before allocating it, the cost models and the reference itself.
 */
import { describe, expect, it } from 'vitest';
import { runKernel, planWithinLimits } from '../../bench/run/run';
import { inspectKernel } from '../../bench/run/prepare';
import { tuneCandidates } from '../../bench/suites/autotune';
import { DEFAULT_LIMITS } from '../../gpu/device';
import { LimitError, ParamsError } from '../../gpu/errors';
import { testGpu } from '../../test/dawn';
import { findKernel } from '../library';
import { plannedMemory, planKernel, validateParams } from '../plan';
import { defaultConstants, splitExpected, type KernelSpec, type Params } from '../spec';
import { attentionReference } from './common';

const spec = (id: string): KernelSpec => findKernel(id)!;
const QUICK = { warmup: 0, minSamples: 1, maxSamples: 1, timeCapMs: 200, targetSampleMs: 1 } as const;
const PREFILL = ['attention/unfused', 'attention/fused', 'attention/flash'] as const;
const LN_F32_MAX = Math.log(3.4028234663852886e38); // ≈ 88.72: exp of more is ∞ in f32

/** The same kernel with the named inputs drawn from [−amp, amp) instead of [−1, 1). */
function loud(base: KernelSpec, names: readonly string[], amp: number): KernelSpec {
  return { ...base, buffers: base.buffers.map((b) => (names.includes(b.name) ? { ...b, init: { kind: 'random', min: -amp, max: amp } } : b)) };
}

const plan = (id: string, params: Params) => planKernel(spec(id), params, defaultConstants(spec(id)));

describe('large-magnitude scores (Dawn): no NaN or ∞, and still correct', () => {
  it('softmax, both ways, on rows reaching ±200', async () => {
    const { device, info } = await testGpu();
    for (const id of ['softmax/naive', 'softmax/online']) {
      const { check, contents } = await runKernel(device, info, loud(spec(id), ['x'], 200), { params: { R: 9, C: 700 }, timing: QUICK });
      const x = contents.buffers.find((b) => b.name === 'x')!.start!;
      expect(Math.max(...Array.from(x))).toBeGreaterThan(LN_F32_MAX);
      expect(check.nonFinite).toBe(0);
      expect(check.correct, `${id}: ${check.scaledError}`).toBe(true);
    }
  });

  const shapes: Record<string, Params> = {
    'attention/unfused': { B: 1, H: 2, Hkv: 1, N: 19, L: 45, d: 64, causal: 1 },
    'attention/fused': { B: 1, H: 2, Hkv: 1, N: 19, L: 45, d: 64, causal: 1 },
    'attention/flash': { B: 1, H: 2, Hkv: 1, N: 19, L: 45, d: 64, causal: 1 },
    'attention/decode': { B: 1, H: 2, Hkv: 1, L: 600, d: 64 },
  };
  for (const [id, params] of Object.entries(shapes)) {
    it(`${id}: Q and K in ±30, scores in the hundreds`, async () => {
      const { device, info } = await testGpu();
      // A fixed seed: the scores' size is then a fact of these inputs, not a likelihood.
      const { check, contents } = await runKernel(device, info, loud(spec(id), ['Q', 'K'], 30), { params, seed: 7, timing: QUICK });
      // The scores really are past what exp can hold in f32: without subtracting the maximum, ∞.
      const start = (name: string) => contents.buffers.find((b) => b.name === name)!.start!;
      const q = start('Q');
      const k = start('K');
      const d = params.d!;
      let largest = 0; // over the first query's scores against the first 20 keys, which it sees, causal or not
      for (let j = 0; j < 20; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q[c]! * k[j * d + c]!;
        largest = Math.max(largest, dot / Math.sqrt(d));
      }
      expect(largest).toBeGreaterThan(LN_F32_MAX);
      expect(check.nonFinite).toBe(0);
      expect(check.correct, `${id}: error/terms ${check.scaledError}`).toBe(true);
    });
  }
});

describe('parameters that do not fit together', () => {
  it('refuses Hkv that does not divide H, under Hkv, naming the divisors', () => {
    for (const id of [...PREFILL, 'attention/decode']) {
      const params = { B: 1, H: 8, Hkv: 3, N: 4, L: 4, d: 16, causal: 0 };
      const issues = validateParams(spec(id), params);
      expect(issues).toEqual([{ name: 'Hkv', message: 'Hkv (key/value heads) must divide H (query heads), so that each key/value head serves H / Hkv query heads; with H = 8 it can be 1, 2, 4, 8 (got 3).' }]);
      expect(() => planKernel(spec(id), params, defaultConstants(spec(id)))).toThrow(ParamsError);
    }
    expect(validateParams(spec('attention/flash'), { B: 1, H: 8, Hkv: 16, N: 4, L: 4, d: 16, causal: 0 })[0]?.name).toBe('Hkv');
    expect(validateParams(spec('attention/flash'), { B: 1, H: 8, Hkv: 2, N: 4, L: 4, d: 16, causal: 0 })).toEqual([]);
  });

  it('refuses a causal mask with more queries than positions, under N; without the mask N > L is fine', () => {
    const params = { B: 1, H: 1, Hkv: 1, N: 300, L: 200, d: 16, causal: 1 };
    expect(validateParams(spec('attention/flash'), params)).toEqual([
      { name: 'N', message: 'With causal = 1 the queries are the last N of the L positions, so N must be at most L = 200 (got 300).' },
    ]);
    expect(validateParams(spec('attention/flash'), { ...params, causal: 0 })).toEqual([]);
  });

  it('checks the ranges first: a rule between parameters is not asked of a value that is out of range', () => {
    const issues = validateParams(spec('attention/fused'), { B: 1, H: 8, Hkv: 3, N: 4, L: 4, d: 129, causal: 0 });
    expect(issues.map((i) => i.name)).toEqual(['d']);
  });
});

describe('memory each variant allocates', () => {
  const at = (n: number) => ({ B: 1, H: 2, Hkv: 1, N: n, L: n, d: 64, causal: 0 });
  const qkvo = (n: number) => 4 * (2 * 2 * n * 64 + 2 * 1 * n * 64);

  it('unfused grows as N·L (its score matrix), fused and flash only as N + L', () => {
    for (const n of [256, 512, 1024, 2048]) {
      const unfused = plannedMemory(plan('attention/unfused', at(n)));
      const s = unfused.buffers.find((b) => b.name === 'S')!;
      expect(s).toMatchObject({ role: 'scratch', bytes: 4 * 2 * n * n });
      const uniforms = 32;
      expect(unfused.bytes).toBe(qkvo(n) + 4 * 2 * n * n + uniforms);
      for (const id of ['attention/fused', 'attention/flash']) expect(plannedMemory(plan(id, at(n))).bytes).toBe(qkvo(n) + uniforms);
    }
    // Doubling the sequence quadruples unfused's scratch (and so, nearly, its total) and doubles the others' buffers.
    const grow = (id: string) => plannedMemory(plan(id, at(4096))).bytes / plannedMemory(plan(id, at(2048))).bytes;
    const scratch = (n: number) => plannedMemory(plan('attention/unfused', at(n))).buffers.find((b) => b.name === 'S')!.bytes;
    expect(scratch(4096) / scratch(2048)).toBe(4);
    expect(grow('attention/unfused')).toBeGreaterThan(3.8);
    expect(grow('attention/flash')).toBeCloseTo(2, 3);
    // At N = L = 1024, d = 64, one head: flash needs no working memory beside Q, K, V and O,
    // unfused 4 MiB for S, 4× those four; all told, flash allocates a fifth of unfused's memory.
    const one = { B: 1, H: 1, Hkv: 1, N: 1024, L: 1024, d: 64, causal: 0 };
    const [flash, unfused] = [plannedMemory(plan('attention/flash', one)), plannedMemory(plan('attention/unfused', one))];
    expect([flash.scratchBytes, unfused.scratchBytes]).toEqual([0, 4 << 20]);
    expect(unfused.bytes / flash.bytes).toBeCloseTo(5, 3);
  });

  it('decode keeps one partial output per split beside the cache', () => {
    const memory = plannedMemory(plan('attention/decode', { B: 1, H: 4, Hkv: 2, L: 2053, d: 64 }));
    const splits = Math.ceil(2053 / 256);
    expect(memory.buffers.map((b) => [b.name, b.bytes])).toEqual([
      ['Q', 4 * 4 * 64], ['K', 4 * 2 * 2053 * 64], ['V', 4 * 2 * 2053 * 64], ['O', 4 * 4 * 64],
      ['part_o', 4 * 4 * splits * 64], ['part_ml', 4 * 4 * splits * 2],
    ]);
  });

  it('refuses unfused past the storage binding limit before allocating, and lets flash run there', () => {
    const params = { B: 1, H: 1, Hkv: 1, N: 8192, L: 8192, d: 64, causal: 0 };
    const limitsOf = (id: string) => () => planWithinLimits(DEFAULT_LIMITS, spec(id), inspectKernel(spec(id), spec(id).source, {}), params);
    expect(limitsOf('attention/unfused')).toThrow(LimitError);
    expect(limitsOf('attention/unfused')).toThrow("Buffer S needs 256 MiB, but this device's maxStorageBufferBindingSize is 128 MiB.");
    for (const id of ['attention/fused', 'attention/flash']) expect(limitsOf(id)).not.toThrow();
  });
});

describe('flash tiles against the device limits', () => {
  it('fits WebGPU\'s default limits with its defaults, and autotuning leaves out the tiles that do not', () => {
    const flash = spec('attention/flash');
    const params = { B: 1, H: 1, Hkv: 1, N: 1024, L: 1024, d: 64, causal: 0 };
    const candidates = tuneCandidates(flash, params, DEFAULT_LIMITS);
    expect(candidates[0]).toEqual(defaultConstants(flash));
    // 16 KiB of workgroup memory and 256 invocations: BR = 32 (512 invocations) and the 64-key tiles with 16 rows are out.
    expect(candidates.some((c) => c.BR === 32)).toBe(false);
    expect(candidates.some((c) => c.BR === 16 && c.BC === 64)).toBe(false);
    expect(candidates.length).toBeGreaterThan(4);
    expect(planKernel(flash, params, { BR: 8, BC: 16 }).workgroupStorage).toBe(4 * (8 * 128 + 16 * 129 + 8 * 16));
  });
});

describe('cost models', () => {
  it('gives every prefill variant the problem\'s FLOPs, unfused the bytes of S on top', () => {
    const p = { B: 2, H: 4, Hkv: 2, N: 100, L: 300, d: 32, causal: 0 };
    const io = 4 * (2 * 2 * 4 * 100 * 32 + 2 * 2 * 2 * 300 * 32);
    const flops = 2 * 4 * (100 * 300 * (4 * 32 + 5) + 100 * 32);
    for (const id of PREFILL) expect(plan(id, p).flops).toBe(flops);
    expect(plan('attention/fused', p).bytes).toBe(io);
    expect(plan('attention/flash', p).bytes).toBe(io);
    // S written, read twice, P written and read: five trips of B·H·N·L floats.
    expect(plan('attention/unfused', p).bytes).toBe(io + 20 * 2 * 4 * 100 * 300);
  });

  it('counts only the pairs the causal mask lets through', () => {
    const p = { B: 1, H: 1, Hkv: 1, N: 100, L: 300, d: 32, causal: 1 };
    let pairs = 0;
    for (let i = 0; i < 100; i++) pairs += Math.min(300, i + 1 + 300 - 100);
    expect(plan('attention/flash', p).flops).toBe(pairs * (4 * 32 + 5) + 100 * 32);
    expect(plan('attention/unfused', p).bytes - plan('attention/flash', p).bytes).toBe(4 * (4 * pairs + 100 * 300));
  });

  it('has softmax naive read x three times and online twice', () => {
    expect(plan('softmax/naive', { R: 10, C: 1000 })).toMatchObject({ flops: 50000, bytes: 16 * 10000 + 20 * 10 });
    expect(plan('softmax/online', { R: 10, C: 1000 })).toMatchObject({ flops: 50000, bytes: 12 * 10000 });
  });
});

describe('the float64 reference', () => {
  const random = (n: number, seed: number) => {
    let s = seed;
    return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
  };

  it('gives grouped-query attention the same answer as multi-head attention with the K/V heads repeated', () => {
    const [B, H, Hkv, N, L, d] = [2, 6, 2, 5, 9, 8];
    const Q = random(B * H * N * d, 1);
    const K = random(B * Hkv * L * d, 2);
    const V = random(B * Hkv * L * d, 3);
    const repeat = (x: Float32Array) => {
      const out = new Float32Array(B * H * L * d);
      for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) out.set(x.subarray((b * Hkv + Math.floor(h / 3)) * L * d, (b * Hkv + Math.floor(h / 3) + 1) * L * d), (b * H + h) * L * d);
      return out;
    };
    const gqa = attentionReference({ Q, K, V }, { B, H, Hkv, N, L, d, causal: 1 }).O;
    const mha = attentionReference({ Q, K: repeat(K), V: repeat(V) }, { B, H, Hkv: H, N, L, d, causal: 1 }).O;
    expect(Array.from(gqa.values)).toEqual(Array.from(mha.values));
  });

  it('puts causal queries at the last N positions: the last sees every key, the first only L − N + 1', () => {
    const [N, L, d] = [4, 10, 8];
    const Q = random(N * d, 4);
    const K = random(L * d, 5);
    const V = random(L * d, 6);
    const masked = splitExpected(attentionReference({ Q, K, V }, { B: 1, H: 1, Hkv: 1, N, L, d, causal: 1 }).O).expected;
    const open = splitExpected(attentionReference({ Q, K, V }, { B: 1, H: 1, Hkv: 1, N, L, d, causal: 0 }).O).expected;
    expect(Array.from(masked.subarray((N - 1) * d))).toEqual(Array.from(open.subarray((N - 1) * d)));
    // The first query against the first L − N + 1 keys alone, unmasked.
    const first = splitExpected(attentionReference({ Q: Q.subarray(0, d), K: K.subarray(0, (L - N + 1) * d), V: V.subarray(0, (L - N + 1) * d) }, { B: 1, H: 1, Hkv: 1, N: 1, L: L - N + 1, d, causal: 0 }).O).expected;
    for (let c = 0; c < d; c++) expect(masked[c]).toBeCloseTo(first[c]!, 14);
  });

  it('gives terms at least Σ w|v|, and larger where the scores are large', () => {
    const [N, L, d] = [3, 7, 16];
    const K = random(L * d, 8);
    const V = random(L * d, 9);
    const small = attentionReference({ Q: random(N * d, 7), K, V }, { B: 1, H: 1, Hkv: 1, N, L, d, causal: 0 }).O;
    const large = attentionReference({ Q: random(N * d, 7).map((x) => 50 * x), K, V }, { B: 1, H: 1, Hkv: 1, N, L, d, causal: 0 }).O;
    for (let e = 0; e < N * d; e++) expect(small.terms[e]!).toBeGreaterThanOrEqual(Math.abs(small.values[e]!) - 1e-15);
    const norm = (a: Float64Array) => Math.hypot(...a);
    expect(norm(large.terms) / norm(large.values)).toBeGreaterThan(norm(small.terms) / norm(small.values));
  });
});

describe('the check catches the mistakes these kernels invite (Dawn)', () => {
  const cases: readonly { id: string; params: Params; what: string; from: string; to: string }[] = [
    { id: 'attention/flash', params: { B: 1, H: 1, Hkv: 1, N: 9, L: 70, d: 16, causal: 0 }, what: 'the output not rescaled when the maximum grows', from: 'acc[u] *= alpha;', to: '' },
    { id: 'attention/flash', params: { B: 1, H: 1, Hkv: 1, N: 9, L: 70, d: 16, causal: 1 }, what: 'the causal mask ignored', from: 'if (shape.causal != 0u) {', to: 'if (false) {' },
    { id: 'attention/decode', params: { B: 1, H: 1, Hkv: 1, L: 700, d: 16 }, what: 'splits summed without rescaling to the common maximum', from: 'acc += part_o[(first + s) * d + c] * exp(part_ml[2u * (first + s)] - mAll);', to: 'acc += part_o[(first + s) * d + c];' },
    { id: 'attention/unfused', params: { B: 1, H: 4, Hkv: 2, N: 5, L: 20, d: 16, causal: 0 }, what: 'every query head reading key/value head 0', from: 'let kvh = h / (shape.H / shape.Hkv);\n  let d = shape.d;\n  let i0 = wid.y * TILE;\n  let j0', to: 'let kvh = 0u;\n  let d = shape.d;\n  let i0 = wid.y * TILE;\n  let j0' },
  ];
  for (const c of cases) {
    it(`${c.id}: ${c.what}`, async () => {
      const { device, info } = await testGpu();
      const base = spec(c.id);
      expect(base.source).toContain(c.from);
      // A fixed seed: how far a planted bug lands from the answer depends on the inputs (unrescaled splits
      // whose maxima happen to be close are off by little), and CI once drew inputs where it was only 68× the tolerance.
      const { check } = await runKernel(device, info, base, { params: c.params, source: base.source.replace(c.from, c.to), timing: QUICK, seed: 20261129 });
      expect(check.nonFinite).toBe(0);
      expect(check.correct).toBe(false);
      expect(check.scaledError).toBeGreaterThan(10 * base.tolerance);
    });
  }
});
