/**
 * A bounded time series of step-wise values: each step adds its values over
 * its duration, and the series keeps time-weighted means over equal buckets.
 * When a step lands past the last bucket, neighbouring buckets are merged in
 * pairs (the bucket width doubles), so a run of a million steps keeps at most
 * `maxBuckets` points for a chart, each an honest average of its interval.
 */

export class TimeSeries<K extends string> {
  private width: number;
  private sums: Float64Array[];
  private covered: Float64Array;

  /**
   * @param keys the values each step carries
   * @param firstWidth the first bucket width (same unit as the times given to add); doubled as needed
   * @param maxBuckets at most this many buckets (even, ≥ 2)
   */
  constructor(readonly keys: readonly K[], firstWidth: number, private readonly maxBuckets = 400) {
    this.width = firstWidth > 0 ? firstWidth : 1;
    this.sums = keys.map(() => new Float64Array(maxBuckets));
    this.covered = new Float64Array(maxBuckets);
  }

  /** The values hold from time `start` for `duration` (≥ 0, same unit as the width). */
  add(start: number, duration: number, values: Readonly<Record<K, number>>): void {
    if (!(duration > 0)) return;
    while (start + duration > this.width * this.maxBuckets) this.halve();
    let t = start;
    const end = start + duration;
    while (t < end) {
      const b = Math.min(this.maxBuckets - 1, Math.floor(t / this.width));
      const to = Math.min(end, (b + 1) * this.width);
      const dt = to - t;
      if (dt <= 0) break;
      this.covered[b]! += dt;
      this.keys.forEach((k, i) => {
        this.sums[i]![b]! += values[k] * dt;
      });
      t = to;
    }
  }

  /** Buckets with time in them: start time and the time-weighted mean of each value over the bucket's covered time. */
  points(): ({ readonly t: number } & Readonly<Record<K, number>>)[] {
    const out: ({ t: number } & Record<K, number>)[] = [];
    for (let b = 0; b < this.maxBuckets; b++) {
      const c = this.covered[b]!;
      if (c <= 0) continue;
      const values = Object.fromEntries(this.keys.map((k, i) => [k, this.sums[i]![b]! / c])) as Record<K, number>;
      out.push({ ...values, t: b * this.width });
    }
    return out;
  }

  private halve(): void {
    const merge = (a: Float64Array): Float64Array => {
      const m = new Float64Array(this.maxBuckets);
      for (let b = 0; b < this.maxBuckets; b++) m[b >> 1]! += a[b]!;
      return m;
    };
    this.sums = this.sums.map(merge);
    this.covered = merge(this.covered);
    this.width *= 2;
  }
}
