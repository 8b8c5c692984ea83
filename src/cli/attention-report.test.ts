import { describe, expect, it } from 'vitest';
import type { ResultEntry } from '../bench/results/schema';
import type { SweepPointReply } from '../runner/protocol';
import { attentionReport, shareWords } from './attention-report';

const entry = (kernel: string, medianMs: number, over: Partial<ResultEntry> = {}): ResultEntry => ({
  kernel, params: {}, constants: {}, timing: 'timestamp-query', timingNote: 'n', samples: 40, repsPerSample: 8,
  medianMs, minMs: medianMs, p90Ms: medianMs, cv: 0.02, flops: 1e9, bytes: 1e6, gflops: 1 / medianMs, gbps: 1e-3 / medianMs, intensity: 1000,
  correct: true, compared: true, relError: 0, maxAbsError: 0, tolerance: 1e-6, sourceHash: '00', seed: 1, time: '2026-11-29T00:00:00.000Z', ...over,
});

const point = (kernel: string, x: number, memory: number, ms?: number, error?: string): SweepPointReply => ({
  x, kernel, params: { N: x, L: x }, memory, label: `${kernel} N = L = ${x}`,
  ...(ms === undefined ? { error: error!, errorKind: 'limit' } : { entry: entry(kernel, ms) }),
});

describe('the attention sweep report', () => {
  it('prints time and memory per length and variant, keeps a refused point with its message, and compares flash with unfused', () => {
    const refusal = "Buffer S needs 256 MiB, but this device's maxStorageBufferBindingSize is 128 MiB.";
    const report = attentionReport([
      point('attention/unfused', 1024, 5 << 20, 4),
      point('attention/flash', 1024, 1 << 20, 2),
      point('attention/unfused', 8192, 264 << 20, undefined, refusal),
      point('attention/flash', 8192, 8 << 20, 50),
    ]);
    expect(report).toMatch(/^1024\s+attention\/unfused\s+4\s+5 MiB\s+0\.00025\s+0\.25\s+correct$/m);
    expect(report).toMatch(/^1024\s+attention\/flash\s+2\s+1 MiB\s+0\.0005\s+0\.5\s+correct$/m);
    expect(report).toMatch(new RegExp(`^8192\\s+attention/unfused\\s+—\\s+264 MiB\\s+—\\s+—\\s+refused: ${refusal.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(report).toContain("At N = L = 1024: flash allocates 1/5 of unfused's memory and runs at 2.00× unfused's speed.");
    expect(report).toContain('Unfused was refused at N = L = 8192 (its score matrix passes a device limit); flash ran there.');
  });

  it('writes a share of memory as half, a whole fraction or a percentage, never "1/2.0"', () => {
    expect(shareWords(0.5)).toBe('half');
    expect(shareWords(0.25)).toBe('1/4');
    expect(shareWords(1 / 5.02)).toBe('1/5');
    expect(shareWords(0.37)).toBe('37%');
  });
});
