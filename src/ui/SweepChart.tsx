/**
 * One memory-wall sweep as a line: GB/s against working-set size (cache cliffs
 * show as steps), GFLOP/s against K with the ridge marked, or GB/s against
 * stride; or the matmul ladder, one line per variant; or attention's time
 * and memory against length (AttentionSweepChart). x is on a log₂ scale.
 * The y axis is chosen from the data (chart-scale.ts): the ceiling is drawn
 * only when the points come within reach of it, and otherwise named in the
 * caption with how far the best point is from it. Loaded lazily.
 */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Ceilings } from '../bench/results/roofline';
import AttentionSweepChart from './AttentionSweepChart';
import { ridgeIntensity } from '../bench/results/roofline';
import { matmulLadder } from '../bench/suites/sweep-points';
import { formatBytes } from '../gpu/format';
import { kAtIntensity } from '../kernels/compute/fma';
import { axisWithCeiling, bandwidthTick, ceilingCaption, flopsTick, formatPercent, positionOnAxis, type CeilingAxis } from './chart-scale';
import { formatBandwidth, formatFlops, formatRate } from './format';
import type { SweepResult } from './hooks/useDeviceSuites';

type LineKind = Exclude<SweepResult['kind'], 'matmul-ladder' | 'attention'>;
type Metric = 'gbps' | 'gflops';

const AXIS: Record<LineKind, { x: string; y: Metric; fmt: (x: number) => string }> = {
  'working-set': { x: 'working set', y: 'gbps', fmt: (x) => formatBytes(x).replace(' bytes', ' B') },
  intensity: { x: 'K (FMAs per element)', y: 'gflops', fmt: (x) => String(x) },
  stride: { x: 'stride (elements)', y: 'gbps', fmt: (x) => String(x) },
};

const METRIC: Record<Metric, { ceiling: string; tick: (v: number) => string; format: (v: number) => string; color: string; roof: (c: Ceilings) => number }> = {
  gbps: { ceiling: 'bandwidth ceiling', tick: bandwidthTick, format: formatBandwidth, color: '#e08a1e', roof: (c) => c.gbps },
  gflops: { ceiling: 'compute ceiling', tick: flopsTick, format: formatFlops, color: '#3b7dd8', roof: (c) => c.gflops },
};

// No red: red marks errors elsewhere in the page.
const COLORS = ['#3b7dd8', '#e08a1e', '#1a7f37', '#9c27b0', '#00838f', '#6d4c41', '#888'];
const MARGIN = { top: 14, right: 12, bottom: 18, left: 4 };

/** The value axis and, when in reach, the ceiling as a dashed, labelled line. */
function yAxisWith(metric: Metric, { axis, drawn }: CeilingAxis, ceilings: Ceilings | undefined) {
  const m = METRIC[metric];
  const roof = ceilings ? m.roof(ceilings) : undefined;
  return [
    // Width for "500 MFLOP/s" or "500 MB/s"; the wide tick box stops Recharts wrapping a label at its space.
    <YAxis key="y" type="number" scale={axis.scale} domain={[...axis.domain]} ticks={[...axis.ticks]} allowDataOverflow interval={0} width={metric === 'gflops' ? 82 : 68} tick={{ width: 200 }} fontSize={11} tickFormatter={m.tick} />,
    drawn && roof !== undefined && (
      // Text above the line (points approach a ceiling from below), unless the headroom is too thin for it.
      <ReferenceLine key="ceiling" y={roof} stroke={m.color} strokeDasharray="4 3"
        label={{ value: `${m.ceiling} ${m.format(roof)}`, position: positionOnAxis(roof, axis) < 0.92 ? 'insideBottomRight' : 'insideTopRight', fontSize: 10, className: 'ceiling-label' }} />
    ),
  ];
}

function Caption({ metric, best, ceilings, drawn }: { metric: Metric; best: number; ceilings: Ceilings | undefined; drawn: boolean }) {
  const m = METRIC[metric];
  if (!ceilings) return <p className="muted small">Measure this device (device panel) to compare with its {m.ceiling}.</p>;
  if (!(best > 0)) return null;
  return <p className="small chart-caption" data-testid="ceiling-caption">{ceilingCaption(best, m.roof(ceilings), m.ceiling, m.format, drawn)}</p>;
}

export default function SweepChart({ sweep, ceilings }: { sweep: SweepResult; ceilings: Ceilings | undefined }) {
  if (sweep.kind === 'attention') return <AttentionSweepChart sweep={sweep} />;
  return sweep.kind === 'matmul-ladder' ? <LadderChart sweep={sweep} ceilings={ceilings} /> : <LineSweep sweep={sweep} kind={sweep.kind} ceilings={ceilings} />;
}

/** GFLOP/s of every matmul variant against size, and each one's best share of the compute ceiling. */
function LadderChart({ sweep, ceilings }: { sweep: SweepResult; ceilings: Ceilings | undefined }) {
  const { sizes, rungs } = matmulLadder(sweep.points.map((p) => ({ ...p, ...(p.record ? { result: p.record } : {}) })));
  const data = sizes.map((n) => ({ lx: Math.log2(n), ...Object.fromEntries(rungs.flatMap((r) => { const rec = r.at.get(n); return rec?.correct ? [[r.kernel, rec.gflops]] : []; })) }));
  // A variant with no correct point has no line, and so no legend entry; the table says why.
  const drawn = rungs.filter((r) => r.best > 0);
  const values = drawn.flatMap((r) => sizes.map((n) => r.at.get(n)).filter((rec) => rec?.correct).map((rec) => rec!.gflops));
  const scale = axisWithCeiling(values, ceilings?.gflops);
  const software = sweep.points.some((p) => p.record?.device.isFallbackAdapter);
  return (
    <div className="sweep-chart" data-testid="sweep-matmul-ladder" data-points={sweep.points.filter((p) => p.record).length} data-scale={scale.axis.scale}>
      <ResponsiveContainer width="100%" height={300}>
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="lx" domain={['dataMin', 'dataMax']} ticks={sizes.map((n) => Math.log2(n))} fontSize={11} tickFormatter={(v: number) => `${2 ** v}³`} label={{ value: 'M = N = K', position: 'insideBottom', offset: -10, fontSize: 11 }} />
          {yAxisWith('gflops', scale, ceilings)}
          <Tooltip formatter={(v) => formatFlops(Number(v))} labelFormatter={(v) => `${2 ** Number(v)}³`} />
          <Legend verticalAlign="bottom" itemSorter={null} wrapperStyle={{ fontSize: 11, paddingTop: 14 }} />
          {drawn.map(({ kernel }, i) => (
            <Line key={kernel} type="linear" dataKey={kernel} name={kernel.replace('matmul/', '')} stroke={COLORS[i % COLORS.length] ?? '#888'} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <Caption metric="gflops" best={Math.max(0, ...values)} ceilings={ceilings} drawn={scale.drawn} />
      <table className="ladder-table">
        <thead><tr><th>variant</th><th>best</th><th>of the compute ceiling</th></tr></thead>
        <tbody>
          {rungs.map((r) => (
            <tr key={r.kernel}>
              <td><code>{r.kernel}</code></td>
              <td>{r.best > 0 ? formatFlops(r.best) : r.unsupported ? 'not on this device' : '—'}</td>
              <td>{ceilings && r.best > 0 ? formatPercent(r.best / ceilings.gflops) : '—'}</td>
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
  const m = METRIC[axis.y];
  const data = sweep.points
    .filter((p) => p.record)
    .map((p) => ({ lx: Math.log2(p.x), x: p.x, value: p.record![axis.y], correct: p.record!.correct, label: p.label }));
  const ridgeK = kind === 'intensity' && ceilings ? kAtIntensity(ridgeIntensity(ceilings)) : undefined;
  const scale = axisWithCeiling(data.map((d) => d.value), ceilings ? m.roof(ceilings) : undefined);
  return (
    <div className="sweep-chart" data-testid={`sweep-${kind}`} data-points={data.length} data-scale={scale.axis.scale}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="lx" domain={['dataMin', 'dataMax']} ticks={data.map((d) => d.lx)} fontSize={11} tickFormatter={(v: number) => axis.fmt(2 ** v)} label={{ value: axis.x, position: 'insideBottom', offset: -10, fontSize: 11 }} />
          {yAxisWith(axis.y, scale, ceilings)}
          <Tooltip formatter={(v) => [m.format(Number(v)), axis.y === 'gbps' ? 'bandwidth' : 'throughput']} labelFormatter={(v) => axis.fmt(2 ** Number(v))} />
          {/* The ridge is named in the caption: a label at the top would collide with the ceiling's. */}
          {ridgeK !== undefined && ridgeK > 0 && <ReferenceLine x={Math.log2(ridgeK)} stroke="#888" strokeDasharray="2 3" ifOverflow="extendDomain" />}
          <Line type="linear" dataKey="value" name={axis.y === 'gbps' ? 'bandwidth' : 'throughput'} stroke={m.color} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <Caption metric={axis.y} best={Math.max(0, ...data.map((d) => d.value))} ceilings={ceilings} drawn={scale.drawn} />
      {ridgeK !== undefined && ridgeK > 0 && (
        <p className="small chart-caption">The dotted vertical line is the ridge, K = {formatRate(ridgeK)}: with fewer FMAs per element the kernel is memory-bound.</p>
      )}
      <p className="muted small">{sweep.size} sizes, measured {new Date(sweep.at).toLocaleString()}{sweep.points.some((p) => p.error) ? `; skipped: ${sweep.points.filter((p) => p.error).map((p) => p.label).join(', ')}` : ''}.</p>
    </div>
  );
}
