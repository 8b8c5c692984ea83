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
          <XAxis type="number" scale="log" domain={[(min: number) => min / 2, (max: number) => max * 1.2]} allowDataOverflow tickFormatter={(v: number) => formatTime(v)} />
          {/* Wide enough for "Parquet, uncompressed" on one line at 11 px (tick width: never wrapped); a narrower axis clipped the labels at the left. */}
          <YAxis type="category" dataKey="name" width={150} interval={0} fontSize={11} tick={{ width: 1000 }} />
          <Tooltip formatter={(v) => formatTime(Number(v))} />
          <Bar dataKey="ms" name="load + decode" fill="#3b7dd8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">Load + decode, median, on a log scale: all {report.columns} columns of {report.rows.toLocaleString('en')} rows, median of {report.samples} after {report.warmups} warm-up{report.warmups === 1 ? '' : 's'}.</figcaption>
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
          <XAxis dataKey="depth" interval={0} />
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} width={44} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
          <Legend />
          <Bar dataKey="mapped" name="mapped" fill="#3b7dd8" isAnimationActive={false} />
          <Bar dataKey="writeBuffer" name="write-buffer" fill="#e08a1e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">The share of the run the GPU sat idle, per prefetch depth and upload path.</figcaption>
    </figure>
  );
}

const PHASES = [
  { key: 'decode', from: 'decodeStart', to: 'decodeEnd', color: '#6d4c41' },
  { key: 'upload', from: 'uploadStart', to: 'uploadEnd', color: '#e08a1e' },
  { key: 'compute', from: 'computeStart', to: 'computeEnd', color: '#3b7dd8' },
] as const;

/**
 * One row per batch, its three phases as bars positioned in percent of the
 * run (HTML, not a scaled SVG, so labels keep the page's font size at any width).
 */
export function PumpTimeline({ run }: { run: PumpRun }) {
  const rows = run.timeline;
  const end = Math.max(...rows.map((b) => b.computeEnd), 1e-9);
  const at = (ms: number): string => `${((100 * ms) / end).toFixed(3)}%`;
  return (
    <figure className="lesson-chart pump-timeline" data-testid="pump-timeline" aria-label={`Timeline of ${rows.length} batches, ${run.upload} upload, prefetch depth ${run.depth}: decode, upload and compute per batch`}>
      <div className="timeline-rows">
        {rows.map((b) => (
          <div key={b.batch} className="timeline-row">
            <span className="timeline-label">#{b.batch}</span>
            <span className="timeline-track">
              {PHASES.map((p) => (
                <span
                  key={p.key}
                  className={`timeline-bar ${p.key}`}
                  style={{ left: at(b[p.from]), width: `max(2px, ${at(b[p.to] - b[p.from])})`, background: p.color }}
                  title={`batch ${b.batch}: ${p.key} ${formatTime(b[p.to] - b[p.from])}`}
                />
              ))}
            </span>
          </div>
        ))}
      </div>
      <div className="timeline-axis muted"><span>0</span><span>{formatTime(end)}</span></div>
      <figcaption className="muted">
        One row per batch: <span style={{ color: PHASES[0].color }}>■</span> decode, <span style={{ color: PHASES[1].color }}>■</span> upload, <span style={{ color: PHASES[2].color }}>■</span> compute
        (compute from {run.idleFrom === 'timestamp-query' ? 'GPU timestamps' : 'the wall clock'}). At depth 0 each batch waits for the one before; with prefetching,
        decoding the next batch overlaps the GPU&apos;s work. The first batch also pays for starting the decoder.
      </figcaption>
    </figure>
  );
}
