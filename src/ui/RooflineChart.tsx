/**
 * The roofline on log-log axes: the measured ceilings as the roof, every run
 * on this device as a point at (FLOP/byte from the cost model, achieved
 * GFLOP/s). A point above the roof is drawn as a red cross and called a
 * measurement error: it is a bug to find, not a triumph. The axes run over
 * whole decades with a tick at each power of ten, as rooflines are read; the
 * legend below says what each point colour means. Loaded lazily.
 */
import { ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, CartesianGrid } from 'recharts';
import type { RunRecord } from '../bench/run/record';
import { aboveRoof, ridgeIntensity, roofFraction, type Ceilings } from '../bench/results/roofline';
import { decadeDomain, decadeLabel, decadeTicks } from './chart-scale';
import { formatFlops, formatRate } from './format';

interface Point {
  readonly intensity: number;
  readonly gflops: number;
  readonly kernel: string;
  readonly params: string;
  readonly time: string;
  readonly fraction: number | undefined;
  readonly above: boolean;
  readonly current: boolean;
  readonly suite: string | undefined;
}

type Kind = 'current' | 'other' | 'suite' | 'above';

/** What a point's look says, in the order the legend lists it; drawn the same way as PointShape draws it. */
const kindOf = (p: Point): Kind => (p.above ? 'above' : p.current ? 'current' : p.suite ? 'suite' : 'other');
const KIND_ORDER: readonly Kind[] = ['current', 'other', 'suite', 'above'];

/** Whole decades with room around the outermost point, so no point sits on the frame. */
const logDomain = (values: readonly number[]): [number, number] => decadeDomain(Math.min(...values) / 1.2, Math.max(...values) * 1.2);

function PointShape({ cx, cy, payload }: { cx?: number; cy?: number; payload?: Point }) {
  if (cx === undefined || cy === undefined || !payload) return null;
  if (payload.above) {
    return (
      <g className="roofline-point above-roof" stroke="#d33" strokeWidth={2.5}>
        <line x1={cx - 6} y1={cy - 6} x2={cx + 6} y2={cy + 6} />
        <line x1={cx - 6} y1={cy + 6} x2={cx + 6} y2={cy - 6} />
      </g>
    );
  }
  const cls = `roofline-point${payload.current ? ' current' : ''}${payload.suite ? ' suite' : ''}`;
  return <circle className={cls} cx={cx} cy={cy} r={payload.current ? 5 : 3.5} />;
}

const KIND_TEXT: Record<Kind, (current: string) => string> = {
  current: (current) => `this kernel (${current})`,
  other: () => 'other kernels',
  suite: () => 'calibration, sweep and peer runs',
  above: () => 'above the roof: a measurement error',
};

/** The point kinds on the chart (only those present) and the roof's two lines. */
function RooflineLegend({ kinds, current, roof }: { kinds: readonly Kind[]; current: string; roof: boolean }) {
  return (
    <ul className="chart-legend" data-testid="roofline-legend">
      {kinds.map((k) => (
        <li key={k} data-kind={k}>
          <svg width="12" height="12" aria-hidden="true">
            {k === 'above'
              ? <path d="M2 2L10 10M2 10L10 2" className="swatch above" />
              : <circle cx="6" cy="6" r={k === 'current' ? 5 : 4} className={`swatch ${k}`} />}
          </svg>
          {KIND_TEXT[k](current)}
        </li>
      ))}
      {roof && (
        <>
          <li data-kind="bandwidth-roof"><svg width="16" height="12" aria-hidden="true"><path d="M0 6H16" className="swatch bandwidth-roof" /></svg>bandwidth roof</li>
          <li data-kind="compute-roof"><svg width="16" height="12" aria-hidden="true"><path d="M0 6H16" className="swatch compute-roof" /></svg>compute roof</li>
        </>
      )}
    </ul>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip">
      <strong>{p.kernel}</strong> {p.suite && <span className="muted">({p.suite})</span>}
      <div>{p.params}</div>
      <div>{formatFlops(p.gflops)} at {formatRate(p.intensity)} FLOP/byte</div>
      {p.fraction !== undefined && <div>{(p.fraction * 100).toFixed(0)}% of the roof</div>}
      {p.above && <div className="bad">Above the measured roof: a measurement error, not a result.</div>}
      <div className="muted">{new Date(p.time).toLocaleString()}</div>
    </div>
  );
}

export default function RooflineChart({ runs, ceilings, current }: { runs: readonly RunRecord[]; ceilings: Ceilings | undefined; current: string }) {
  const points: Point[] = runs
    .filter((r) => r.correct && r.flops > 0 && r.gflops > 0 && r.intensity > 0)
    .map((r) => {
      const fraction = ceilings ? roofFraction(r, ceilings) : undefined;
      return {
        intensity: r.intensity,
        gflops: r.gflops,
        kernel: r.kernel,
        params: Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' '),
        time: r.time,
        fraction,
        above: fraction !== undefined && aboveRoof(fraction, r.cv),
        current: r.kernel === current,
        suite: r.suite,
      };
    });
  const ridge = ceilings ? ridgeIntensity(ceilings) : undefined;
  const xs = [...points.map((p) => p.intensity), ...(ridge ? [ridge] : [])];
  const ys = [...points.map((p) => p.gflops), ...(ceilings ? [ceilings.gflops] : [])];
  if (xs.length === 0) return <p className="muted">No runs with arithmetic yet.</p>;
  const xDomain = logDomain(xs);
  const yDomain = logDomain(ys);
  const aboveCount = points.filter((p) => p.above).length;
  const kinds = KIND_ORDER.filter((k) => points.some((p) => kindOf(p) === k));
  return (
    <div className="roofline-chart" data-testid="roofline" data-points={points.length} data-above={aboveCount}>
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 12, right: 22, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="intensity" scale="log" domain={xDomain} ticks={decadeTicks(...xDomain)} interval={0} allowDataOverflow fontSize={11} tickFormatter={decadeLabel} label={{ value: 'arithmetic intensity (FLOP/byte)', position: 'insideBottom', offset: -12, fontSize: 11 }} />
          <YAxis type="number" dataKey="gflops" scale="log" domain={yDomain} ticks={decadeTicks(...yDomain)} interval={0} allowDataOverflow width={48} fontSize={11} tickFormatter={decadeLabel} label={{ value: 'GFLOP/s', angle: -90, position: 'insideLeft', offset: 4, fontSize: 11 }} />
          {ceilings && ridge !== undefined && (
            <>
              <ReferenceLine
                segment={[{ x: Math.max(xDomain[0], yDomain[0] / ceilings.gbps), y: Math.max(yDomain[0], xDomain[0] * ceilings.gbps) }, { x: ridge, y: ceilings.gflops }]}
                stroke="#e08a1e" strokeWidth={2} ifOverflow="hidden"
              />
              <ReferenceLine segment={[{ x: ridge, y: ceilings.gflops }, { x: xDomain[1], y: ceilings.gflops }]} stroke="#3b7dd8" strokeWidth={2} ifOverflow="hidden" />
              <ReferenceLine x={ridge} stroke="#888" strokeDasharray="4 4" ifOverflow="hidden" label={{ value: `ridge ${formatRate(ridge)}`, position: 'insideTopLeft', fontSize: 10 }} />
            </>
          )}
          <Tooltip content={<PointTooltip />} />
          <Scatter data={points} shape={<PointShape />} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
      <RooflineLegend kinds={kinds} current={current} roof={ceilings !== undefined} />
      {aboveCount > 0 && (
        <p className="bad small" role="alert">
          {aboveCount} run{aboveCount === 1 ? ' is' : 's are'} above the measured roof: a measurement error (caching, a wrong cost model, or ceilings measured too small), not a result. Re-measure the device at a larger size.
        </p>
      )}
    </div>
  );
}
