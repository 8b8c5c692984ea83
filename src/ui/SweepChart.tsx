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

type LineKind = Exclude<SweepResult['kind'], 'matmul-ladder'>;

const AXIS: Record<LineKind, { x: string; y: 'gbps' | 'gflops'; fmt: (x: number) => string }> = {
  'working-set': { x: 'working set', y: 'gbps', fmt: (x) => formatBytes(x).replace(' bytes', ' B') },
  intensity: { x: 'K (FMAs per element)', y: 'gflops', fmt: (x) => String(x) },
  stride: { x: 'stride (elements)', y: 'gbps', fmt: (x) => String(x) },
};

const COLORS = ['#888', '#3b7dd8', '#e08a1e', '#1a7f37', '#9c27b0', '#d33'];

export default function SweepChart({ sweep, ceilings }: { sweep: SweepResult; ceilings: Ceilings | undefined }) {
  return sweep.kind === 'matmul-ladder' ? <LadderChart sweep={sweep} ceilings={ceilings} /> : <LineSweep sweep={sweep} kind={sweep.kind} ceilings={ceilings} />;
}

/** GFLOP/s of every matmul variant against size, and each one's best share of the compute ceiling. */
function LadderChart({ sweep, ceilings }: { sweep: SweepResult; ceilings: Ceilings | undefined }) {
  const variants = [...new Set(sweep.points.map((p) => p.label.split(' ')[0]!))];
  const sizes = [...new Set(sweep.points.map((p) => p.x))];
  const gflops = (v: string, n: number) => sweep.points.find((p) => p.x === n && p.label.startsWith(`${v} `))?.record;
  const data = sizes.map((n) => ({ lx: Math.log2(n), ...Object.fromEntries(variants.flatMap((v) => { const r = gflops(v, n); return r?.correct ? [[v, r.gflops]] : []; })) }));
  const best = (v: string): number => Math.max(0, ...sizes.map((n) => { const r = gflops(v, n); return r?.correct ? r.gflops : 0; }));
  const software = sweep.points.some((p) => p.record?.device.isFallbackAdapter);
  return (
    <div className="sweep-chart" data-testid="sweep-matmul-ladder" data-points={sweep.points.filter((p) => p.record).length}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 12, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="lx" domain={['dataMin', 'dataMax']} ticks={sizes.map((n) => Math.log2(n))} fontSize={11} tickFormatter={(v: number) => `${2 ** v}³`} label={{ value: 'M = N = K', position: 'insideBottom', offset: -10, fontSize: 11 }} />
          <YAxis fontSize={11} tickFormatter={(v: number) => formatRate(v)} label={{ value: 'GFLOP/s', angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <Tooltip formatter={(v) => formatRate(Number(v))} labelFormatter={(v) => `${2 ** Number(v)}³`} />
          {ceilings && <ReferenceLine y={ceilings.gflops} stroke="#3b7dd8" strokeDasharray="2 2" ifOverflow="extendDomain" label={{ value: 'compute ceiling', position: 'insideBottomRight', fontSize: 10 }} />}
          {variants.map((v, i) => (
            <Line key={v} type="linear" dataKey={v} name={v.replace('matmul/', '')} stroke={COLORS[i % COLORS.length] ?? "#888"} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <table className="ladder-table">
        <thead><tr><th>variant</th><th>best GFLOP/s</th><th>of the compute ceiling</th></tr></thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v}>
              <td><code>{v}</code></td>
              <td>{best(v) > 0 ? formatRate(best(v)) : sweep.points.find((p) => p.label.startsWith(`${v} `))?.error?.includes('needs') ? 'not on this device' : '—'}</td>
              <td>{ceilings && best(v) > 0 ? `${((best(v) / ceilings.gflops) * 100).toFixed(0)}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {software && (
        <p className="small warn">
          This is a software adapter: workgroup memory and barriers are emulated on the CPU, so tiling can lose to the naive kernel here. On a GPU the ladder climbs; the lesson is the hardware's, not the code's.
        </p>
      )}
      <p className="muted small">{sweep.size} sizes, measured {new Date(sweep.at).toLocaleString()}.</p>
    </div>
  );
}

function LineSweep({ sweep, kind, ceilings }: { sweep: SweepResult; kind: LineKind; ceilings: Ceilings | undefined }) {
  const axis = AXIS[kind];
  const data = sweep.points
    .filter((p) => p.record)
    .map((p) => ({ lx: Math.log2(p.x), x: p.x, value: p.record![axis.y], correct: p.record!.correct, label: p.label }));
  const ridgeK = kind === 'intensity' && ceilings ? 4 * ridgeIntensity(ceilings) : undefined;
  const plateau = kind === 'intensity' ? Math.max(0, ...data.map((d) => d.value)) : undefined;
  return (
    <div className="sweep-chart" data-testid={`sweep-${kind}`} data-points={data.length}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 12, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="lx" domain={['dataMin', 'dataMax']} fontSize={11} tickFormatter={(v: number) => axis.fmt(2 ** v)} label={{ value: axis.x, position: 'insideBottom', offset: -10, fontSize: 11 }} />
          <YAxis fontSize={11} label={{ value: axis.y === 'gbps' ? 'GB/s' : 'GFLOP/s', angle: -90, position: 'insideLeft', fontSize: 11 }} tickFormatter={(v: number) => formatRate(v)} />
          <Tooltip formatter={(v) => formatRate(Number(v))} labelFormatter={(v) => axis.fmt(2 ** Number(v))} />
          {ridgeK !== undefined && ridgeK > 0 && (
            <ReferenceLine x={Math.log2(ridgeK)} stroke="#888" strokeDasharray="4 4" ifOverflow="extendDomain" label={{ value: `ridge K=${formatRate(ridgeK)}`, position: 'insideTopLeft', fontSize: 10 }} />
          )}
          {kind === 'intensity' && ceilings && <ReferenceLine y={ceilings.gflops} stroke="#3b7dd8" strokeDasharray="2 2" ifOverflow="extendDomain" label={{ value: 'compute ceiling', position: 'insideBottomRight', fontSize: 10 }} />}
          {kind !== 'intensity' && ceilings && <ReferenceLine y={ceilings.gbps} stroke="#e08a1e" strokeDasharray="2 2" ifOverflow="extendDomain" label={{ value: 'bandwidth ceiling', position: 'insideBottomRight', fontSize: 10 }} />}
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
