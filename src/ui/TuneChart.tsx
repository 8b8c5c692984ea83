/**
 * The autotuning search as two bar charts, so no bar contradicts the verdict:
 * first the finalists, each re-measured in full (the numbers the verdict
 * compares, the winner the longest of them), then every candidate's quick
 * measurement, which only chose the finalists and is noisier. Bars are
 * horizontal and named by their constants, with the tags ("winner",
 * "defaults") in the name itself so they survive a narrow column. A candidate
 * that failed or was wrong says why in place of a bar. Loaded lazily.
 */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TunedCandidate, TuneResult } from '../bench/suites/autotune';
import { bandwidthTick, barLabelPlacement, flopsTick, linearAxis } from './chart-scale';
import { formatBandwidth, formatFlops } from './format';

const label = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ');
const short = (text: string, max = 28): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Pixels per bar row, and (generously) per character of an 11 px category label and a 10 px bar label. */
const ROW_PX = 24;
const CHAR_PX = 7;
const LABEL_CHAR_PX = 6;

interface Row {
  /** The constants, with the tags that apply ("WG=64 · winner"). */
  readonly name: string;
  readonly value: number;
  readonly winner: boolean;
  /** The figure, or why there is no bar. */
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

/** The figure on one line: after the bar where it fits, inside its end where it does not. */
function BarLabel({ x = 0, y = 0, width = 0, height = 0, index = -1, parentViewBox, rows }: BarLabelProps) {
  const row = rows[index];
  if (!row) return null;
  const left = Number(x);
  const bar = Math.max(0, Number(width));
  const room = (parentViewBox?.x ?? 0) + (parentViewBox?.width ?? Number.POSITIVE_INFINITY) - left - bar - 5;
  const inside = barLabelPlacement(row.figure.length * LABEL_CHAR_PX, bar - 10, room) === 'inside';
  return (
    <text
      className={`tune-bar-label${row.winner ? ' winner' : ''}${inside ? ' inside' : ''}`}
      x={inside ? left + bar - 5 : left + bar + 5}
      y={Number(y) + Number(height) / 2}
      textAnchor={inside ? 'end' : 'start'}
      dominantBaseline="central"
    >
      {row.figure}
    </text>
  );
}

function Bars({ rows, unit, what, testId }: { rows: readonly Row[]; unit: TuneResult['unit']; what: string; testId: string }) {
  const format = unit === 'GB/s' ? formatBandwidth : formatFlops;
  // Linear from zero: a bar's length is its throughput.
  const axis = linearAxis(Math.max(0, ...rows.map((d) => d.value)) * 1.15);
  const labelWidth = Math.min(220, 20 + CHAR_PX * Math.max(4, ...rows.map((d) => d.name.length)));
  return (
    <div data-testid={testId} data-rows={rows.length}>
      <ResponsiveContainer width="100%" height={44 + ROW_PX * rows.length}>
        <BarChart data={[...rows]} layout="vertical" margin={{ top: 4, right: 28, bottom: 4, left: 0 }} barCategoryGap={4}>
          <CartesianGrid strokeDasharray="3 3" className="grid" horizontal={false} />
          <XAxis type="number" domain={[...axis.domain]} ticks={[...axis.ticks]} tick={{ width: 200 }} fontSize={10} tickFormatter={unit === 'GB/s' ? bandwidthTick : flopsTick} />
          <YAxis type="category" dataKey="name" width={labelWidth} tick={{ width: 400 }} interval={0} fontSize={11} tickLine={false} />
          <Tooltip formatter={(v) => [format(Number(v)), what]} />
          <Bar dataKey="value" isAnimationActive={false}>
            {rows.map((d) => <Cell key={d.name} fill={d.winner ? '#1a7f37' : '#3b7dd8'} />)}
            <LabelList dataKey="figure" content={<BarLabel rows={rows} />} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
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
  const rowsOf = (list: readonly TunedCandidate[], tagged: boolean): Row[] =>
    list
      .map((c) => {
        const constants = label(c.constants);
        const value = c.correct ? (c.throughput ?? 0) : 0;
        const note = c.error ?? (c.correct === false ? 'incorrect' : value > 0 ? '' : 'not measured');
        const tags = [tagged && constants === winner ? winnerTag : '', constants === defaults ? 'defaults' : ''].filter(Boolean);
        return { name: [constants, ...tags].join(' · '), value, winner: tagged && constants === winner, figure: note ? short(note) : format(value) };
      })
      .sort((a, b) => b.value - a.value);
  // Earlier versions kept no full measurements: then only the quick search can be shown.
  const full = result.confirmed && result.confirmed.length > 0 ? rowsOf(result.confirmed, true) : undefined;
  const quick = rowsOf(result.candidates, full === undefined);
  return (
    <div className="tune-chart" data-testid="tune-chart" data-candidates={result.candidates.length} data-winner={winner}>
      {full && (
        <>
          <h3 className="chart-title">Finalists, measured in full <span className="muted">(what the verdict compares)</span></h3>
          <Bars rows={full} unit={result.unit} what="full measurement" testId="tune-full" />
        </>
      )}
      <h3 className="chart-title">
        The quick search <span className="muted">({result.candidates.length} candidate{result.candidates.length === 1 ? '' : 's'}, brief and noisier: it only picks the finalists)</span>
      </h3>
      <Bars rows={quick} unit={result.unit} what="quick measurement" testId="tune-quick" />
    </div>
  );
}
