/**
 * The data lessons' charts, loaded lazily with Recharts: load + decode time
 * per format (log scale: CSV is tens of times slower than Arrow), GPU idle
 * share per prefetch depth, and the pump's timeline, one row per batch with
 * its decode, upload and compute as bars on the run's clock (SVG: a Gantt
 * chart is rectangles, which Recharts has no shape for), where the overlap
 * that prefetching buys is visible.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FORMAT_LABELS, type FormatsReport } from '../bench/suites/formats';
import type { PumpRun } from '../bench/suites/pump';
import type { PumpReport } from '../bench/suites/pump-suite';
import { formatTime } from './format';

const MARGIN = { top: 10, right: 12, bottom: 18, left: 8 };

export function FormatsChart({ report }: { report: FormatsReport }) {
  const data = report.readings
    .filter((r) => r.columnsRead === r.columnsInFile)
    .map((r) => ({ name: FORMAT_LABELS[r.format], ms: r.totalMs.medianMs }));
  return (
    <figure className="lesson-chart" data-testid="formats-chart">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} layout="vertical" margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" scale="log" domain={[(min: number) => min / 2, (max: number) => max * 1.2]} allowDataOverflow tickFormatter={(v: number) => formatTime(v)} label={{ value: 'load + decode, median (log scale)', position: 'insideBottom', offset: -10 }} />
          <YAxis type="category" dataKey="name" width={150} />
          <Tooltip formatter={(v) => formatTime(Number(v))} />
          <Bar dataKey="ms" name="load + decode" fill="#3b7dd8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">All {report.columns} columns of {report.rows.toLocaleString('en')} rows, median of {report.samples} after {report.warmups} warm-up{report.warmups === 1 ? '' : 's'}.</figcaption>
    </figure>
  );
}

export function PumpIdleChart({ report }: { report: PumpReport }) {
  const depths = [...new Set(report.runs.map((r) => r.depth))];
  const data = depths.map((depth) => ({
    depth: `depth ${depth}`,
    mapped: 100 * (report.runs.find((r) => r.depth === depth && r.upload === 'mapped')?.gpuIdleShare ?? Number.NaN),
    writeBuffer: 100 * (report.runs.find((r) => r.depth === depth && r.upload === 'write-buffer')?.gpuIdleShare ?? Number.NaN),
  }));
  return (
    <figure className="lesson-chart" data-testid="pump-chart">
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="depth" />
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} label={{ value: 'GPU idle', angle: -90, position: 'insideLeft' }} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
          <Legend />
          <Bar dataKey="mapped" name="mapped staging ring" fill="#3b7dd8" isAnimationActive={false} />
          <Bar dataKey="writeBuffer" name="writeBuffer" fill="#e08a1e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

const PHASES = [
  { key: 'decode', from: 'decodeStart', to: 'decodeEnd', color: '#6d4c41' },
  { key: 'upload', from: 'uploadStart', to: 'uploadEnd', color: '#e08a1e' },
  { key: 'compute', from: 'computeStart', to: 'computeEnd', color: '#3b7dd8' },
] as const;

export function PumpTimeline({ run }: { run: PumpRun }) {
  const rows = run.timeline;
  const end = Math.max(...rows.map((b) => b.computeEnd), 1e-9);
  const height = 14;
  const top = 4;
  const h = top + rows.length * height + 22;
  return (
    <figure className="lesson-chart" data-testid="pump-timeline">
      <svg viewBox={`0 0 1000 ${h}`} width="100%" role="img" aria-label={`Timeline of ${rows.length} batches at prefetch depth ${run.depth}: decode, upload and compute per batch`}>
        {rows.map((b, i) =>
          PHASES.map((p) => {
            const x0 = (b[p.from] / end) * 960 + 30;
            const x1 = (b[p.to] / end) * 960 + 30;
            return <rect key={`${i}-${p.key}`} x={x0} y={top + i * height + (p.key === 'compute' ? 0 : p.key === 'upload' ? 4 : 8)} width={Math.max(1, x1 - x0)} height={p.key === 'compute' ? height - 2 : 5} fill={p.color}><title>{`batch ${b.batch}: ${p.key} ${formatTime(b[p.to] - b[p.from])}`}</title></rect>;
          }),
        )}
        <text x={30} y={h - 6} fontSize="12" fill="currentColor">0</text>
        <text x={990} y={h - 6} fontSize="12" textAnchor="end" fill="currentColor">{formatTime(end)}</text>
      </svg>
      <figcaption className="muted">
        One row per batch: <span style={{ color: PHASES[0].color }}>■</span> decode, <span style={{ color: PHASES[1].color }}>■</span> upload, <span style={{ color: PHASES[2].color }}>■</span> compute (on the GPU&apos;s clock where timestamp queries exist: {run.idleFrom}). At depth 0 each batch waits for the one before; with prefetching, decoding the next batch overlaps the GPU&apos;s work.
      </figcaption>
    </figure>
  );
}
