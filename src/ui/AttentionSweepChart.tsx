/**
 * The attention sweep: median time and allocated memory against the sequence
 * length N = L, one line per variant, both axes logarithmic (memory grows as
 * N² for unfused, as N for fused and flash; time as N² for all). A point the
 * device refused (unfused's score matrix past a buffer limit) has no time; on
 * the memory chart it is drawn hollow at what it would have needed, and the
 * caption names it with the device's message. A table gives every figure,
 * GB/s and GFLOP/s from the cost model included. Part of SweepChart's lazy chunk.
 */
import { useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { attentionSweep, type AttentionSweep } from '../bench/suites/attention-sweep';
import type { RunRecord } from '../bench/run/record';
import { formatBytes } from '../gpu/format';
import { binaryLogAxis, decadeDomain, logTicks } from './chart-scale';
import { formatBandwidth, formatFlops, formatTime } from './format';
import type { SweepResult } from './hooks/useDeviceSuites';
import { useOverflowX } from './hooks/useOverflowX';

// No red: red marks errors elsewhere in the page.
const COLORS = ['#e08a1e', '#3b7dd8', '#1a7f37'];
const MARGIN = { top: 14, right: 12, bottom: 18, left: 4 };
const short = (kernel: string): string => kernel.replace('attention/', '');

type Sweep = AttentionSweep<RunRecord>;

/** One log-log chart of a figure per variant; `refusedKey` adds each variant's refused points, hollow. */
function LogChart({ sweep, title, testid, value, refused, tick, format, bytes }: {
  sweep: Sweep;
  title: string;
  testid: string;
  value: (c: NonNullable<ReturnType<Sweep['series'][number]['at']['get']>>) => number | undefined;
  refused?: boolean;
  tick: (v: number) => string;
  format: (v: number) => string;
  /** A byte axis: powers of two, labelled in binary units as the table writes them. */
  bytes?: boolean;
}) {
  const data = sweep.lengths.map((n) => ({
    lx: Math.log2(n),
    ...Object.fromEntries(sweep.series.flatMap(({ kernel, at }) => {
      const c = at.get(n);
      const v = c ? value(c) : undefined;
      if (v === undefined || !(v > 0)) return [];
      return [[c!.result ? kernel : `${kernel} refused`, v]];
    })),
  }));
  const values = data.flatMap((d) => Object.entries(d).filter(([k]) => k !== 'lx').map(([, v]) => v));
  const axis: { domain: [number, number]; ticks: number[] } = values.length === 0 ? { domain: [1, 10], ticks: [1, 10] }
    : bytes ? binaryLogAxis(Math.min(...values), Math.max(...values))
    : (([a, b]) => ({ domain: [a, b], ticks: logTicks(a, b) }))(decadeDomain(Math.min(...values), Math.max(...values)));
  const [lo, hi] = axis.domain;
  const withRefused = refused ? sweep.series.filter(({ at }) => [...at.values()].some((c) => c.refused !== undefined && c.memory !== undefined)) : [];
  return (
    <figure className="attention-chart" data-testid={testid} aria-label={title}>
      <figcaption className="small">{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="lx" domain={['dataMin', 'dataMax']} ticks={sweep.lengths.map((n) => Math.log2(n))} fontSize={11} tickFormatter={(v: number) => String(2 ** v)} label={{ value: 'N = L', position: 'insideBottom', offset: -10, fontSize: 11 }} />
          <YAxis type="number" scale="log" domain={[lo, hi]} ticks={axis.ticks} interval={0} width={68} tick={{ width: 200 }} fontSize={11} tickFormatter={tick} />
          <Tooltip formatter={(v, name) => [format(Number(v)), String(name)]} labelFormatter={(v) => `N = L = ${2 ** Number(v)}`} />
          <Legend verticalAlign="bottom" itemSorter={null} wrapperStyle={{ fontSize: 11, paddingTop: 14 }} />
          {sweep.series.map(({ kernel }, i) => (
            <Line key={kernel} type="linear" dataKey={kernel} name={short(kernel)} stroke={COLORS[i % COLORS.length] ?? '#888'} isAnimationActive={false} />
          ))}
          {withRefused.map(({ kernel }) => (
            <Line key={`${kernel} refused`} type="linear" dataKey={`${kernel} refused`} name={`${short(kernel)}, refused (needed)`} stroke={COLORS[sweep.series.findIndex((s) => s.kernel === kernel) % COLORS.length] ?? '#888'}
              strokeDasharray="4 3" dot={{ r: 5, fill: 'var(--bg, #fff)', strokeWidth: 2 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export default function AttentionSweepChart({ sweep: result }: { sweep: SweepResult }) {
  // Attention points always carry their kernel; the type allows points saved before kernels were kept.
  const sweep = attentionSweep(result.points.map((p) => ({ ...p, kernel: p.kernel ?? p.label.split(' ')[0] ?? p.label, ...(p.record ? { result: p.record } : {}) })));
  const software = result.points.some((p) => p.record?.device.isFallbackAdapter);
  const ran = result.points.filter((p) => p.record).length;
  const tableBox = useRef<HTMLDivElement>(null);
  const tableHidden = useOverflowX(tableBox);
  return (
    <div className="sweep-chart" data-testid="sweep-attention" data-points={ran} data-refused={sweep.refused.length}>
      <div className="attention-charts">
        <LogChart sweep={sweep} title="Median time vs sequence length" testid="attention-time" value={(c) => (c.result?.correct ? c.result.medianMs : undefined)} tick={formatTime} format={formatTime} />
        <LogChart sweep={sweep} title="Memory allocated vs sequence length" testid="attention-memory" value={(c) => c.memory} refused bytes tick={formatBytes} format={formatBytes} />
      </div>
      <p className="muted small">Fused and flash allocate the same buffers (Q, K, V and O), so their memory lines lie on each other; unfused adds its N·L score matrix.</p>
      {sweep.refused.length > 0 ? (
        <p className="small chart-caption" data-testid="attention-refused">
          Refused before allocating (hollow points, at the memory they would have needed):{' '}
          {sweep.refused.map((r) => `${r.kernel} at N = L = ${r.x}: ${r.message}`).join(' ')}
        </p>
      ) : (
        <p className="muted small">Every variant ran at every length: unfused&apos;s S (4·N·L bytes per head) stayed within this device&apos;s maxStorageBufferBindingSize. Where a device allows less than S needs (1 GiB at N = L = 16384; 256 MiB at 8192), unfused is refused there and flash goes on.</p>
      )}
      {tableHidden && <p className="small muted scroll-hint" data-testid="attention-table-scroll-hint">The table scrolls sideways: memory, GB/s and GFLOP/s are to the right.</p>}
      <div className="table-scroll" ref={tableBox} tabIndex={0} role="region" aria-label="Attention sweep table">
        <table className="ladder-table">
          <caption className="small">d = 64, one head, B = 1; GB/s and GFLOP/s from the cost model (the minimum traffic and the work), over the median time.</caption>
          <thead><tr><th>N = L</th><th>variant</th><th>check</th><th>median</th><th>memory</th><th>GB/s</th><th>GFLOP/s</th></tr></thead>
          <tbody>
            {sweep.lengths.flatMap((n) => sweep.series.map(({ kernel, at }) => {
              const c = at.get(n);
              if (!c) return null;
              const r = c.result;
              return (
                <tr key={`${kernel}-${n}`}>
                  <td>{n}</td>
                  <td><code>{short(kernel)}</code></td>
                  <td>{r ? (r.correct ? '✓' : 'incorrect') : 'refused'}</td>
                  <td>{r ? formatTime(r.medianMs) : '—'}</td>
                  <td>{c.memory === undefined ? '—' : formatBytes(c.memory)}</td>
                  <td>{r ? formatBandwidth(r.gbps) : '—'}</td>
                  <td>{r ? formatFlops(r.gflops) : '—'}</td>
                </tr>
              );
            }))}
          </tbody>
        </table>
      </div>
      {software && (
        <p className="small warn">
          This is a software adapter: it has no real memory hierarchy (workgroup memory is the same CPU memory as the rest) and workgroup barriers are emulated,
          so flash&apos;s tiles save no traffic here and can lose to unfused. The memory figures hold on any device: they are what each plan allocates.
        </p>
      )}
      <p className="muted small">{result.size} sizes, measured {new Date(result.at).toLocaleString()}.</p>
    </div>
  );
}
