/**
 * The serving simulation's charts, loaded lazily with Recharts: KV memory
 * over time as a stacked area per policy (holding tokens, internal
 * fragmentation, reserved but unused, free: shares of the budget, so the two
 * policies read on one scale), and concurrent sequences over time, one line
 * per policy. Colour is never the only cue: the memory areas differ by
 * pattern too (solid, hatched, cross-hatched, dotted: patternFor), stacked in
 * the legend's order, and the legend says each part's time-averaged share in
 * words; the concurrency lines are named and differ by dash.
 */
import { useId } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PolicySummary } from '../kv/simulate';

const MARGIN = { top: 10, right: 12, bottom: 18, left: 8 };

/** The memory split, bottom to top, with its colour, pattern and words. */
export const MEMORY_PARTS = [
  { key: 'holding', name: 'holding tokens', color: '#2e7d32', pattern: 'solid' },
  { key: 'internalFragmentation', name: 'internal fragmentation', color: '#e08a1e', pattern: 'hatched' },
  { key: 'reservedUnused', name: 'reserved, unused', color: '#c62828', pattern: 'cross-hatched' },
  { key: 'free', name: 'free', color: '#b0bec5', pattern: 'dotted' },
] as const;
type MemoryPart = (typeof MEMORY_PARTS)[number];

/** Whole percents on the memory axis: the stacked shares may add up to 100.00000000000006. */
export const PERCENT_TICKS = [0, 25, 50, 75, 100];
export const percentTick = (v: number): string => `${Math.round(v)}%`;

/** An SVG pattern filling a part's area: its colour under lines or dots of the page's text colour, so that the parts differ without colour. */
function PartPattern({ id, part }: { id: string; part: MemoryPart }) {
  return (
    <pattern id={id} width={8} height={8} patternUnits="userSpaceOnUse">
      <rect width={8} height={8} fill={part.color} fillOpacity={0.75} />
      {part.pattern === 'hatched' && <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="currentColor" strokeOpacity={0.6} strokeWidth={1.2} />}
      {part.pattern === 'cross-hatched' && <path d="M0,0 l8,8 M8,0 l-8,8" stroke="currentColor" strokeOpacity={0.6} strokeWidth={1.2} />}
      {part.pattern === 'dotted' && <circle cx={4} cy={4} r={1.3} fill="currentColor" fillOpacity={0.6} />}
    </pattern>
  );
}

/** Each part's share of the budget, time-averaged over the series (each point holds until the next; the last for the mean step). */
export function meanShares(summary: Pick<PolicySummary, 'series' | 'budgetTokens'>): Record<MemoryPart['key'], number> {
  const out = { holding: 0, internalFragmentation: 0, reservedUnused: 0, free: 0 };
  const pts = summary.series;
  if (pts.length === 0 || summary.budgetTokens <= 0) return out;
  const last = pts.length > 1 ? (pts[pts.length - 1]!.t - pts[0]!.t) / (pts.length - 1) : 1;
  let total = 0;
  pts.forEach((p, i) => {
    const dt = i + 1 < pts.length ? pts[i + 1]!.t - p.t : last;
    total += dt;
    for (const m of MEMORY_PARTS) out[m.key] += dt * p[m.key];
  });
  for (const m of MEMORY_PARTS) out[m.key] = total > 0 ? out[m.key] / total / summary.budgetTokens : 0;
  return out;
}

export const POLICY_COLORS = { reserved: '#c62828', paged: '#3b7dd8' } as const;

const seconds = (v: number): string => `${Number(v.toPrecision(3))} s`;

export function MemoryChart({ summary }: { summary: PolicySummary }) {
  const base = useId().replace(/:/g, '');
  const patternId = (m: MemoryPart) => `${base}-${m.key}`;
  const data = summary.series.map((p) => ({
    t: p.t,
    ...Object.fromEntries(MEMORY_PARTS.map((m) => [m.key, (100 * p[m.key]) / summary.budgetTokens])),
  }));
  const shares = meanShares(summary);
  return (
    <figure className="lesson-chart" data-testid={`serving-memory-${summary.policy}`}>
      <ResponsiveContainer width="100%" height={200}>
        <AreaChart data={data} margin={MARGIN}>
          <defs>
            {MEMORY_PARTS.map((m) => <PartPattern key={m.key} id={patternId(m)} part={m} />)}
          </defs>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={seconds} />
          <YAxis domain={[0, 100]} allowDataOverflow ticks={PERCENT_TICKS} tickFormatter={percentTick} width={48} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(t) => `at ${seconds(Number(t))}`} />
          {MEMORY_PARTS.map((m) => (
            <Area key={m.key} dataKey={m.key} name={m.name} stackId="kv" type="stepAfter" stroke={m.color} fill={`url(#${patternId(m)})`} fillOpacity={1} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
      <ul className="chart-legend serving-legend" aria-label={`${summary.policy}: the parts of KV memory, bottom to top, time-averaged over the run`}>
        {MEMORY_PARTS.map((m) => (
          <li key={m.key}>
            <svg width="16" height="12" aria-hidden="true"><rect width="16" height="12" fill={`url(#${patternId(m)})`} stroke={m.color} /></svg>
            {m.name} ({m.pattern}): {(100 * shares[m.key]).toFixed(1)}%
          </li>
        ))}
      </ul>
      <figcaption className="muted">{summary.policy}: KV memory over simulated time, as shares of the budget; {(100 * summary.kvUtilization).toFixed(1)}% holds tokens {summary.memoryBoundS > 0 ? 'while requests wait' : 'over the whole run (no request waited)'}.</figcaption>
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
