/** The data lessons' results that contradict their point are named, and a factor below 1 reads as slower. */
import { describe, expect, it } from 'vitest';
import type { FormatsReport } from './formats';
import { factorWords, formatsMisses, pumpMisses } from './lesson-misses';
import type { ParquetColumnReading } from './parquet-column';
import type { PumpReport } from './pump-suite';

const formats = (speedup: FormatsReport['oneColumnSpeedup']): FormatsReport => ({ rows: 20_000, columns: 20, seed: 1, samples: 5, warmups: 1, readings: [], oneColumnSpeedup: speedup });
const column = (ratio: number): ParquetColumnReading => ({ codec: 'snappy', source: 'memory', ratio } as unknown as ParquetColumnReading);
const run = (upload: 'mapped' | 'write-buffer', depth: number, rowsPerS: number, gpuIdleShare: number) => ({ upload, depth, rowsPerS, gpuIdleShare });
const pump = (runs: ReturnType<typeof run>[]): PumpReport => ({ runs } as unknown as PumpReport);

describe('data lesson misses', () => {
  it('writes a factor under 1 as slower', () => {
    expect(factorWords(2.6)).toBe('×2.60 faster');
    expect(factorWords(0.6)).toBe('×1.67 slower');
    expect(factorWords(0)).toBe('—');
  });

  it('says when one column is not faster, or ours is slower than hyparquet, with the reason', () => {
    expect(formatsMisses(formats({ uncompressed: 2, snappy: 3 }), [column(1.2)])).toEqual([]);
    const [one, ours] = formatsMisses(formats({ uncompressed: 0.6, snappy: 3, zstd: 1 / 1.39 }), [column(0.5)]);
    expect(one).toMatch(/^Reading one column of twenty was not faster than reading all twenty here \(uncompressed ×1\.67 slower, Zstd ×1\.39 slower\): at a small size fixed costs .* measure at medium/);
    expect(ours).toMatch(/^Our Parquet → f32 column was slower than hyparquet's here \(Snappy from memory ×2\.00 slower\)/);
  });

  it('names the depths where the GPU idles over 10% or rows/s falls below depth 0', () => {
    expect(pumpMisses(pump([run('mapped', 0, 100, 0.5), run('mapped', 2, 180, 0.05)]))).toEqual([]);
    expect(pumpMisses(pump([run('mapped', 0, 100, 0.5), run('mapped', 2, 90, 0.3), run('mapped', 4, 120, 0.08)]))).toEqual([
      expect.stringMatching(/^mapped: the GPU was idle more than the 10\.0% goal at depth 2 \(30\.0%\), and rows\/s was lower than without prefetching at depth 2: prefetching did not pay off here; /),
    ]);
  });
});
