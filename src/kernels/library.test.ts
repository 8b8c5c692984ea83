import { describe, expect, it } from 'vitest';
import { runKernel } from '../bench/run/run';
import { bindingLayout } from '../bench/run/prepare';
import { testGpu } from '../test/dawn';
import { compileExpr } from './expr';
import { LIBRARY } from './library';
import { reflectWgsl } from './reflect';
import { missingFeatures, uniformBlocks, type KernelSpec, type Params } from './spec';

// Sizes that are not multiples of any workgroup size, plus the edge of one element.
const AWKWARD_N = [1, 7, 33, 100, 1000, 65537].map((N) => ({ N }));

/** The awkward matmul shapes, plus a square one bigger than any tile. */
const MATMUL_SHAPES: readonly Params[] = [
  { M: 1, N: 1, K: 1 },
  { M: 7, N: 13, K: 5 },
  { M: 33, N: 65, K: 17 },
  { M: 127, N: 1, K: 129 },
  { M: 130, N: 130, K: 130 },
];

/**
 * Attention at sizes no tile divides: the one-element edge, grouped-query
 * heads (Hkv < H), causal with N ≠ L, N > L, and d = 32, 40, 64, 128.
 */
const ATTENTION_SHAPES: readonly Params[] = [
  { B: 1, H: 1, Hkv: 1, N: 1, L: 1, d: 1, causal: 0 },
  { B: 2, H: 4, Hkv: 2, N: 13, L: 37, d: 32, causal: 0 },
  { B: 1, H: 3, Hkv: 1, N: 19, L: 45, d: 64, causal: 1 },
  { B: 1, H: 2, Hkv: 2, N: 33, L: 33, d: 128, causal: 1 },
  { B: 1, H: 1, Hkv: 1, N: 70, L: 29, d: 40, causal: 0 },
];

/** Awkward shapes for every library kernel; a kernel missing here fails the first test. */
const SHAPES: Readonly<Record<string, readonly Params[]>> = {
  'vector/saxpy': AWKWARD_N.map((p) => ({ ...p, a: -0.75 })),
  'bandwidth/copy': AWKWARD_N,
  'bandwidth/copy-vec4': AWKWARD_N,
  'bandwidth/native-copy': AWKWARD_N,
  'bandwidth/fill': AWKWARD_N.map((p) => ({ ...p, value: 3.25 })),
  'bandwidth/reduce': AWKWARD_N,
  'bandwidth/strided': [{ N: 1, S: 1 }, { N: 7, S: 3 }, { N: 33, S: 17 }, { N: 100, S: 64 }, { N: 1000, S: 2 }],
  'bandwidth/intensity': [{ N: 1, K: 0 }, { N: 7, K: 1 }, { N: 33, K: 9 }, { N: 100, K: 64 }, { N: 1001, K: 1000 }],
  'compute/fma': [{ T: 1, ITERS: 1 }, { T: 7, ITERS: 3 }, { T: 33, ITERS: 17 }, { T: 100, ITERS: 1 }, { T: 1000, ITERS: 64 }],
  'compute/fma-f16': [{ T: 1, ITERS: 1 }, { T: 33, ITERS: 17 }, { T: 1000, ITERS: 64 }],
  'matmul/naive': MATMUL_SHAPES,
  'matmul/tiled': MATMUL_SHAPES,
  'matmul/register-blocked': MATMUL_SHAPES,
  'matmul/vec4': MATMUL_SHAPES,
  'matmul/subgroups': MATMUL_SHAPES,
  'matmul/f16': MATMUL_SHAPES,
  'attention/flash-f16': ATTENTION_SHAPES,
  'softmax/naive': [{ R: 1, C: 1 }, { R: 7, C: 33 }, { R: 33, C: 1000 }, { R: 3, C: 65537 }],
  'softmax/online': [{ R: 1, C: 1 }, { R: 7, C: 33 }, { R: 33, C: 1000 }, { R: 3, C: 65537 }],
  'attention/unfused': ATTENTION_SHAPES,
  'attention/fused': ATTENTION_SHAPES,
  'attention/flash': ATTENTION_SHAPES,
  // Up to a long cache: several splits and a partial last one.
  'attention/decode': [{ B: 1, H: 1, Hkv: 1, L: 1, d: 1 }, { B: 2, H: 4, Hkv: 2, L: 300, d: 32 }, { B: 1, H: 2, Hkv: 2, L: 777, d: 128 }, { B: 1, H: 8, Hkv: 1, L: 2053, d: 64 }],
  'quant/gemv-f32': [{ N: 1, K: 1 }, { N: 7, K: 13 }, { N: 33, K: 1000 }, { N: 100, K: 3 }],
  // One group per row, groups of 8 (the smallest int4 takes), rows shorter than a workgroup's reach, K past it.
  'quant/gemv-int8': [{ N: 1, K: 8, G: 8 }, { N: 7, K: 40, G: 8 }, { N: 33, K: 96, G: 32 }, { N: 100, K: 1000, G: 8 }, { N: 3, K: 1020, G: 12 }],
  'quant/gemv-int4': [{ N: 1, K: 8, G: 8 }, { N: 7, K: 40, G: 8 }, { N: 33, K: 96, G: 32 }, { N: 100, K: 1000, G: 8 }, { N: 3, K: 1024, G: 128 }],
  'lora/unmerged': [{ M: 1, K: 1, N: 1, r: 1 }, { M: 7, K: 13, N: 5, r: 3 }, { M: 33, K: 65, N: 17, r: 8 }, { M: 5, K: 100, N: 130, r: 64 }],
  'lora/merged': [{ M: 1, K: 1, N: 1, r: 1 }, { M: 7, K: 13, N: 5, r: 3 }, { M: 33, K: 65, N: 17, r: 8 }, { M: 5, K: 100, N: 130, r: 64 }],
  // One-token sequences, lengths no block divides, a sequence past a partition, every block size.
  'kv/append': [{ S: 1, N: 1, L: 1, Hkv: 1, d: 1, bs: 8 }, { S: 5, N: 3, L: 40, Hkv: 2, d: 24, bs: 16 }, { S: 3, N: 17, L: 9, Hkv: 1, d: 64, bs: 32 }],
  'kv/paged-decode': [{ S: 1, H: 1, Hkv: 1, L: 1, d: 1, bs: 8 }, { S: 5, H: 4, Hkv: 2, L: 97, d: 32, bs: 16 }, { S: 3, H: 2, Hkv: 1, L: 1101, d: 64, bs: 32 }],
  'kv/contiguous-decode': [{ S: 1, H: 1, Hkv: 1, L: 1, d: 1 }, { S: 5, H: 4, Hkv: 2, L: 97, d: 32 }, { S: 3, H: 2, Hkv: 1, L: 1101, d: 64 }],
};

/** Non-default constants worth a run of their own. */
const CONSTANT_CASES: readonly { id: string; params: Params; constants: Record<string, number> }[] = [
  { id: 'matmul/naive', params: { M: 19, N: 23, K: 9 }, constants: { WG_X: 8, WG_Y: 4 } },
  { id: 'bandwidth/copy', params: { N: 4097 }, constants: { WG: 64 } },
  { id: 'bandwidth/reduce', params: { N: 5000 }, constants: { WG: 64, ITEMS: 1 } },
  { id: 'bandwidth/reduce', params: { N: 70000 }, constants: { WG: 256, ITEMS: 64 } },
  { id: 'compute/fma', params: { T: 77, ITERS: 5 }, constants: { ILP: 1, WG: 32 } },
  { id: 'compute/fma', params: { T: 77, ITERS: 5 }, constants: { ILP: 2 } },
  { id: 'matmul/tiled', params: { M: 19, N: 37, K: 23 }, constants: { TILE: 4 } },
  { id: 'matmul/register-blocked', params: { M: 70, N: 33, K: 45 }, constants: { BM: 16, BN: 32, BK: 4 } },
  { id: 'matmul/register-blocked', params: { M: 129, N: 130, K: 66 }, constants: { BM: 128, BN: 32, BK: 32 } },
  { id: 'matmul/vec4', params: { M: 70, N: 36, K: 44 }, constants: { BM: 16, BN: 32, BK: 8 } },
  { id: 'matmul/vec4', params: { M: 9, N: 131, K: 3 }, constants: { BM: 32, BN: 128, BK: 4 } },
  { id: 'matmul/subgroups', params: { M: 5, N: 300, K: 70 }, constants: { WG: 128 } },
  { id: 'softmax/naive', params: { R: 5, C: 300 }, constants: { WG: 32 } },
  { id: 'softmax/online', params: { R: 5, C: 300 }, constants: { WG: 256 } },
  { id: 'attention/unfused', params: { B: 1, H: 2, Hkv: 1, N: 21, L: 50, d: 20, causal: 1 }, constants: { TILE: 4, WG: 32 } },
  { id: 'attention/fused', params: { B: 1, H: 2, Hkv: 1, N: 21, L: 50, d: 20, causal: 1 }, constants: { WG: 16 } },
  { id: 'attention/flash', params: { B: 1, H: 2, Hkv: 1, N: 21, L: 50, d: 20, causal: 1 }, constants: { BR: 2, BC: 8 } },
  { id: 'attention/flash', params: { B: 1, H: 1, Hkv: 1, N: 20, L: 70, d: 72, causal: 1 }, constants: { BR: 16, BC: 32 } },
  { id: 'attention/decode', params: { B: 1, H: 2, Hkv: 1, L: 1000, d: 20 }, constants: { WG: 32, CHUNK: 64 } },
  { id: 'quant/gemv-int4', params: { N: 9, K: 4096, G: 64 }, constants: { WG: 256 } },
  { id: 'quant/gemv-int8', params: { N: 9, K: 256, G: 16 }, constants: { WG: 32 } },
  { id: 'lora/unmerged', params: { M: 19, K: 37, N: 23, r: 5 }, constants: { TILE: 4, WG: 32 } },
  { id: 'lora/merged', params: { M: 19, K: 37, N: 23, r: 5 }, constants: { TILE: 8 } },
  { id: 'kv/paged-decode', params: { S: 3, H: 2, Hkv: 2, L: 300, d: 20, bs: 8 }, constants: { WG: 32, PARTITION: 64 } },
  { id: 'kv/contiguous-decode', params: { S: 3, H: 2, Hkv: 2, L: 300, d: 20 }, constants: { WG: 128, PARTITION: 1024 } },
];

const shapesFor = (spec: KernelSpec): readonly Params[] => SHAPES[spec.id] ?? [];

const QUICK = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 500, targetSampleMs: 1 } as const;

describe('every library kernel is a consistent spec', () => {
  for (const spec of LIBRARY) {
    it(`${spec.id}: shader, bindings, constants and expressions agree`, () => {
      const r = reflectWgsl(spec.source);
      // The parser reads every library shader (a problem would leave the lists below empty).
      expect(r.problem).toBeUndefined();
      expect(() => bindingLayout(spec, r)).not.toThrow();
      for (const pass of spec.passes) expect(r.entryPoints.map((e) => e.name)).toContain(pass.entryPoint);
      for (const c of spec.constants) {
        const o = r.overrides.find((x) => x.name === c.name);
        expect(o, `override ${c.name}`).toBeDefined();
        expect(o?.defaultValue).toBe(c.default);
        expect(c.allowed ?? [c.default]).toContain(c.default);
      }
      const known = new Set([...spec.params.map((p) => p.name), ...spec.constants.map((c) => c.name), ...Object.keys(r.consts)]);
      const exprs = [
        ...spec.buffers.flatMap((b) => [b.length, b.elements].filter((e) => e !== undefined)),
        ...spec.passes.flatMap((p) => p.workgroups),
        ...uniformBlocks(spec).flatMap((u) => u.fields.flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]))),
        spec.cost.flops,
        spec.cost.bytes,
      ];
      for (const e of exprs) for (const name of compileExpr(e).names) expect(known, `${String(e)} reads ${name}`).toContain(name);
      for (const p of spec.params) expect(p.default).toBeGreaterThanOrEqual(p.min);
      expect(spec.id.startsWith(`${spec.family}/`)).toBe(true);
      expect(shapesFor(spec).length, `awkward test shapes for ${spec.id}`).toBeGreaterThan(0);
      for (const shape of shapesFor(spec)) expect(Object.keys(shape).sort()).toEqual(spec.params.map((p) => p.name).sort());
    });
  }
});

describe('every library kernel is correct on the GPU (Dawn)', () => {
  for (const spec of LIBRARY) {
    for (const params of shapesFor(spec)) {
      it(`${spec.id} ${JSON.stringify(params)}`, async () => {
        const { device, info } = await testGpu();
        const missing = missingFeatures(spec, device.features);
        const run = runKernel(device, info, spec, { params, timing: QUICK });
        if (missing.length > 0) {
          // Not offered here: the run is refused with the reason, before anything else.
          // Which branch runs depends on the device's features, hence the condition.
          // oxlint-disable-next-line vitest/no-conditional-expect
          await expect(run).rejects.toThrow(`${spec.id} needs ${missing.join(' and ')}, which this device does not offer.`);
          return;
        }
        const { check, record } = await run;
        expect(check.nonFinite).toBe(0);
        expect(check.scaledError).toBeLessThanOrEqual(spec.tolerance);
        expect(check.correct).toBe(true);
        expect(record.samples).toBe(3);
        expect(record.medianMs).toBeGreaterThan(0);
      });
    }
  }

  for (const c of CONSTANT_CASES) {
    it(`${c.id} ${JSON.stringify(c.params)} with ${JSON.stringify(c.constants)}`, async () => {
      const { device, info } = await testGpu();
      const spec = LIBRARY.find((k) => k.id === c.id)!;
      const { check, record } = await runKernel(device, info, spec, { params: c.params, constants: c.constants, timing: QUICK });
      expect(check.correct).toBe(true);
      expect(record.constants).toMatchObject(c.constants);
    });
  }
});
