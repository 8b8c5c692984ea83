/**
 * Every run of the current kernel, one line per problem shape (a change of
 * size is not a change of speed), each run labelled with its code version on
 * the x axis, so an edit and its effect are seen together. Incorrect runs are
 * drawn hollow and red: fast but wrong is not fast. Loaded lazily with Recharts.
 *
 * One metric at a time: GFLOP/s and GB/s on two axes would make two lines per
 * shape. The kernel's primary metric is shown first (history-series.ts); the
 * toggle shows the other. The y axis comes from the data (chart-scale.ts),
 * logarithmic when shapes differ by more than a decade.
 */
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunRecord } from '../bench/run/record';
import { bandwidthTick, flopsTick, valueAxis } from './chart-scale';
import { formatBandwidth, formatFlops, formatTime } from './format';
import { historyRows, primaryMetric, shapeSeries, type HistoryMetric, type HistoryRow } from './history-series';

// No red: red marks incorrect runs.
const COLORS = ['#3b7dd8', '#e08a1e', '#1a7f37', '#9c27b0', '#00838f', '#6d4c41', '#888'];
const METRIC: Record<HistoryMetric, { name: string; tick: (v: number) => string }> = {
  gflops: { name: 'GFLOP/s', tick: flopsTick },
  gbps: { name: 'GB/s', tick: bandwidthTick },
};

interface DotProps {
  readonly cx?: number;
  readonly cy?: number;
  readonly stroke?: string;
  readonly payload?: HistoryRow;
}

/** Every series gets every row (one shared x axis); a dot is drawn only where the row is its own shape. */
function RunDot({ cx, cy, stroke, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return payload.correct
    ? <circle className="run-dot" cx={cx} cy={cy} r={4} fill={stroke} stroke={stroke} />
    : <circle className="run-dot incorrect" cx={cx} cy={cy} r={5} fill="none" stroke="#d33" strokeWidth={2} />;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: HistoryRow }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip">
      <strong>run #{p.run} · {p.version}</strong>
      <div>{p.params}</div>
      {p.constants && <div className="muted">{p.constants}</div>}
      <div>{formatFlops(p.gflops)} · {formatBandwidth(p.gbps)} · {formatTime(p.medianMs)}</div>
      <div className={p.correct ? undefined : 'bad'}>{p.correct ? 'correct' : 'INCORRECT'}</div>
    </div>
  );
}

export default function HistoryChart({ records, labels }: { records: readonly RunRecord[]; labels: ReadonlyMap<string, string> }) {
  const primary = primaryMetric(records);
  const [picked, setPicked] = useState<HistoryMetric>();
  // Kernels without FLOPs have no GFLOP/s to show: no toggle, and GB/s whatever was picked before.
  const metric = primary === 'gflops' ? (picked ?? primary) : 'gbps';
  const rows = historyRows(records, labels);
  const series = shapeSeries(rows);
  const axis = valueAxis(rows.map((r) => r[metric]));
  return (
    <div className="history-chart" data-testid="history-chart" data-points={rows.length} data-series={series.length} data-scale={axis.scale}>
      {primary === 'gflops' && (
        <div className="metric-toggle" role="group" aria-label="history metric">
          {(['gflops', 'gbps'] as const).map((m) => (
            <button key={m} type="button" aria-pressed={metric === m} onClick={() => setPicked(m)}>{METRIC[m].name}</button>
          ))}
        </div>
      )}
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={rows} margin={{ top: 8, right: 28, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis dataKey="run" fontSize={11} tickFormatter={(run: number) => `#${run} ${rows[run - 1]?.version ?? ''}`} />
          <YAxis type="number" scale={axis.scale} domain={[...axis.domain]} ticks={[...axis.ticks]} interval={0} allowDataOverflow width={metric === 'gflops' ? 82 : 68} tick={{ width: 200 }} fontSize={11} tickFormatter={METRIC[metric].tick} />
          <Tooltip content={<PointTooltip />} />
          <Legend verticalAlign="bottom" itemSorter={null} wrapperStyle={{ fontSize: 11 }} />
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="linear"
              // A function key: this series' value on its own shape's rows, nothing elsewhere (joined across by connectNulls).
              dataKey={(row: HistoryRow) => (row.shape === s.key ? row[metric] : null)}
              name={s.name}
              stroke={COLORS[i % COLORS.length] ?? '#888'}
              dot={<RunDot />}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
