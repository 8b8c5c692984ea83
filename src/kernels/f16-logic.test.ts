/**
 * The f16 kernels' logic where no device here has shader-f16 (SwiftShader
 * and Dawn on this machine lack it, so the library tests only see them
 * refused): each shader with its half-precision types read as f32 runs on
 * Dawn and must meet its f32 sibling's tolerance. This checks indexing, tiles,
 * barriers and the algorithm; f16 rounding itself still needs a device that
 * has the feature (the tolerance of the f16 spec covers it there).
 */
import { describe, expect, it } from 'vitest';
import { runKernel } from '../bench/run/run';
import { testGpu } from '../test/dawn';
import { LIBRARY } from './library';
import { reflectWgsl } from './reflect';
import type { KernelSpec, Params } from './spec';

/** WGSL with f16 read as f32: the `enable`, the types, and the `h` suffix of literals. */
function halfAsSingle(source: string): string {
  return source
    .replace(/^\s*enable\s+f16\s*;\s*$/m, '')
    .replace(/\bf16\b/g, 'f32')
    .replace(/\bvec([234])h\b/g, 'vec$1f')
    .replace(/\bmat([234])x([234])h\b/g, 'mat$1x$2f')
    .replace(/\b(\d+(?:\.\d*)?(?:e[-+]?\d+)?)h\b/g, '$1');
}

/** Shapes no tile divides, per f16 kernel; constants small enough for f32 tiles in 16 KiB. */
const CASES: Readonly<Record<string, readonly { params: Params; constants?: Record<string, number> }[]>> = {
  'matmul/f16': [{ params: { M: 33, N: 65, K: 17 } }, { params: { M: 130, N: 7, K: 129 } }],
  'compute/fma-f16': [{ params: { T: 33, ITERS: 17 } }],
  'attention/flash-f16': [
    { params: { B: 1, H: 2, Hkv: 1, N: 19, L: 45, d: 64, causal: 1 }, constants: { BC: 16 } },
    { params: { B: 2, H: 4, Hkv: 2, N: 13, L: 37, d: 32, causal: 0 }, constants: { BR: 4, BC: 8 } },
  ],
};

const QUICK = { warmup: 0, minSamples: 1, maxSamples: 1, timeCapMs: 200, targetSampleMs: 1 } as const;
const F32_TOLERANCE = 1e-5;

describe('f16 kernels, read as f32, compute the right thing', () => {
  const halves = LIBRARY.filter((s) => s.requiredFeatures?.includes('shader-f16'));

  it('every f16 kernel of the library has cases here, and reads back as a valid f32 shader', () => {
    expect(halves.map((s) => s.id).sort()).toEqual(Object.keys(CASES).sort());
    for (const s of halves) expect(reflectWgsl(halfAsSingle(s.source)).problem).toBeUndefined();
    expect(halfAsSingle('enable f16;\nvar<workgroup> t: array<f16, 4>;\nlet a = vec2h(1.5h, 0h);')).toBe('\nvar<workgroup> t: array<f32, 4>;\nlet a = vec2f(1.5, 0);');
  });

  for (const spec of halves) {
    for (const { params, constants } of CASES[spec.id] ?? []) {
      it(`${spec.id} ${JSON.stringify(params)}${constants ? ` ${JSON.stringify(constants)}` : ''}`, async () => {
        const { device, info } = await testGpu();
        const single: KernelSpec = {
          ...spec,
          source: halfAsSingle(spec.source),
          requiredFeatures: (spec.requiredFeatures ?? []).filter((f) => f !== 'shader-f16'),
          tolerance: F32_TOLERANCE,
        };
        const { check } = await runKernel(device, info, single, { params, ...(constants ? { constants } : {}), timing: QUICK });
        expect(check.nonFinite).toBe(0);
        expect(check.scaledError).toBeLessThanOrEqual(F32_TOLERANCE);
        expect(check.correct).toBe(true);
      });
    }
  }
});
