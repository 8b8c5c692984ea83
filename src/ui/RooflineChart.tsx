/**
 * The roofline on log-log axes: the measured ceilings as the roof, every run
 * on this device as a point at (FLOP/byte from the cost model, achieved
 * GFLOP/s). A point above the roof is drawn as a red cross and called a
 * measurement error: it is a bug to find, not a triumph. Loaded lazily.
 */
import { ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, CartesianGrid } from 'recharts';
import type { RunRecord } from '../bench/record';
import { aboveRoof, ridgeIntensity, roofFraction, type Ceilings } from '../bench/roofline';
import { formatRate } from './format';

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

const pow2Floor = (v: number): number => 2 ** Math.floor(Math.log2(v));
const pow2Ceil = (v: number): number => 2 ** Math.ceil(Math.log2(v));

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

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip">
      <strong>{p.kernel}</strong> {p.suite && <span className="muted">({p.suite})</span>}
      <div>{p.params}</div>
      <div>{formatRate(p.gflops)} GFLOP/s at {formatRate(p.intensity)} FLOP/byte</div>
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
  const xDomain: [number, number] = [pow2Floor(Math.min(...xs) / 2), pow2Ceil(Math.max(...xs) * 2)];
  const yDomain: [number, number] = [pow2Floor(Math.min(...ys) / 2), pow2Ceil(Math.max(...ys) * 2)];
  const aboveCount = points.filter((p) => p.above).length;
  return (
    <div className="roofline-chart" data-testid="roofline" data-points={points.length} data-above={aboveCount}>
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 12, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="intensity" scale="log" domain={xDomain} allowDataOverflow fontSize={11} tickFormatter={(v: number) => formatRate(v)} label={{ value: 'FLOP/byte', position: 'insideBottom', offset: -10, fontSize: 11 }} />
          <YAxis type="number" dataKey="gflops" scale="log" domain={yDomain} allowDataOverflow fontSize={11} tickFormatter={(v: number) => formatRate(v)} label={{ value: 'GFLOP/s', angle: -90, position: 'insideLeft', fontSize: 11 }} />
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
      {aboveCount > 0 && (
        <p className="bad small" role="alert">
          {aboveCount} run{aboveCount === 1 ? ' is' : 's are'} above the measured roof: a measurement error (caching, a wrong cost model, or ceilings measured too small), not a result. Re-measure the device at a larger size.
        </p>
      )}
    </div>
  );
}
