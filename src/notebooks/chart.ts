/**
 * What a chart cell draws, as series of points taken from its run's results:
 * pure, so the page draws it (Recharts) and the headless runner counts it.
 * Kernel runs give one line per kernel against the swept parameter (or a bar
 * per kernel); the formats suite a bar per way of reading; the pump a line per
 * upload path against prefetch depth; autotuning a bar per candidate.
 */
import type { RunRecord } from '../bench/run/record';
import { FORMAT_LABELS } from '../bench/suites/formats';
import type { ChartCell, Metric } from './format';
import type { CellResult, ChartData, ChartPoint } from './outcome';
import { paramsText } from './words';

const METRIC_WORDS: Readonly<Record<Metric, { readonly label: string; readonly unit: string }>> = {
  ms: { label: 'median time', unit: 's' },
  gflops: { label: 'throughput', unit: 'FLOP/s' },
  gbps: { label: 'bandwidth', unit: 'B/s' },
  memory: { label: 'device memory allocated', unit: 'B' },
  error: { label: 'error / Σ|terms|', unit: '' },
  tokens: { label: 'tokens/s equivalent', unit: 'tokens/s' },
  'quant-error': { label: 'error against the f32 product', unit: '' },
  bytes: { label: 'file size', unit: 'B' },
  mbps: { label: 'read speed', unit: 'B/s' },
  throughput: { label: 'throughput', unit: '' },
  idle: { label: 'GPU idle', unit: '%' },
};

/** A kernel figure's value (RunFigure), when the kernel reports it and it could be had. */
function figure(r: RunRecord, name: string): number | undefined {
  const v = r.figures?.find((f) => f.name === name)?.value;
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** A record's value for `metric`, in the chart's unit (seconds, FLOP/s, B/s: plain SI). */
function recordValue(r: RunRecord, metric: Metric): number | undefined {
  switch (metric) {
    case 'ms': return r.medianMs / 1000;
    case 'gflops': return r.gflops * 1e9;
    case 'gbps': return r.gbps * 1e9;
    case 'error': return r.scaledError ?? r.relError;
    case 'tokens': return figure(r, 'tokensPerS');
    case 'quant-error': return figure(r, 'quantError');
    default: return undefined;
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

/** The chart `cell` draws from its run's `result`. A result of another kind gives no series. */
export function chartData(cell: ChartCell, result: CellResult): ChartData {
  const words = METRIC_WORDS[cell.y];
  const base = { title: cell.title ?? `${words.label} by ${cell.x}`, xLabel: cell.x, yLabel: words.label, unit: words.unit };
  switch (result.kind) {
    case 'runs': {
      const categorical = cell.x === 'kernel';
      const series = [...groupBy(result.points, (p) => (categorical ? 'runs' : p.kernel))].map(([name, points]) => ({
        name,
        points: points.flatMap((p): ChartPoint[] => {
          const y = cell.y === 'memory' ? p.memoryBytes : p.record ? recordValue(p.record, cell.y) : undefined;
          if (y === undefined) return [];
          const x = categorical ? `${p.kernel}${result.points.length > new Set(result.points.map((q) => q.kernel)).size ? ` ${paramsText(p.params)}` : ''}` : (p.params[cell.x] ?? 0);
          return [{ x, y, ...(p.record ? {} : { refused: true }), ...(p.record && !p.record.correct ? { incorrect: true } : {}) }];
        }),
      }));
      return { ...base, categorical, series };
    }
    case 'formats': {
      const points = result.report.readings.map((r): ChartPoint => {
        const whole = r.columnsRead === r.columnsInFile;
        const x = `${FORMAT_LABELS[r.format]}${whole ? '' : `, ${r.columnsRead} of ${r.columnsInFile} columns`}`;
        const y = cell.y === 'ms' ? r.totalMs.medianMs / 1000 : cell.y === 'bytes' ? r.bytesRead : r.mbPerS * 1e6;
        return { x, y, ...(r.correct ? {} : { incorrect: true }) };
      });
      return { ...base, categorical: true, series: [{ name: 'formats', points }] };
    }
    case 'pump': {
      const unit = cell.y === 'throughput' ? 'rows/s' : base.unit;
      const series = [...groupBy(result.report.runs, (r) => r.upload)].map(([name, runs]) => ({
        name: `upload: ${name}`,
        points: runs.map((r) => ({ x: r.depth, y: cell.y === 'ms' ? r.wallMs / 1000 : cell.y === 'throughput' ? r.rowsPerS : r.gpuIdleShare * 100 })),
      }));
      return { ...base, unit, categorical: false, series };
    }
    case 'tune': {
      const unit = cell.y === 'ms' ? 's' : result.result.unit === 'GB/s' ? 'B/s' : 'FLOP/s';
      const points = result.result.candidates.flatMap((c): ChartPoint[] => {
        const y = cell.y === 'ms' ? (c.medianMs === undefined ? undefined : c.medianMs / 1000) : c.throughput === undefined ? undefined : c.throughput * 1e9;
        return y === undefined ? [] : [{ x: paramsText(c.constants), y, ...(c.correct === false ? { incorrect: true } : {}) }];
      });
      return { ...base, unit, categorical: true, series: [{ name: 'candidates', points }] };
    }
    default:
      return { ...base, categorical: false, series: [] };
  }
}
