import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../gpu/device';
import { sourceHash } from '../../kernels/hash';
import type { RunRecord } from '../run/record';
import { fileChanges, filesFingerprint, recoverFiles, settingChanges, speedChange, valueChanges } from './run-diff';

const device: DeviceInfo = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'd', isFallbackAdapter: true, features: [], limits: {} };

const run = (over: Partial<RunRecord>): RunRecord => ({
  kernel: 'vector/saxpy', title: 't', sourceHash: sourceHash('a'), librarySource: true, params: { N: 3001, a: 2 }, constants: { WG: 256 },
  device, timing: 'timestamp-query', timingNote: 'n', repsPerSample: 4, samples: 40, medianMs: 2, minMs: 1.9, p90Ms: 2.1, cv: 0.02, stoppedBy: 'converged',
  flops: 6002, bytes: 36012, gflops: 0.003, gbps: 0.018, intensity: 0.17, correct: true, compared: true, relError: 0, maxAbsError: 0,
  tolerance: 1e-6, nonFinite: 0, seed: 1, time: '2026-12-01T00:00:00.000Z', ...over,
});
const names = { a: 'run #1 (library)', b: 'run #2 (edit 1)' };

describe('what differs between two runs', () => {
  it('lists parameters and constants that differ, parameters first, and counts the rest', () => {
    const d = valueChanges(run({}), run({ params: { N: 3001, a: 3 }, constants: { WG: 128 } }));
    expect(d.changed).toEqual([
      { kind: 'parameter', name: 'a', a: 2, b: 3 },
      { kind: 'constant', name: 'WG', a: 256, b: 128 },
    ]);
    expect(d.same).toEqual([{ kind: 'parameter', name: 'N', value: 3001 }]);
  });

  it('names a value one run lacks (a constant the code stopped declaring, a parameter added since)', () => {
    const d = valueChanges(run({ constants: { WG: 64, TILE: 4 } }), run({ params: { N: 3001, a: 2, B: 2 }, constants: { WG: 64 } }));
    expect(d.changed).toEqual([
      { kind: 'parameter', name: 'B', a: undefined, b: 2 },
      { kind: 'constant', name: 'TILE', a: 4, b: undefined },
    ]);
    expect(d.same).toEqual([{ kind: 'parameter', name: 'N', value: 3001 }, { kind: 'parameter', name: 'a', value: 2 }, { kind: 'constant', name: 'WG', value: 64 }]);
    expect(valueChanges(run({}), run({})).changed).toEqual([]);
  });

  it('names another device and another timing method', () => {
    expect(settingChanges(run({}), run({}))).toEqual([]);
    expect(settingChanges(run({}), run({ device: { ...device, vendor: 'nvidia', architecture: 'hopper' }, timing: 'wall-clock' }))).toEqual([
      { what: 'device', a: 'google swiftshader', b: 'nvidia hopper' },
      { what: 'timing', a: 'GPU timestamps', b: 'wall clock' },
    ]);
  });
});

describe('the change in speed, in words', () => {
  it('compares median times when both runs did the same work', () => {
    const s = speedChange(run({ medianMs: 1.8 }), run({ medianMs: 1 }), names);
    expect(s).toMatchObject({ basis: 'time', notes: [] });
    expect(s.ratio).toBeCloseTo(1.8);
    expect(s.sentence).toBe('run #2 (edit 1) is 1.80× faster than run #1 (library)');
    expect(speedChange(run({ medianMs: 1 }), run({ medianMs: 3 }), names).sentence).toBe('run #1 (library) is 3.00× faster than run #2 (edit 1)');
  });

  it('says when the gap is inside the two medians\' noise', () => {
    const s = speedChange(run({ medianMs: 1.03 }), run({ medianMs: 1 }), names);
    expect(s.sentence).toBe('run #2 (edit 1) is 1.03× faster than run #1 (library) (within the noise of ±5%)');
    expect(s.noise).toBe(0.05);
  });

  it('compares throughput, not time, when the runs did different work', () => {
    const a = run({ params: { N: 1000, a: 2 }, flops: 2000, bytes: 12000, medianMs: 1, gflops: 0.002, gbps: 0.012 });
    const b = run({ params: { N: 4000, a: 2 }, flops: 8000, bytes: 48000, medianMs: 2, gflops: 0.004, gbps: 0.024 });
    const s = speedChange(a, b, names);
    expect(s.basis).toBe('gflops');
    expect(s.ratio).toBeCloseTo(2);
    expect(s.sentence).toBe('By GFLOP/s (the runs did different work, so their times do not compare): run #2 (edit 1) is 2.00× faster than run #1 (library)');
    const copies = speedChange({ ...a, flops: 0, gflops: 0 }, { ...b, flops: 0, gflops: 0 }, names);
    expect(copies.basis).toBe('gbps');
    expect(copies.sentence).toMatch(/^By GB\/s/);
    expect(speedChange({ ...a, flops: 0, gflops: 0, gbps: 0 }, { ...b, flops: 0, gflops: 0, gbps: 0 }, names)).toMatchObject({ basis: 'none', ratio: undefined });
  });

  it('flags a shaky median and an incorrect run, and never compares a run without a time', () => {
    const s = speedChange(run({ cv: 0.36, samples: 3, stoppedBy: 'time-cap' }), run({ correct: false }), names);
    expect(s.notes).toHaveLength(2);
    expect(s.notes[0]).toMatch(/^run #1 \(library\)'s median is shaky: CV 36% is over 10%.*only 3 samples.*Run it again/);
    expect(s.notes[1]).toMatch(/^run #2 \(edit 1\) was incorrect/);
    // Three samples at CV 36% cannot tell a 1.2× gap from noise.
    expect(speedChange(run({ cv: 0.36, samples: 3, medianMs: 1.2 }), run({ medianMs: 1 }), names).sentence).toMatch(/within the noise/);
    expect(speedChange(run({}), run({ medianMs: Number.NaN }), names)).toMatchObject({ basis: 'none', sentence: 'run #2 (edit 1) has no measured time to compare.' });
  });

  it('notes another device or timing method, which the gap is then partly due to', () => {
    const s = speedChange(run({}), run({ timing: 'wall-clock' }), names);
    expect(s.notes).toEqual(['The runs were timed differently (GPU timestamps, wall clock): the wall clock includes submission latency, so the gap is not the code\'s alone.']);
  });
});

describe('the files that ran', () => {
  it('diffs the WGSL of a library kernel', () => {
    const a = run({ wgsl: 'a' });
    const b = run({ wgsl: 'b', sourceHash: sourceHash('b') });
    expect(fileChanges(a, b, { a: recoverFiles(a, []), b: recoverFiles(b, []) }, false)).toEqual([{ file: 'kernel.wgsl', status: 'changed', a: 'a', b: 'b', missing: [] }]);
  });

  it('recovers code an older record did not keep, from any text with its fingerprint', () => {
    const old = run({ sourceHash: sourceHash('library code') });
    expect(recoverFiles(old, [{ wgsl: 'other' }, { wgsl: 'library code' }]).wgsl).toBe('library code');
    expect(recoverFiles(old, [{ wgsl: 'other' }]).wgsl).toBeUndefined();
  });

  it('says a file was not kept, unless the fingerprints show it is the same', () => {
    const old = run({ sourceHash: sourceHash('x') });
    const b = run({ wgsl: 'y', sourceHash: sourceHash('y') });
    expect(fileChanges(old, b, { a: {}, b: { wgsl: 'y' } }, false)).toEqual([{ file: 'kernel.wgsl', status: 'not kept', a: undefined, b: 'y', missing: ['a'] }]);
    const same = run({ sourceHash: sourceHash('y') });
    expect(fileChanges(same, b, { a: {}, b: { wgsl: 'y' } }, false)[0]).toMatchObject({ status: 'same', a: 'y', b: 'y' });
  });

  it('compares all three files of your own kernel, recovering them by the files\' fingerprint', () => {
    const files = { wgsl: 'w', sidecar: '{"a":1}', referenceModule: 'export default 1' };
    const a = run({ kernel: 'custom/k', librarySource: false, sourceHash: sourceHash('w'), filesHash: filesFingerprint(files.wgsl, files.sidecar, files.referenceModule) });
    const bFiles = { ...files, sidecar: '{"a":2}' };
    const b = run({ kernel: 'custom/k', librarySource: false, sourceHash: sourceHash('w'), filesHash: filesFingerprint(bFiles.wgsl, bFiles.sidecar, bFiles.referenceModule), wgsl: 'w', sidecar: bFiles.sidecar, referenceModule: bFiles.referenceModule });
    // The run kept nothing, but the draft is those very files.
    const aFiles = recoverFiles(a, [bFiles, files]);
    expect(aFiles).toEqual(files);
    expect(fileChanges(a, b, { a: aFiles, b: recoverFiles(b, []) }, true).map((f) => [f.file, f.status])).toEqual([
      ['kernel.wgsl', 'same'], ['sidecar.json', 'changed'], ['reference.js', 'same'],
    ]);
    // Without them, only the WGSL (by its own fingerprint) can be judged.
    expect(fileChanges(a, b, { a: recoverFiles(a, []), b: recoverFiles(b, []) }, true).map((f) => f.status)).toEqual(['same', 'not kept', 'not kept']);
  });

  it('fingerprints the files as a run does', () => {
    expect(filesFingerprint('w', 's', 'r')).toBe(sourceHash('w\u0000s\u0000r'));
  });
});
