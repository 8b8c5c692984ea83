/**
 * The attention sweep's points read as one series per variant: at each
 * sequence length N = L, the median time and GB/s, GFLOP/s of the result (a
 * page's RunRecord or a runner's ResultEntry), the bytes the plan allocates,
 * or the message with which the device refused the point. The page's charts
 * and the runner's table both read this, so a refused point is shown the same
 * way in both and never dropped.
 */

/** What the sweep reads of a point's result. */
export interface AttentionResult {
  readonly correct: boolean;
  readonly medianMs: number | null;
  readonly gbps: number | null;
  readonly gflops: number | null;
}

/** A point as the sweep receives it (sweepPoint's facts with the result kept). */
export interface AttentionPoint<R extends AttentionResult> {
  readonly x: number;
  readonly kernel: string;
  readonly memory?: number;
  readonly error?: string;
  readonly errorKind?: string;
  readonly result?: R;
}

/** One variant at one length. */
export interface AttentionCell<R extends AttentionResult> {
  /** Bytes its plan allocates (or would have: a refused point keeps what it needed). */
  readonly memory: number | undefined;
  readonly result: R | undefined;
  /** Why it has no result: the device's limit, or its lack of a feature (the message as given). */
  readonly refused: string | undefined;
}

export interface AttentionSeries<R extends AttentionResult> {
  readonly kernel: string;
  readonly at: ReadonlyMap<number, AttentionCell<R>>;
}

export interface AttentionSweep<R extends AttentionResult> {
  /** N = L, in the order run. */
  readonly lengths: readonly number[];
  /** The variants, in the order run. */
  readonly series: readonly AttentionSeries<R>[];
  /** Every refused point, in the order run. */
  readonly refused: readonly { readonly kernel: string; readonly x: number; readonly message: string }[];
}

/** Group the attention sweep's points by variant and length. */
export function attentionSweep<R extends AttentionResult>(points: readonly AttentionPoint<R>[]): AttentionSweep<R> {
  const lengths = [...new Set(points.map((p) => p.x))];
  const series = new Map<string, Map<number, AttentionCell<R>>>();
  const refused: { kernel: string; x: number; message: string }[] = [];
  for (const p of points) {
    const at = series.get(p.kernel) ?? new Map<number, AttentionCell<R>>();
    series.set(p.kernel, at);
    at.set(p.x, { memory: p.memory, result: p.result, refused: p.result ? undefined : p.error });
    if (!p.result && p.error !== undefined) refused.push({ kernel: p.kernel, x: p.x, message: p.error });
  }
  return { lengths, series: [...series].map(([kernel, at]) => ({ kernel, at })), refused };
}

/**
 * The ratio of two variants' allocated memory at one length (how many times
 * `over`'s bytes are `under`'s), or undefined where either lacks a figure.
 */
export function memoryRatio<R extends AttentionResult>(sweep: AttentionSweep<R>, over: string, under: string, x: number): number | undefined {
  const a = sweep.series.find((s) => s.kernel === over)?.at.get(x)?.memory;
  const b = sweep.series.find((s) => s.kernel === under)?.at.get(x)?.memory;
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}
