import { describe, expect, it } from 'vitest';
import { runKernel } from '../bench/run';
import { bindingLayout } from '../bench/prepare';
import { testGpu } from '../test/dawn';
import { compileExpr } from './expr';
import { LIBRARY } from './library';
import { reflectWgsl } from './reflect';
import { defaultParams, type KernelSpec, type Params } from './spec';

// Sizes that are not multiples of any workgroup size, plus the edge of one element.
const AWKWARD_1D = [1, 7, 33, 100, 1000, 65537];
const MATMUL_SHAPES: Params[] = [
  { M: 1, N: 1, K: 1 },
  { M: 7, N: 13, K: 5 },
  { M: 33, N: 65, K: 17 },
  { M: 127, N: 1, K: 129 },
  { M: 100, N: 100, K: 100 },
];

function shapesFor(spec: KernelSpec): Params[] {
  if (spec.family === 'matmul') return MATMUL_SHAPES;
  return AWKWARD_1D.map((N) => ({ ...defaultParams(spec), N }));
}

const QUICK = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 500, targetSampleMs: 1 } as const;

describe('every library kernel is a consistent spec', () => {
  for (const spec of LIBRARY) {
    it(`${spec.id}: shader, bindings, constants and expressions agree`, () => {
      const r = reflectWgsl(spec.source);
      expect(() => bindingLayout(spec, r)).not.toThrow();
      for (const pass of spec.passes) expect(r.entryPoints.map((e) => e.name)).toContain(pass.entryPoint);
      for (const c of spec.constants) {
        const o = r.overrides.find((x) => x.name === c.name);
        expect(o, `override ${c.name}`).toBeDefined();
        expect(o?.defaultValue).toBe(c.default);
        expect(c.allowed ?? [c.default]).toContain(c.default);
      }
      const known = new Set([...spec.params.map((p) => p.name), ...spec.constants.map((c) => c.name)]);
      const exprs = [
        ...spec.buffers.map((b) => b.length),
        ...spec.passes.flatMap((p) => p.workgroups),
        ...(spec.uniforms?.fields.map((f) => f.value) ?? []),
        spec.cost.flops,
        spec.cost.bytes,
      ];
      for (const e of exprs) for (const name of compileExpr(e).names) expect(known, `${String(e)} reads ${name}`).toContain(name);
      for (const p of spec.params) expect(p.default).toBeGreaterThanOrEqual(p.min);
      expect(spec.id.startsWith(`${spec.family}/`)).toBe(true);
    });
  }
});

describe('every library kernel is correct on the GPU (Dawn)', () => {
  for (const spec of LIBRARY) {
    for (const params of shapesFor(spec)) {
      it(`${spec.id} ${JSON.stringify(params)}`, async () => {
        const { device, info } = await testGpu();
        const { check, record } = await runKernel(device, info, spec, { params, timing: QUICK });
        expect(check.nonFinite).toBe(0);
        expect(check.relError).toBeLessThanOrEqual(spec.tolerance);
        expect(check.correct).toBe(true);
        expect(record.samples).toBe(3);
        expect(record.medianMs).toBeGreaterThan(0);
      });
    }
  }

  it('bandwidth/copy is exact and matmul/naive runs with non-default workgroup shapes', async () => {
    const { device, info } = await testGpu();
    const spec = LIBRARY.find((k) => k.id === 'matmul/naive')!;
    const { check } = await runKernel(device, info, spec, { params: { M: 19, N: 23, K: 9 }, constants: { WG_X: 8, WG_Y: 4 }, timing: QUICK });
    expect(check.correct).toBe(true);
    const copy = LIBRARY.find((k) => k.id === 'bandwidth/copy')!;
    const c = await runKernel(device, info, copy, { params: { N: 4097 }, constants: { WG: 64 }, timing: QUICK });
    expect(c.check.maxAbsError).toBe(0);
  });
});
