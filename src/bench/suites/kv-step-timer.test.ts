/**
 * The simulation's step time measured on a real device (Dawn): each bucket
 * runs attention/decode once, checked, and is then answered from the cache;
 * a bigger batch takes longer than a smaller one.
 */
import { describe, expect, it } from 'vitest';
import { testGpu } from '../../test/dawn';
import { shapeBucket, type BatchShape } from '../../kv/step-time';
import { measuredStepTimer } from './kv-step-timer';

describe('the measured step timer', () => {
  it('measures each bucket once, with a checked decode run, and answers the rest from its cache', async () => {
    const { device, info } = await testGpu();
    const measured: string[] = [];
    const t = measuredStepTimer(device, info, { onMeasured: (b, r) => measured.push(`${b.layout} B=${r.params.B} L=${r.params.L} ${r.correct}`) });
    const small: BatchShape = { layout: 'paged', lengths: [30, 34], prefillTokens: 0 };
    const big: BatchShape = { layout: 'contiguous', lengths: [100, 700, 500, 20, 90, 300, 10, 12], prefillTokens: 64 };
    const [a, b] = await Promise.all([t.timer(small), t.timer(big)]);
    // The same bucket again (lengths 31 and 33 share the mean 32): no new run, the same time, without waiting.
    expect(t.timer({ layout: 'paged', lengths: [31, 33], prefillTokens: 0 })).toBe(a);
    expect(t.known(big)).toBe(b);
    expect(t.known({ layout: 'paged', lengths: [700], prefillTokens: 0 })).toBeUndefined();
    expect(measured.sort()).toEqual(['contiguous B=8 L=724 true', 'paged B=2 L=32 true']);
    expect(t.measured().map((m) => m.bucket)).toEqual(expect.arrayContaining([shapeBucket(small), shapeBucket(big)]));
    expect(b).toBeGreaterThan(a as number);
  });
});
