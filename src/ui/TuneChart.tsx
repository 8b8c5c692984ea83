/**
 * The autotuning search: every candidate's quick measurement as a horizontal
 * bar named by its constants, fastest first, so the ranking reads top-down in
 * a narrow column and every bar says what it was. The winner (re-measured in
 * full, so not always the longest quick bar) is green and says so, or says it
 * tied with the defaults; the defaults are named; a candidate that failed or
 * was wrong says why in place of a bar. Loaded lazily.
 */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TuneResult } from '../bench/autotune';
import { bandwidthTick, barLabelPlacement, flopsTick, linearAxis } from './chart-scale';
import { formatBandwidth, formatFlops } from './format';

const label = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ');
const short = (text: string, max = 28): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Pixels per bar row, and (generously) per character of an 11 px category label and a 10 px bar label. */
const ROW_PX = 24;
const CHAR_PX = 7;
const LABEL_CHAR_PX = 6;

interface Row {
  readonly name: string;
  readonly value: number;
  readonly winner: boolean;
  /** The figure and its tags ("45.9 MFLOP/s · winner, defaults"), or why there is no bar. */
  readonly text: string;
  /** The figure alone, for a bar with no room for the tags. */
  readonly figure: string;
}

interface BarLabelProps {
  // Filled in by LabelList for each bar; parentViewBox is the plot area.
  readonly x?: number | string;
  readonly y?: number | string;
  readonly width?: number | string;
  readonly height?: number | string;
  readonly index?: number;
  readonly parentViewBox?: { readonly x?: number; readonly width?: number };
  readonly rows: readonly Row[];
}

/**
 * The figure and tags on one line (Recharts' own labels wrap, which a narrow
 * column forces): after the bar where they fit, inside its end where they do
 * not, and the figure alone when neither has room.
 */
function BarLabel({ x = 0, y = 0, width = 0, height = 0, index = -1, parentViewBox, rows }: BarLabelProps) {
  const row = rows[index];
  if (!row) return null;
  const left = Number(x);
  const bar = Math.max(0, Number(width));
  const room = (parentViewBox?.x ?? 0) + (parentViewBox?.width ?? Number.POSITIVE_INFINITY) - left - bar - 5;
  const placement = barLabelPlacement(row.text.length * LABEL_CHAR_PX, bar - 10, room);
  const inside = placement === 'inside';
  return (
    <text
      className={`tune-bar-label${row.winner ? ' winner' : ''}${inside ? ' inside' : ''}`}
      x={inside ? left + bar - 5 : left + bar + 5}
      y={Number(y) + Number(height) / 2}
      textAnchor={inside ? 'end' : 'start'}
      dominantBaseline="central"
    >
      {placement === 'figure' ? row.figure : row.text}
    </text>
  );
}

export default function TuneChart({ result }: { result: TuneResult }) {
  const winner = label(result.best.constants);
  // Results saved before the defaults were re-measured have no `defaults`: the search tries them first.
  const defaultsOf = result.defaults ?? result.candidates[0];
  const defaults = defaultsOf ? label(defaultsOf.constants) : undefined;
  // A tie with the defaults: the panel says to keep them, so the fastest is not called the winner here either.
  const winnerTag = result.verdict === 'tie' && winner !== defaults ? 'fastest, a tie' : 'winner';
  const format = result.unit === 'GB/s' ? formatBandwidth : formatFlops;
  const data: Row[] = result.candidates
    .map((c) => {
      const name = label(c.constants);
      const value = c.correct ? (c.throughput ?? 0) : 0;
      const note = c.error ?? (c.correct === false ? 'incorrect' : value > 0 ? '' : 'not measured');
      const tags = [name === winner ? winnerTag : '', name === defaults ? 'defaults' : ''].filter(Boolean).join(', ');
      const figure = note ? short(note) : format(value);
      return { name, value, winner: name === winner, figure, text: tags && !note ? `${figure} · ${tags}` : figure };
    })
    .sort((a, b) => b.value - a.value);
  // Linear from zero: a bar's length is its throughput.
  const axis = linearAxis(Math.max(0, ...data.map((d) => d.value)) * 1.15);
  const labelWidth = Math.min(200, 20 + CHAR_PX * Math.max(4, ...data.map((d) => d.name.length)));
  return (
    <div data-testid="tune-chart" data-candidates={data.length} data-winner={winner}>
      <ResponsiveContainer width="100%" height={44 + ROW_PX * data.length}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 28, bottom: 4, left: 0 }} barCategoryGap={4}>
          <CartesianGrid strokeDasharray="3 3" className="grid" horizontal={false} />
          <XAxis type="number" domain={[...axis.domain]} ticks={[...axis.ticks]} tick={{ width: 200 }} fontSize={10} tickFormatter={result.unit === 'GB/s' ? bandwidthTick : flopsTick} />
          <YAxis type="category" dataKey="name" width={labelWidth} tick={{ width: 400 }} interval={0} fontSize={11} tickLine={false} />
          <Tooltip formatter={(v) => [format(Number(v)), 'quick measurement']} />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => <Cell key={d.name} fill={d.winner ? '#1a7f37' : '#3b7dd8'} />)}
            <LabelList dataKey="text" content={<BarLabel rows={data} />} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
