/** The autotuning search: every candidate's quick measurement, the winner marked. Loaded lazily. */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TuneResult } from '../bench/autotune';
import { formatRate } from './format';

const label = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ');

export default function TuneChart({ result }: { result: TuneResult }) {
  const winner = label(result.best.constants);
  const data = result.candidates.map((c, i) => ({ i: i + 1, name: label(c.constants), value: c.correct ? (c.throughput ?? 0) : 0, note: c.error ?? (c.correct === false ? 'incorrect' : '') }));
  return (
    <div data-testid="tune-chart" data-candidates={data.length}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis dataKey="i" fontSize={10} label={{ value: 'candidate', position: 'insideBottom', offset: -4, fontSize: 11 }} />
          <YAxis fontSize={11} tickFormatter={(v: number) => formatRate(v)} label={{ value: result.unit, angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <Tooltip formatter={(v) => [`${formatRate(Number(v))} ${result.unit}`, 'quick measurement']} labelFormatter={(i) => `${data[Number(i) - 1]?.name ?? ''} ${data[Number(i) - 1]?.note ?? ''}`} />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => <Cell key={d.i} fill={d.name === winner ? '#1a7f37' : '#3b7dd8'} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
