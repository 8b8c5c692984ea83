/**
 * GFLOP/s and GB/s of every run of the current kernel, labelled by code
 * version, so an edit and its effect are seen together. Loaded lazily with
 * Recharts. Incorrect runs are drawn hollow and red: fast but wrong is not fast.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunRecord } from '../bench/record';
import { formatMs, formatRate } from './format';

interface Point {
  readonly run: number;
  readonly version: string;
  readonly gflops: number;
  readonly gbps: number;
  readonly correct: boolean;
  readonly medianMs: number;
  readonly params: string;
  readonly constants: string;
}

interface DotProps {
  readonly cx?: number;
  readonly cy?: number;
  readonly stroke?: string;
  readonly payload?: Point;
}

function RunDot({ cx, cy, stroke, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return payload.correct
    ? <circle className="run-dot" cx={cx} cy={cy} r={4} fill={stroke} stroke={stroke} />
    : <circle className="run-dot incorrect" cx={cx} cy={cy} r={5} fill="none" stroke="#d33" strokeWidth={2} />;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip">
      <strong>run {p.run} · {p.version}</strong>
      <div>{p.params}</div>
      {p.constants && <div className="muted">{p.constants}</div>}
      <div>{formatRate(p.gflops)} GFLOP/s · {formatRate(p.gbps)} GB/s · {formatMs(p.medianMs)}</div>
      <div>{p.correct ? 'correct' : 'INCORRECT'}</div>
    </div>
  );
}

export default function HistoryChart({ records, labels }: { records: readonly RunRecord[]; labels: ReadonlyMap<string, string> }) {
  const data: Point[] = records.map((r, i) => ({
    run: i + 1,
    version: labels.get(r.sourceHash) ?? '?',
    gflops: r.gflops,
    gbps: r.gbps,
    correct: r.correct,
    medianMs: r.medianMs,
    params: Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' '),
    constants: Object.entries(r.constants).map(([k, v]) => `${k}=${v}`).join(' '),
  }));
  const showFlops = records.some((r) => r.flops > 0);
  return (
    <div className="history-chart" data-testid="history-chart" data-points={data.length}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis dataKey="run" tickFormatter={(run: number) => `${run} ${data[run - 1]?.version ?? ''}`} fontSize={11} />
          {showFlops && <YAxis yAxisId="flops" fontSize={11} label={{ value: 'GFLOP/s', angle: -90, position: 'insideLeft', fontSize: 11 }} />}
          <YAxis yAxisId="bytes" orientation={showFlops ? 'right' : 'left'} fontSize={11} label={{ value: 'GB/s', angle: -90, position: showFlops ? 'insideRight' : 'insideLeft', fontSize: 11 }} />
          <Tooltip content={<PointTooltip />} />
          <Legend />
          {showFlops && <Line yAxisId="flops" type="linear" dataKey="gflops" name="GFLOP/s" stroke="#3b7dd8" dot={<RunDot />} isAnimationActive={false} />}
          <Line yAxisId="bytes" type="linear" dataKey="gbps" name="GB/s" stroke="#e08a1e" dot={<RunDot />} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
