/**
 * What a lesson cell's run gave, under the cell: its status in words, then
 * the figures as a table (runs, the formats and pump suites, a tuning, a
 * data sample) or a chart. Tables scroll in their own box on a phone.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { FORMAT_LABELS } from '../bench/suites/formats';
import { formatBytes } from '../gpu/format';
import type { PageOutcome } from '../notebooks/page-status';
import type { CellResult } from '../notebooks/runtime';
import { formatBandwidth, formatError, formatFlops, formatSI, formatTime } from './format';

const LessonChart = lazy(() => import('./LessonChart'));

const MARK = { ok: '✓', failed: '✗', error: '⚠', waiting: '→' } as const;
const params = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

function Table({ caption, head, rows }: { caption: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="lesson-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

function Figures({ result }: { result: CellResult }) {
  switch (result.kind) {
    case 'kernel': {
      const r = result.record;
      return <Table caption="The run" head={['sizes', 'check', 'error / Σ|terms|', 'median', 'GFLOP/s', 'GB/s']} rows={[[params(r.params), r.correct ? 'correct' : 'incorrect', formatError(r.scaledError ?? r.relError), formatTime(r.medianMs), r.flops > 0 ? formatFlops(r.gflops) : '—', formatBandwidth(r.gbps)]]} />;
    }
    case 'runs':
      return (
        <Table
          caption="The runs"
          head={['kernel', 'sizes', 'check', 'median', 'GFLOP/s', 'GB/s', 'memory']}
          rows={result.points.map((p) => {
            const r = p.record;
            const memory = p.memoryBytes === undefined ? '—' : formatBytes(p.memoryBytes);
            if (!r) return [p.kernel, params(p.params), <span key="e" className={p.error?.kind === 'limit' || p.error?.kind === 'unsupported' ? 'warn' : 'bad'}>{p.error?.kind === 'limit' ? 'refused: ' : ''}{p.error?.message}</span>, '—', '—', '—', memory];
            return [p.kernel, params(p.params), r.correct ? 'correct' : <span key="c" className="bad">incorrect ({formatError(r.scaledError ?? r.relError)})</span>, formatTime(r.medianMs), r.flops > 0 ? formatFlops(r.gflops) : '—', formatBandwidth(r.gbps), memory];
          })}
        />
      );
    case 'formats':
      return (
        <Table
          caption="Reading the same table in each format"
          head={['format', 'columns read', 'file size', 'bytes read', 'load + decode', 'MB/s']}
          rows={result.report.readings.map((r) => [FORMAT_LABELS[r.format], `${r.columnsRead} of ${r.columnsInFile}`, formatBytes(r.fileBytes), formatBytes(r.bytesRead), formatTime(r.totalMs.medianMs), formatSI(r.mbPerS * 1e6, 'B/s')])}
        />
      );
    case 'pump':
      return (
        <Table
          caption="The pump at each prefetch depth"
          head={['upload', 'depth', 'wall time', 'rows/s', 'GPU idle']}
          rows={result.report.runs.map((r) => [r.upload, r.depth, formatTime(r.wallMs), formatSI(r.rowsPerS, 'rows/s'), `${(r.gpuIdleShare * 100).toFixed(0)}%`])}
        />
      );
    case 'tune':
      return (
        <Table
          caption="Autotuning: every candidate"
          head={['constants', 'median', 'throughput', 'check']}
          rows={result.result.candidates.map((c) => [params(c.constants), c.medianMs === undefined ? '—' : formatTime(c.medianMs), c.throughput === undefined ? (c.error ?? '—') : formatSI(c.throughput * 1e9, result.result.unit.slice(1)), c.correct === false ? 'incorrect' : c.error ? 'failed' : 'correct'])}
        />
      );
    case 'data': {
      const d = result.data;
      return (
        <>
          <p className="small">
            {d.info.format} · {d.info.rows.toLocaleString('en')} rows · {formatBytes(d.info.bytes)} · columns: {d.info.columns.map((c) => `${c.name} (${c.type}${c.nulls > 0 ? `, ${c.nulls} nulls` : ''})`).join(', ')}
          </p>
          <Table caption={`The first rows of ${d.info.file}`} head={d.preview.columns} rows={d.preview.rows} />
        </>
      );
    }
    case 'chart':
      return (
        <Suspense fallback={<p className="muted">Loading chart…</p>}>
          <LessonChart chart={result.chart} />
        </Suspense>
      );
    case 'check':
      return null;
  }
}

export function LessonOutcome({ outcome }: { outcome: PageOutcome }) {
  return (
    <div className="cell-outcome" data-testid="cell-outcome">
      <p className={`cell-status ${outcome.status}`} data-status={outcome.status} data-testid="cell-status">
        <span aria-hidden="true">{MARK[outcome.status]} </span>
        {outcome.status === 'error' ? 'Could not run: ' : ''}
        {outcome.summary}
      </p>
      {outcome.result && <Figures result={outcome.result} />}
    </div>
  );
}
