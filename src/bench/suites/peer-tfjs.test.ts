import { version_core } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { sourceHash } from '../../kernels/hash';
import { matmulNaive } from '../../kernels/matmul/naive';
import { nodeGpu, testGpu } from '../../test/dawn';
import { measureTfjsMatmul, PEER_TFJS } from './peer-tfjs';
import { runKernel } from '../run/run';

const QUICK = { warmup: 0, minSamples: 3, maxSamples: 3, timeCapMs: 300, targetSampleMs: 1 };

// TF.js looks for navigator.gpu before it accepts a device; Node has no navigator.
if (!('navigator' in globalThis) || !globalThis.navigator.gpu) {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: nodeGpu() }, configurable: true });
}

describe('the TF.js peer (on Dawn)', () => {
  it('multiplies the same inputs as our kernels, checked against the same reference', async () => {
    const { device, info } = await testGpu();
    const params = { M: 33, N: 65, K: 17 };
    const peer = await measureTfjsMatmul(device, info, params, { seed: 99, timing: QUICK });
    expect(peer).toMatchObject({ kernel: PEER_TFJS, params, correct: true, timing: 'wall-clock', suite: 'peer', seed: 99 });
    expect(peer.relError).toBeLessThan(3e-5);
    expect(peer.gflops).toBeCloseTo(peer.flops / (peer.medianMs * 1e6), 9);
    // Same seed, same inputs: our naive kernel's output matches TF.js's to rounding.
    const ours = await runKernel(device, info, matmulNaive, { params, seed: 99, timing: QUICK });
    expect(ours.check.correct).toBe(true);
    expect(Math.abs(ours.check.relError - peer.relError)).toBeLessThan(3e-5);
  });

  it('records the TF.js version installed, as the library reports it', async () => {
    const { device, info } = await testGpu();
    const peer = await measureTfjsMatmul(device, info, { M: 8, N: 8, K: 8 }, { seed: 1, timing: QUICK });
    expect(peer.sourceHash).toBe(sourceHash(`@tensorflow/tfjs-backend-webgpu@${version_core}`));
  });
});
