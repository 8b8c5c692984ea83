import { describe, expect, it } from 'vitest';
import { testGpu } from '../../test/dawn';
import { checkPumpSums, pumpReference, sumsFor, PUMP_B, PUMP_ITEMS, PUMP_TOLERANCE, PUMP_WG } from './pump-kernel';
import { parquet } from '../../test/data-tables';
import { ONE_COLUMN } from './formats-table';
import { runPump, UPLOAD_MODES, type BatchSource } from './pump';
import { placeStamps } from './pump-readback';
import { measurePump } from './pump-suite';

/** Batches of seeded values in memory; each decode waits `delayMs` first, as a decoder would take time. */
function memorySource(sizes: readonly number[], delayMs = 0): BatchSource & { readonly values: Float32Array[] } {
  let seed = 7;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const values = sizes.map((n) => Float32Array.from({ length: n }, () => next() * 2 - 1));
  return {
    values,
    batches: sizes.length,
    rowsOf: (i) => sizes[i]!,
    decode: async (i) => {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return values[i]!.slice();
    },
  };
}

describe('the pump kernel\'s reference and check', () => {
  it('sums the closed form per invocation, as the shader strides through its workgroup\'s chunk', () => {
    const chunk = PUMP_WG * PUMP_ITEMS;
    const x = Float32Array.from({ length: chunk + 300 }, (_, i) => (i % 7) / 7 - 0.5);
    const { sums, terms } = pumpReference(x, 10);
    expect(sums).toHaveLength(2 * PUMP_WG);
    const chain = (v: number) => PUMP_B ** 10 * (v - 1) + 1;
    let slot3 = 0;
    for (let j = 0; j < PUMP_ITEMS; j++) slot3 += chain(x[j * PUMP_WG + 3]!);
    expect(sums[3]).toBeCloseTo(slot3, 9);
    // The second workgroup holds 300 values: its invocation 43 has two (chunk + 43 and chunk + 299), 44 only one.
    expect(sums[PUMP_WG + 43]).toBeCloseTo(chain(x[chunk + 43]!) + chain(x[chunk + 299]!), 12);
    expect(sums[PUMP_WG + 44]).toBeCloseTo(chain(x[chunk + 44]!), 12);
    expect(terms[PUMP_WG + 44]).toBeCloseTo(Math.abs(chain(x[chunk + 44]!)), 12);
  });

  it('passes the reference itself and fails a batch fed other values, naming it', () => {
    const a = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 5000 }, (_, i) => Math.cos(i));
    const groups = sumsFor(5000);
    const got = new Float32Array(2 * groups);
    got.set(pumpReference(a, 50).sums, 0);
    got.set(pumpReference(b, 50).sums, groups);
    expect(checkPumpSums(got, [a, b], 50, groups).correct).toBe(true);
    // Batch 1 computed from batch 0's values: a wrong slot in the ring.
    got.set(pumpReference(a, 50).sums, groups);
    const wrong = checkPumpSums(got, [a, b], 50, groups);
    expect(wrong.correct).toBe(false);
    expect(wrong.problem).toMatch(new RegExp(`^batch 1, sum 0: got .* \\(error .* of Σ\\|terms\\|, tolerance ${PUMP_TOLERANCE}\\)$`));
    got[0] = Number.NaN;
    expect(checkPumpSums(got, [a, b], 50, groups).worstError).toBe(Infinity);
  });
});

describe('placing GPU timestamps on the run\'s clock', () => {
  it('shifts them so that no batch starts before its submission, the tightest such shift', () => {
    // Passes at GPU 1000–3000 ns and 5000–6000 ns (ms: 0–0.002, 0.004–0.005), submitted at 10 ms and 10.003 ms.
    const placed = placeStamps(BigInt64Array.of(1000n, 3000n, 5000n, 6000n), [10, 10.003]);
    expect(placed!.start[0]).toBeCloseTo(10, 9);
    expect(placed!.end[1]! - placed!.start[1]!).toBeCloseTo(0.001, 9);
    expect(placed!.start[1]).toBeGreaterThanOrEqual(10.003);
  });

  it('refuses timestamps that run backwards or passes that overlap', () => {
    expect(placeStamps(BigInt64Array.of(5000n, 4000n), [0])).toBeUndefined();
    expect(placeStamps(BigInt64Array.of(0n, 5_000_000n, 1_000_000n, 6_000_000n), [0, 1])).toBeUndefined();
  });
});

describe('the pump on a real device (Dawn)', () => {
  // Seven batches of more than one workgroup's chunk, the last one short and not a multiple of anything.
  const sizes = [5000, 5000, 5000, 5000, 5000, 5000, 1234];

  for (const upload of UPLOAD_MODES) {
    for (const depth of [0, 1, 2, 4]) {
      it(`delivers every batch to the kernel (${upload}, depth ${depth})`, async () => {
        const { device } = await testGpu();
        const source = memorySource(sizes);
        const run = await runPump(device, source, { depth, upload, k: 40 });
        expect([run.check.correct, run.check.problem]).toEqual([true, undefined]);
        expect(run.check.worstError).toBeLessThan(PUMP_TOLERANCE);
        expect(run).toMatchObject({ depth, upload, k: 40, batches: 7, rows: 31_234 });
        expect(run.timeline.map((t) => t.rows)).toEqual(sizes);
        for (const t of run.timeline) {
          expect(t.decodeStart).toBeLessThanOrEqual(t.decodeEnd);
          expect(t.decodeEnd).toBeLessThanOrEqual(t.uploadStart);
          expect(t.uploadEnd).toBeLessThanOrEqual(t.submitted);
          expect(t.computeStart).toBeGreaterThanOrEqual(t.submitted);
          expect(t.computeEnd).toBeGreaterThanOrEqual(t.computeStart);
        }
        expect(run.gpuIdleShare).toBeGreaterThanOrEqual(0);
        expect(run.gpuIdleShare).toBeLessThanOrEqual(1);
        expect(run.rowsPerS).toBeCloseTo(31_234 / (run.wallMs / 1000), 6);
      });
    }
  }

  it('at depth 0 decodes a batch only after the previous one finished; deeper, while it computes', async () => {
    const { device } = await testGpu();
    const sync = await runPump(device, memorySource(sizes, 3), { depth: 0, upload: 'mapped', k: 2000, prefer: 'wall-clock' });
    expect(sync.idleFrom).toBe('wall-clock');
    for (let i = 1; i < sync.timeline.length; i++) expect(sync.timeline[i]!.decodeStart).toBeGreaterThanOrEqual(sync.timeline[i - 1]!.computeEnd);
    const ahead = await runPump(device, memorySource(sizes, 3), { depth: 2, upload: 'mapped', k: 2000, prefer: 'wall-clock' });
    const overlapped = ahead.timeline.slice(1).filter((t, i) => t.decodeStart < ahead.timeline[i]!.computeEnd);
    expect(overlapped.length).toBeGreaterThan(0);
  });

  it('uses timestamp queries where the device has them', async () => {
    const { device } = await testGpu();
    const run = await runPump(device, memorySource(sizes), { depth: 1, upload: 'write-buffer', k: 100 });
    expect(run.idleFrom).toBe(device.features.has('timestamp-query') ? 'timestamp-query' : 'wall-clock');
    expect(run.gpuBusyMs).toBeGreaterThan(0);
    expect(run.gpuSpanMs).toBeGreaterThanOrEqual(run.gpuBusyMs);
  });

  it('passes a decoder\'s failure on and leaves the device usable', async () => {
    const { device } = await testGpu();
    const source = memorySource(sizes);
    const failing: BatchSource = { ...source, decode: async (i) => (i === 3 ? Promise.reject(new Error('batch 3 is corrupt')) : source.decode(i)) };
    await expect(runPump(device, failing, { depth: 2, upload: 'mapped', k: 10 })).rejects.toThrow('batch 3 is corrupt');
    const again = await runPump(device, source, { depth: 2, upload: 'mapped', k: 10 });
    expect(again.check.correct).toBe(true);
  });
});

describe('the pump suite', () => {
  it('streams a Parquet column at every depth and both uploads, with K calibrated to outlast decoding', async () => {
    const { device } = await testGpu();
    const steps: string[] = [];
    const report = await measurePump(device, parquet, { rows: 40_000, batchRows: 8_000, repeats: 1, onProgress: (t) => steps.push(t) });
    expect([report.correct, report.problem]).toEqual([true, undefined]);
    expect(report).toMatchObject({ rows: 40_000, batchRows: 8_000, batches: 5, column: ONE_COLUMN, kFrom: 'calibrated', slowdown: 2, repeats: 1 });
    // Calibration starts from K = 64 (and stops at once if that already outlasts decoding twice over).
    expect(steps.find((s) => s.startsWith('calibrating K')) ?? 'calibrating K (K = 64: ').toMatch(/^calibrating K \(K = 64: /);
    expect(report.k).toBeGreaterThanOrEqual(1);
    expect(report.runs.map((r) => [r.upload, r.depth])).toEqual([
      ['mapped', 0], ['mapped', 1], ['mapped', 2], ['mapped', 4],
      ['write-buffer', 0], ['write-buffer', 1], ['write-buffer', 2], ['write-buffer', 4],
    ]);
    for (const r of report.runs) expect([r.k, r.rows, r.batches]).toEqual([report.k, 40_000, 5]);
  });

  it('takes a given K, and reads the column the formats table wrote', async () => {
    const { device } = await testGpu();
    const report = await measurePump(device, parquet, { rows: 10_000, batchRows: 4_096, k: 12, depths: [1], uploads: ['write-buffer'], repeats: 2 });
    expect(report).toMatchObject({ k: 12, kFrom: 'given', batches: 3, correct: true });
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0]!.timeline.map((t) => t.rows)).toEqual([4096, 4096, 1808]);
    expect(await measurePump(device, parquet, { rows: 10, batchRows: 0 }).catch((e: Error) => e.message)).toBe('Rows per batch must be a positive whole number, not 0.');
  });
});
