/**
 * The serving simulation's charts, loaded lazily with Recharts: KV memory
 * over time as a stacked area per policy (holding tokens, internal
 * fragmentation, reserved but unused, free: shares of the budget, so the two
 * policies read on one scale), and concurrent sequences over time, one line
 * per policy. Each series is named in the legend and the tooltip, and the
 * areas are stacked in the legend's order, so colour is never the only cue.
 */
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PolicySummary } from '../kv/simulate';

const MARGIN = { top: 10, right: 12, bottom: 18, left: 8 };

/** The memory split, bottom to top, with its colour and words. */
export const MEMORY_PARTS = [
  { key: 'holding', name: 'holding tokens', color: '#2e7d32' },
  { key: 'internalFragmentation', name: 'internal fragmentation', color: '#e08a1e' },
  { key: 'reservedUnused', name: 'reserved, unused', color: '#c62828' },
  { key: 'free', name: 'free', color: '#b0bec5' },
] as const;

export const POLICY_COLORS = { reserved: '#c62828', paged: '#3b7dd8' } as const;

const seconds = (v: number): string => `${Number(v.toPrecision(3))} s`;

export function MemoryChart({ summary }: { summary: PolicySummary }) {
  const data = summary.series.map((p) => ({
    t: p.t,
    ...Object.fromEntries(MEMORY_PARTS.map((m) => [m.key, (100 * p[m.key]) / summary.budgetTokens])),
  }));
  return (
    <figure className="lesson-chart" data-testid={`serving-memory-${summary.policy}`}>
      <ResponsiveContainer width="100%" height={200}>
        <AreaChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={seconds} />
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} width={56} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(t) => `at ${seconds(Number(t))}`} />
          <Legend />
          {MEMORY_PARTS.map((m) => (
            <Area key={m.key} dataKey={m.key} name={m.name} stackId="kv" type="stepAfter" stroke={m.color} fill={m.color} fillOpacity={0.75} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
      <figcaption className="muted">{summary.policy}: KV memory over simulated time, as shares of the budget; {(100 * summary.kvUtilization).toFixed(1)}% holds tokens while requests wait.</figcaption>
    </figure>
  );
}

export function ConcurrencyChart({ summaries }: { summaries: readonly PolicySummary[] }) {
  return (
    <figure className="lesson-chart" data-testid="serving-concurrency">
      <ResponsiveContainer width="100%" height={200}>
        <LineChart margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={[0, 'dataMax']} tickFormatter={seconds} allowDuplicatedCategory={false} />
          <YAxis width={48} allowDecimals={false} />
          <Tooltip formatter={(v) => Number(v).toFixed(1)} labelFormatter={(t) => `at ${seconds(Number(t))}`} />
          <Legend />
          {summaries.map((s) => (
            <Line key={s.policy} data={[...s.series]} dataKey="concurrent" name={`${s.policy} sequences`} type="stepAfter" dot={false} stroke={POLICY_COLORS[s.policy]} strokeDasharray={s.policy === 'reserved' ? '6 3' : '0'} strokeWidth={2} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted">Sequences running at once over simulated time (time-averaged per point); reserved dashed, paged solid.</figcaption>
    </figure>
  );
}
