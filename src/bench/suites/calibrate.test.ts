import { describe, expect, it } from 'vitest';
import { testGpu } from '../../test/dawn';
import { calibrate, calibrationJobs, fitElements } from './calibrate';
import { ridgeIntensity, roofFraction } from '../results/roofline';
import { sweepJobs } from './sweeps';

const QUICK = { warmup: 1, minSamples: 3, maxSamples: 5, timeCapMs: 300, targetSampleMs: 1 };
const BIG = { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30 };

describe('calibration and sweep plans', () => {
  it('fits buffers under the binding limits', () => {
    expect(fitElements(1 << 26, BIG)).toBe(1 << 26);
    expect(fitElements(1 << 26, { maxStorageBufferBindingSize: 128 * 2 ** 20 })).toBe(1 << 25);
    expect(fitElements(1 << 26, { maxStorageBufferBindingSize: 100 * 2 ** 20 })).toBe(1 << 24);
  });

  it('measures the copy variants and FMA chains, f16 only where offered', () => {
    const ids = (f: string[]) => calibrationJobs('small', BIG, new Set(f)).map((j) => j.label);
    expect(ids([])).toEqual([
      'bandwidth/copy N=262144', 'bandwidth/copy-vec4 N=262144', 'bandwidth/native-copy N=262144',
      'compute/fma ILP=1', 'compute/fma ILP=2', 'compute/fma ILP=4', 'compute/fma ILP=8', 'bandwidth/intensity K=256',
    ]);
    expect(ids(['shader-f16'])).toContain('compute/fma-f16 ILP=8');
  });

  it('sweeps working sets from KiB up to the bound without rotation, K up to the size, strides 1 to 64', () => {
    const ws = sweepJobs('working-set', 'small', BIG);
    expect(ws[0]?.x).toBe(8 * 1024);
    expect(ws.at(-1)!.x).toBeLessThanOrEqual(16 * 2 ** 20);
    expect(ws.every((j) => j.rotate === false)).toBe(true);
    expect(sweepJobs('working-set', 'large', { maxStorageBufferBindingSize: 2 ** 24 }).at(-1)!.params.N! * 4).toBeLessThanOrEqual(2 ** 24);
    expect(sweepJobs('intensity', 'small', BIG).map((j) => j.x)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    const st = sweepJobs('stride', 'medium', { maxStorageBufferBindingSize: 2 ** 30 });
    expect(st.map((j) => j.x)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(st[0]!.params.N! * 64 * 4).toBeLessThanOrEqual(256 * 2 ** 20);
    const ladder = sweepJobs('matmul-ladder', 'small', BIG);
    expect(new Set(ladder.map((j) => j.x))).toEqual(new Set([64, 128, 256]));
    expect(ladder.filter((j) => j.x === 64).map((j) => j.spec.id)).toEqual(['matmul/naive', 'matmul/tiled', 'matmul/register-blocked', 'matmul/vec4', 'matmul/subgroups', 'matmul/f16']);
    expect(sweepJobs('stride', 'large', { maxStorageBufferBindingSize: 2 ** 26 })[0]!.params.N! * 64 * 4).toBeLessThanOrEqual(2 ** 26);
  });
});

describe('calibrating a real device (Dawn)', () => {
  it('finds both ceilings from correct runs and compares our copy with the driver', async () => {
    const { device, info } = await testGpu();
    const cal = await calibrate(device, info, 'small', { timing: QUICK });
    const { ceilings } = cal;
    expect(ceilings.gbps).toBeGreaterThan(0);
    expect(ceilings.gflops).toBeGreaterThan(0);
    const bandwidthRuns = cal.runs.filter((r) => r.job.spec.cost.flops === 0).map((r) => r.record!.gbps);
    expect(ceilings.gbps).toBe(Math.max(...bandwidthRuns));
    expect(ceilings.bandwidthFrom).toMatch(/^bandwidth\/(copy|copy-vec4|native-copy) /);
    const computeRuns = cal.runs.filter((r) => r.job.spec.cost.flops !== 0).map((r) => r.record!.gflops);
    expect(ceilings.gflops).toBe(Math.max(...computeRuns));
    expect(cal.runs.every((r) => r.record?.suite === 'calibration' && r.record.correct)).toBe(true);
    expect(cal.copyVsDriver).toBeGreaterThan(0);
    expect(ridgeIntensity(ceilings)).toBeGreaterThan(0);
    // Nothing measured in the calibration stands above the roof it defines.
    for (const r of cal.runs) expect(roofFraction(r.record!, ceilings)).toBeLessThanOrEqual(1);
  });
});
