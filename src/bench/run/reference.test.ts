import { describe, expect, it } from 'vitest';
import { CancelledError, KernelLabError } from '../../gpu/errors';
import { customKernel } from '../../kernels/custom';
import { matmulNaive } from '../../kernels/matmul/naive';
import { saxpy } from '../../kernels/vector/saxpy';
import { reduce } from '../../kernels/bandwidth/variants';
import { referenceInWorker, referenceSource, rememberLast, type ReferenceReply, type ReferenceRequest, type ReferenceCompute } from './reference';

/** Stands in for a Worker: answers like reference-worker-entry.ts, from library ids only, when told to. */
class FakeWorker extends EventTarget {
  requests: ReferenceRequest[] = [];
  terminated = false;
  postMessage(r: ReferenceRequest): void {
    this.requests.push(r);
  }
  answer(reply: ReferenceReply): void {
    this.dispatchEvent(new MessageEvent('message', { data: reply }));
  }
  terminate(): void {
    this.terminated = true;
  }
}

const SIDECAR = { params: [{ name: 'N', default: 8 }], buffers: [{ name: 'x', length: 'N' }, { name: 'y', length: 'N' }], workgroups: ['ceil(N / 64)'], cost: { flops: 'N', bytes: '8 * N' } };
const WGSL = '@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { if (g.x < arrayLength(&y)) { y[g.x] = 2.0 * x[g.x]; } }\n';

describe('where references are computed', () => {
  it('sends library kernels by id and custom kernels with their module text; others stay on this thread', () => {
    expect(referenceSource(saxpy)).toEqual({ library: 'vector/saxpy' });
    const reference = ({ x }: { x?: ArrayLike<number> }) => ({ y: Float64Array.from(x!, (v) => 2 * v) });
    const withModule = customKernel({ name: 'twice', wgsl: WGSL, sidecar: SIDECAR, reference, referenceModule: 'export default () => ({})' });
    expect(referenceSource(withModule)).toEqual({ module: 'export default () => ({})', file: 'custom/twice reference' });
    // A custom kernel that borrows a library id must not get the library's reference in the Worker.
    const borrowed = customKernel({ name: 'twice', wgsl: WGSL, sidecar: { ...SIDECAR, id: 'vector/saxpy' }, reference });
    expect(referenceSource(borrowed)).toBeUndefined();
  });

  it('answers from the worker, and computes here what the worker could not rebuild', async () => {
    const fake = new FakeWorker();
    let spawned = 0;
    const run = referenceInWorker(() => {
      spawned++;
      return fake as unknown as Worker;
    });
    const x = Float32Array.from([1, 2]);
    const pending = run(saxpy, { x, y: x }, { N: 2, a: 1 }, {});
    expect(fake.requests[0]).toMatchObject({ id: 1, source: { library: 'vector/saxpy' }, params: { N: 2, a: 1 } });
    const out = Float64Array.from([9]);
    fake.answer({ id: 1, ok: true, outputs: { out } });
    await expect(pending).resolves.toEqual({ out });

    const failing = run(matmulNaive, {}, { M: 1, N: 1, K: 1 }, {});
    fake.answer({ id: 2, ok: false, kind: 'spec', message: 'the reference threw' });
    await expect(failing).rejects.toThrow(new KernelLabError('spec', 'the reference threw'));
    expect(spawned).toBe(1);

    const local = customKernel({ name: 'twice', wgsl: WGSL, sidecar: SIDECAR, reference: ({ x: v }) => ({ y: Float64Array.from(v!, (e) => 2 * e) }) });
    await expect(run(local, { x }, { N: 2 }, {})).resolves.toEqual({ y: Float64Array.from([2, 4]) });
    expect(fake.requests).toHaveLength(2);
  });

  it('cancelling stops the worker mid-computation, and the next run starts a fresh one', async () => {
    const workers: FakeWorker[] = [];
    const run = referenceInWorker(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    });
    const abort = new AbortController();
    const pending = run(saxpy, {}, { N: 1, a: 1 }, {}, abort.signal);
    abort.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(workers[0]!.terminated).toBe(true);
    const again = run(saxpy, {}, { N: 1, a: 1 }, {});
    expect(workers).toHaveLength(2);
    workers[1]!.answer({ id: 2, ok: true, outputs: {} });
    await expect(again).resolves.toEqual({});
  });

  it('remembers the last answer per kernel, seed and parameters, and constants only where the reference reads them', async () => {
    const calls: string[] = [];
    const base: ReferenceCompute = (spec, _inputs, params, constants) => {
      calls.push(`${spec.id} ${JSON.stringify(params)} ${JSON.stringify(constants)}`);
      return Promise.resolve({});
    };
    const run = rememberLast(base, 7);
    const M = { M: 4, N: 4, K: 4 };
    expect(matmulNaive.reference!.length).toBe(2);
    await run(matmulNaive, {}, M, { WG_X: 8 });
    await run(matmulNaive, {}, M, { WG_X: 16 });
    expect(calls).toHaveLength(1);
    await run(matmulNaive, {}, { ...M, K: 5 }, { WG_X: 16 });
    expect(calls).toHaveLength(2);
    // The reduction's partial sums depend on its chunking: a new answer per constants.
    expect(reduce.reference!.length).toBe(3);
    await run(reduce, {}, { N: 9 }, { WG: 64, ITEMS: 1 });
    await run(reduce, {}, { N: 9 }, { WG: 128, ITEMS: 1 });
    expect(calls).toHaveLength(4);

    let fail = true;
    const flaky = rememberLast(() => (fail ? Promise.reject(new Error('no')) : Promise.resolve({})), 7);
    await expect(flaky(saxpy, {}, { N: 1, a: 1 }, {})).rejects.toThrow('no');
    fail = false;
    await expect(flaky(saxpy, {}, { N: 1, a: 1 }, {})).resolves.toEqual({});
  });

  it('checks a module in the Worker without computing anything, and never on this thread', async () => {
    const fake = new FakeWorker();
    const run = referenceInWorker(() => fake as unknown as Worker);
    const ok = run.probe('export default () => ({})', 'reference.js');
    expect(fake.requests[0]).toMatchObject({ id: 1, probe: true, source: { module: 'export default () => ({})', file: 'reference.js' }, inputs: {} });
    fake.answer({ id: 1, ok: true, outputs: {} });
    await expect(ok).resolves.toBeUndefined();
    const bad = run.probe('export const x = 1;', 'reference.js');
    fake.answer({ id: 2, ok: false, kind: 'spec', message: 'reference.js must export a function (default export or `reference`).' });
    await expect(bad).rejects.toThrow('reference.js must export a function');

    const unmade = referenceInWorker(() => {
      throw new Error('Workers are blocked here');
    });
    await expect(unmade.probe('export default () => ({})', 'reference.js')).rejects.toThrow('reference.js: the reference Worker could not be started, and this reference may run only there.');
  });

  it('falls back to this thread when a Worker cannot be made or fails to load', async () => {
    const x = Float32Array.from([1]);
    const args = [saxpy, { x, y: x }, { N: 1, a: 2 }, {}] as const;
    const expected = saxpy.reference!(args[1], args[2], args[3]);
    const unmade = referenceInWorker(() => {
      throw new Error('Workers are blocked here');
    });
    await expect(unmade(...args)).resolves.toEqual(expected);

    const fake = new FakeWorker();
    const unloaded = referenceInWorker(() => fake as unknown as Worker);
    const first = unloaded(...args);
    fake.dispatchEvent(new Event('error'));
    await expect(first).rejects.toThrow("The reference worker failed (it did not load); run again to compute the reference on the page's own thread.");
    await expect(unloaded(...args)).resolves.toEqual(expected);
    expect(fake.requests).toHaveLength(1);
  });
});
