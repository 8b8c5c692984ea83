import { describe, expect, it } from 'vitest';
import { failedEntry } from '../bench/results/entries';
import type { ResultEntry, ResultsFile } from '../bench/results/schema';
import { nothingRecorded, recordSummary, stepNotes } from './record-summary';

const device = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true, features: [], limits: {} };
const env = { backend: 'dawn', host: 'vm', adapter: 'google swiftshader', driver: 'SwiftShader driver 5.0.0', runtime: 'Dawn (webgpu 0.6.2) on Node v20.20.2', platform: 'linux-x64' } as const;

/** A correct run with these figures (the rest as a failed entry has them). */
function run(kernel: string, params: Record<string, number>, figures: Partial<ResultEntry>): ResultEntry {
  const { error: _error, ...base } = failedEntry(kernel, params, {}, 'h', { kind: 'x', message: '' });
  return { ...base, correct: true, compared: true, ...figures };
}

const file = (results: ResultEntry[], ceilings?: { gbps: number; gflops: number }): ResultsFile => ({
  schema: 'kernel-lab/results@1', generatedBy: 'kernel-lab record', generatedAt: '2026-11-30T03:00:00.000Z', device, environment: env, ...(ceilings ? { ceilings } : {}), results,
});

describe('the performance record\'s table', () => {
  it('gives each ratio from the runs behind it, and says where one is missing', () => {
    const text = recordSummary(file([
      run('bandwidth/copy', { N: 1 }, { suite: 'calibration', medianMs: 1, gbps: 1.2 }),
      run('bandwidth/copy-vec4', { N: 1 }, { suite: 'calibration', medianMs: 1, gbps: 1.6 }),
      run('bandwidth/native-copy', { N: 1 }, { suite: 'calibration', medianMs: 1, gbps: 16 }),
      run('matmul/naive', { M: 256, N: 256, K: 256 }, { medianMs: 100, gflops: 0.2 }),
      run('matmul/vec4', { M: 256, N: 256, K: 256 }, { medianMs: 50, gflops: 0.5 }),
      { ...run('matmul/tiled', { M: 256, N: 256, K: 256 }, { medianMs: 1, gflops: 9 }), correct: false },
      run('attention/unfused', { N: 128, L: 128 }, { suite: 'sweep:attention', medianMs: 30 }),
      run('attention/flash', { N: 128, L: 128 }, { suite: 'sweep:attention', medianMs: 20 }),
      run('attention/unfused', { N: 256, L: 256 }, { suite: 'sweep:attention', medianMs: 175 }),
      run('attention/flash', { N: 256, L: 256 }, { suite: 'sweep:attention', medianMs: 212 }),
      run('attention/flash', { N: 512, L: 512 }, { suite: 'sweep:attention', medianMs: 900 }),
      run('kv/paged-decode', { S: 4, H: 4, Hkv: 2, L: 700, d: 64, bs: 16 }, { medianMs: 23 }),
      run('kv/contiguous-decode', { S: 4, H: 4, Hkv: 2, L: 700, d: 64 }, { medianMs: 20 }),
    ], { gbps: 16, gflops: 20 }), 'npm run bench:record -- --size small');
    expect(text).toContain('### google swiftshader, dawn backend — a CPU adapter (software): these figures say nothing about a GPU');
    expect(text).toContain('driver SwiftShader driver 5.0.0; backend dawn (Dawn (webgpu 0.6.2) on Node v20.20.2); host vm; 2026-11-30.');
    expect(text).toContain('Command: `npm run bench:record -- --size small`');
    expect(text).toContain('| best shader copy / copyBufferToBuffer | 0.1 | bandwidth/copy-vec4 1.6 GB/s, driver 16 GB/s |');
    // An incorrect run is no one's best.
    expect(text).toContain('| best matmul / FMA ceiling | 0.025 | matmul/vec4 M=256 N=256 K=256: 0.5 GFLOP/s; ceiling 20 GFLOP/s |');
    expect(text).toContain('| best matmul / TF.js | — | TF.js runs in the page: browser backend only');
    // The longest length where both ran, not the longest flash ran alone.
    expect(text).toContain('| unfused time / flash time | 0.825 | N = L = 256: unfused 175 ms, flash 212 ms |');
    expect(text).toContain('| paged / contiguous decode | 1.15 | S=4 H=4 Hkv=2 L=700 d=64 bs=16: paged 23 ms, contiguous 20 ms (goal ≤ 1.15) |');
  });

  it('says which measurements a record lacks', () => {
    const text = recordSummary(file([run('matmul/naive', { M: 8, N: 8, K: 8 }, { medianMs: 1, gflops: 1 })]), 'c');
    expect(text).toContain('| best shader copy / copyBufferToBuffer | — | no calibration in the record |');
    expect(text).toContain('| best matmul / FMA ceiling | — | no calibration in the record |');
    expect(text).toContain('| unfused time / flash time | — | no attention sweep in the record |');
    expect(text).toContain('| paged / contiguous decode | — | no kv/paged-decode and kv/contiguous-decode pair in the record |');
  });

  it('says which steps were stopped or not run when none finished, as a record with results does', () => {
    const problems = ['calibration and the memory-wall sweeps: stopped after 0.3 min, its share of the time; its results are not in the record', 'matmul ladder: not run, the 1 minutes were spent'];
    expect(nothingRecorded(problems, true).split('\n')).toEqual([
      'No step finished: nothing to record.',
      ...stepNotes(problems),
      'The steps ran out of time: give the record more (--minutes, up to 60), or measure less (--size small).',
    ]);
    expect(stepNotes(problems)[1]).toBe('Note: matmul ladder: not run, the 1 minutes were spent');
    // Steps that failed rather than ran out of time get no advice about time.
    expect(nothingRecorded(['matmul variants: exit status 2 (a kernel failed or was incorrect; its row says which)'], false)).toBe('No step finished: nothing to record.\nNote: matmul variants: exit status 2 (a kernel failed or was incorrect; its row says which)');
  });
});
