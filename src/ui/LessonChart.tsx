/**
 * A lesson's chart cell drawn (notebooks/chart.ts gives the series): bars
 * for categories (kernels, formats, tuning candidates), lines for a swept
 * number (on a log₂ axis when it doubles), the value axis chosen from the
 * data (chart-scale.ts: logarithmic when the values span more than a decade).
 * Incorrect bars are red; the caption for screen readers lists every point
 * and says which were refused or incorrect. Loaded lazily.
 */
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartData } from '../notebooks/outcome';
import { tickLabel, valueAxis } from './chart-scale';
import { formatSI } from './format';

const COLORS = ['#3b7dd8', '#e08a1e', '#1a7f37', '#9c27b0', '#00838f', '#6d4c41'];
const MARGIN = { top: 14, right: 12, bottom: 18, left: 4 };
const BAD = '#c62828';

const valueText = (v: number, unit: string): string => (unit === '' ? v.toExponential(2) : unit === '%' ? `${v.toFixed(0)}%` : formatSI(v, unit));
const tick = (v: number, unit: string): string => (unit === '' ? v.toExponential(0) : unit === '%' ? `${v}%` : tickLabel(v, unit));

export default function LessonChart({ chart }: { chart: ChartData }) {
  const values = chart.series.flatMap((s) => s.points.map((p) => p.y)).filter((v) => v > 0);
  const axis = valueAxis(values.length > 0 ? values : [1]);
  const yAxis = <YAxis type="number" scale={axis.scale} domain={[...axis.domain]} ticks={[...axis.ticks]} allowDataOverflow interval={0} width={76} fontSize={11} tickFormatter={(v: number) => tick(v, chart.unit)} />;
  const caption = `${chart.title}: ${chart.series.map((s) => `${s.name}: ${s.points.map((p) => `${p.x} → ${valueText(p.y, chart.unit)}${p.refused ? ' (refused)' : p.incorrect ? ' (incorrect)' : ''}`).join(', ')}`).join('; ')}`;
  if (chart.categorical) {
    const points = chart.series[0]?.points ?? [];
    const data = points.map((p) => ({ x: String(p.x), y: p.y > 0 ? p.y : undefined, bad: p.incorrect === true }));
    return (
      <figure className="lesson-chart" data-testid="lesson-chart" data-points={points.length} data-scale={axis.scale}>
        <figcaption>{chart.title}</figcaption>
        <ResponsiveContainer width="100%" height={Math.max(180, 34 * data.length + 40)}>
          <BarChart data={data} layout="vertical" margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" className="grid" />
            <XAxis type="number" scale={axis.scale} domain={[...axis.domain]} ticks={[...axis.ticks]} allowDataOverflow fontSize={11} tickFormatter={(v: number) => tick(v, chart.unit)} />
            <YAxis type="category" dataKey="x" width={150} fontSize={11} interval={0} />
            <Tooltip formatter={(v) => valueText(Number(v), chart.unit)} />
            <Bar dataKey="y" name={chart.yLabel} isAnimationActive={false}>
              {data.map((d) => <Cell key={d.x} fill={d.bad ? BAD : '#3b7dd8'} />)}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
        <p className="visually-hidden">{caption}</p>
      </figure>
    );
  }
  const xs = [...new Set(chart.series.flatMap((s) => s.points.map((p) => Number(p.x))))].sort((a, b) => a - b);
  const logX = xs.length > 2 && xs[0]! > 0 && xs.at(-1)! / xs[0]! >= 8;
  const key = (x: number): number => (logX ? Math.log2(x) : x);
  const data = xs.map((x) => ({ x: key(x), ...Object.fromEntries(chart.series.flatMap((s) => s.points.filter((p) => Number(p.x) === x).map((p) => [s.name, p.y]))) }));
  return (
    <figure className="lesson-chart" data-testid="lesson-chart" data-points={chart.series.reduce((n, s) => n + s.points.length, 0)} data-scale={axis.scale}>
      <figcaption>{chart.title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" className="grid" />
          <XAxis type="number" dataKey="x" domain={['dataMin', 'dataMax']} ticks={xs.map(key)} fontSize={11} tickFormatter={(v: number) => String(logX ? Math.round(2 ** v) : v)} label={{ value: chart.xLabel, position: 'insideBottom', offset: -10, fontSize: 11 }} />
          {yAxis}
          <Tooltip formatter={(v) => valueText(Number(v), chart.unit)} labelFormatter={(v) => `${chart.xLabel} = ${logX ? Math.round(2 ** Number(v)) : v}`} />
          <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 11, paddingTop: 14 }} />
          {chart.series.map((s, i) => (
            <Line key={s.name} type="linear" dataKey={s.name} name={s.name} stroke={COLORS[i % COLORS.length] ?? '#888'} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <p className="visually-hidden">{caption}</p>
    </figure>
  );
}
