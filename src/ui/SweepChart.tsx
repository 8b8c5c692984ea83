/**
 * One memory-wall sweep as a line: GB/s against working-set size (cache cliffs
 * show as steps), GFLOP/s against K with the ridge and the compute ceiling
 * marked, or GB/s against stride. x is on a log₂ scale. Loaded lazily.
 */
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Ceilings } from '../bench/roofline';
import { ridgeIntensity } from '../bench/roofline';
import { formatBytes } from '../gpu/errors';
import { formatRate } from './format';
import type { SweepResult } from './hooks/useDeviceSuites';

const AXIS: Record<SweepResult['kind'], { x: string; y: 'gbps' | 'gflops'; fmt: (x: number) => string }> = {
  'working-set': { x: 'working set', y: 'gbps', fmt: (x) => formatBytes(x).replace(' bytes', ' B') },
  intensity: { x: 'K (FMAs per element)', y: 'gflops', fmt: (x) => String(x) },
  stride: { x: 'stride (elements)', y: 'gbps', fmt: (x) => String(x) },
};

export default function SweepChart({ sweep, ceilings }: { sweep: SweepResult; ceilings: Ceilings | undefined }) {
  const axis = AXIS[sweep.kind];
  const data = sweep.points
    .filter((p) => p.record)
    .map((p) => ({ lx: Math.log2(p.x), x: p.x, value: p.record![axis.y], correct: p.record!.correct, label: p.label }));
  const ridgeK = sweep.kind === 'intensity' && ceilings ? 4 * ridgeIntensity(ceilings) : undefined;
  const plateau = sweep.kind === 'intensity' ? Math.max(0, ...data.map((d) => d.value)) : undefined;
  return (
    <div className="sweep-chart" data-testid={`sweep-${sweep.kind}`} data-points={data.length}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 12, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="lx" domain={['dataMin', 'dataMax']} fontSize={11} tickFormatter={(v: number) => axis.fmt(2 ** v)} label={{ value: axis.x, position: 'insideBottom', offset: -10, fontSize: 11 }} />
          <YAxis fontSize={11} label={{ value: axis.y === 'gbps' ? 'GB/s' : 'GFLOP/s', angle: -90, position: 'insideLeft', fontSize: 11 }} tickFormatter={(v: number) => formatRate(v)} />
          <Tooltip formatter={(v) => formatRate(Number(v))} labelFormatter={(v) => axis.fmt(2 ** Number(v))} />
          {ridgeK !== undefined && ridgeK > 0 && (
            <ReferenceLine x={Math.log2(ridgeK)} stroke="#888" strokeDasharray="4 4" ifOverflow="extendDomain" label={{ value: `ridge K=${formatRate(ridgeK)}`, position: 'insideTopLeft', fontSize: 10 }} />
          )}
          {sweep.kind === 'intensity' && ceilings && <ReferenceLine y={ceilings.gflops} stroke="#3b7dd8" strokeDasharray="2 2" ifOverflow="extendDomain" label={{ value: 'compute ceiling', position: 'insideBottomRight', fontSize: 10 }} />}
          {sweep.kind !== 'intensity' && ceilings && <ReferenceLine y={ceilings.gbps} stroke="#e08a1e" strokeDasharray="2 2" ifOverflow="extendDomain" label={{ value: 'bandwidth ceiling', position: 'insideBottomRight', fontSize: 10 }} />}
          <Line type="linear" dataKey="value" name={axis.y === 'gbps' ? 'GB/s' : 'GFLOP/s'} stroke={axis.y === 'gbps' ? '#e08a1e' : '#3b7dd8'} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      {plateau !== undefined && ceilings && (
        <p className="muted small">Plateau {formatRate(plateau)} GFLOP/s: {((plateau / ceilings.gflops) * 100).toFixed(0)}% of the compute ceiling.</p>
      )}
      <p className="muted small">{sweep.size} sizes, measured {new Date(sweep.at).toLocaleString()}{sweep.points.some((p) => p.error) ? `; skipped: ${sweep.points.filter((p) => p.error).map((p) => p.label).join(', ')}` : ''}.</p>
    </div>
  );
}
