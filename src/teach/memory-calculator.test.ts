/**
 * The training-memory calculator against the ZeRO paper's worked example
 * (Rajbhandari et al., SC 2020, Figure 1), what each strategy partitions,
 * the activation estimate, and bad input named by field.
 */
import { describe, expect, it } from 'vitest';
import { activationBytes, memoryPerGpu, SetupError, STRATEGIES, type MemoryPerGpu } from './memory-calculator';

const GB = 1e9;
const byStrategy = (rows: readonly MemoryPerGpu[]) => Object.fromEntries(rows.map((r) => [r.strategy, r]));

describe('memoryPerGpu', () => {
  it("reproduces the ZeRO paper's example: 7.5 B parameters on 64 GPUs", () => {
    const rows = byStrategy(memoryPerGpu({ parameters: 7.5e9, gpus: 64, precision: 'mixed' }));
    expect(rows.dp!.total / GB).toBeCloseTo(120, 6);
    expect(rows.zero1!.total / GB).toBeCloseTo(31.4, 1);
    expect(rows.zero2!.total / GB).toBeCloseTo(16.6, 1);
    expect(rows.zero3!.total / GB).toBeCloseTo(1.88, 2);
    // The exact values behind the paper's rounding: 2Ψ + 2Ψ + 12Ψ/64, 2Ψ + 14Ψ/64, 16Ψ/64.
    expect(rows.zero1!.total).toBe(15e9 + 15e9 + (12 * 7.5e9) / 64);
    expect(rows.zero2!.total).toBe(15e9 + (14 * 7.5e9) / 64);
    expect(rows.zero3!.total).toBe((16 * 7.5e9) / 64);
  });

  it('partitions optimizer states, then gradients, then parameters; FSDP as stage 3', () => {
    const rows = byStrategy(memoryPerGpu({ parameters: 1e9, gpus: 8, precision: 'mixed' }));
    expect(rows.dp).toMatchObject({ parameters: 2e9, gradients: 2e9, optimizer: 12e9 });
    expect(rows.zero1).toMatchObject({ parameters: 2e9, gradients: 2e9, optimizer: 1.5e9 });
    expect(rows.zero2).toMatchObject({ parameters: 2e9, gradients: 0.25e9, optimizer: 1.5e9 });
    expect(rows.zero3).toMatchObject({ parameters: 0.25e9, gradients: 0.25e9, optimizer: 1.5e9 });
    expect(rows.fsdp).toEqual({ ...rows.zero3, strategy: 'fsdp' });
    expect(memoryPerGpu({ parameters: 1e9, gpus: 8, precision: 'mixed' }).map((r) => r.strategy)).toEqual([...STRATEGIES]);
  });

  it('on one GPU, every strategy holds everything; fp32 Adam is 4 + 4 + 8 bytes', () => {
    for (const r of memoryPerGpu({ parameters: 3e9, gpus: 1, precision: 'mixed' })) expect(r.total).toBe(48e9);
    const fp32 = byStrategy(memoryPerGpu({ parameters: 1e9, gpus: 4, precision: 'fp32' }));
    expect(fp32.dp).toMatchObject({ parameters: 4e9, gradients: 4e9, optimizer: 8e9 });
    expect(fp32.zero3!.total).toBe(4e9);
  });

  it('adds the same activation estimate to every strategy', () => {
    const activations = { layers: 2, hidden: 64, heads: 4, sequence: 128, microBatch: 2, recompute: false };
    const each = activationBytes(activations);
    for (const r of memoryPerGpu({ parameters: 1e6, gpus: 4, precision: 'mixed', activations })) {
      expect(r.activations).toBe(each);
      expect(r.total).toBe(r.parameters + r.gradients + r.optimizer + each);
    }
  });

  it('names the field of a bad setup', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof SetupError ? [e.field, e.message] : ['not a SetupError', String(e)];
      }
      return ['no error', ''];
    };
    expect(bad(() => memoryPerGpu({ parameters: 0, gpus: 8, precision: 'mixed' }))).toEqual(['parameters', 'The parameters must be a number above 0 (got 0).']);
    expect(bad(() => memoryPerGpu({ parameters: 1e9, gpus: 2.5, precision: 'mixed' }))).toEqual(['gpus', 'GPUs must be a whole number of at least 1 (got 2.5).']);
    expect(bad(() => activationBytes({ layers: 1, hidden: 64, heads: 0, sequence: 8, microBatch: 1, recompute: false }))[0]).toBe('heads');
  });
});

describe('activationBytes (Korthikanti et al.)', () => {
  it('is L·s·b·h·(34 + 5·a·s/h), or L·2·s·b·h with full recomputation', () => {
    // GPT-3 175B's shape: 96 layers, h = 12288, a = 96, s = 2048, one sequence per micro-batch.
    const gpt3 = { layers: 96, hidden: 12288, heads: 96, sequence: 2048, microBatch: 1, recompute: false };
    const sbh = 2048 * 12288;
    expect(activationBytes(gpt3)).toBe(96 * sbh * (34 + 80));
    expect(activationBytes({ ...gpt3, recompute: true })).toBe(96 * 2 * sbh);
    expect(activationBytes(gpt3) / GB).toBeCloseTo(275.5, 0);
  });
});
