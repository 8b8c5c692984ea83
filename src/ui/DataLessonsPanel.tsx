/**
 * "Data: formats and the pump": the two data lessons' measurements in the
 * page (the runner has them as --suite formats,pump). Formats: why Parquet
 * for storage and Arrow for compute (size, load + decode time, one column of
 * twenty, our loader beside hyparquet). The pump: why the GPU should never
 * wait for the CPU (prefetch depth 0, 1, 2, 4; GPU idle share; a timeline).
 * Results can be exported like the history.
 */
import { lazy, Suspense, useRef, useState } from 'react';
import { FORMAT_LABELS, type FormatsReport } from '../bench/suites/formats';
import { factorWords, formatsMisses, pumpMisses } from '../bench/suites/lesson-misses';
import { formatBytes } from '../gpu/format';
import type { DeviceInfo } from '../gpu/device';
import { SIZE_PRESETS, type SizePreset } from '../kernels/spec';
import { EXPORT_FORMATS, exportEntries, FORMAT_NAMES } from './export';
import { formatTime } from './format';
import type { DataLessons } from './hooks/useDataLessons';
import { useOverflowX } from './hooks/useOverflowX';

const Charts = { formats: lazy(() => import('./DataLessonCharts').then((m) => ({ default: m.FormatsChart }))), idle: lazy(() => import('./DataLessonCharts').then((m) => ({ default: m.PumpIdleChart }))), timeline: lazy(() => import('./DataLessonCharts').then((m) => ({ default: m.PumpTimeline }))) };

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;


export function DataLessonsPanel({ lessons, device, blocked }: { lessons: DataLessons; device: DeviceInfo | undefined; blocked: boolean }) {
  const [open, setOpen] = useState(false);
  const [size, setSize] = useState<SizePreset>('small');
  const [depth, setDepth] = useState(2);
  const [upload, setUpload] = useState<'mapped' | 'write-buffer'>('mapped');
  const { formats, pump, problem, running } = lessons;
  const shown = pump?.report.runs.find((r) => r.depth === depth && r.upload === upload) ?? pump?.report.runs[0];
  return (
    <section className="panel data-lessons" aria-label="Data: formats and the pump" data-testid="data-lessons">
      <h2>
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'} Data: formats and the pump</button>
      </h2>
      {open && (
        <>
          <div className="run-bar">
            <label htmlFor="lesson-size">Size</label>
            <select id="lesson-size" value={size} onChange={(e) => setSize(e.target.value as SizePreset)}>
              {SIZE_PRESETS.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
            <button type="button" onClick={() => lessons.measureFormats(size)} disabled={running || blocked} data-testid="measure-formats">Measure formats</button>
            <button type="button" onClick={() => lessons.measurePump(size)} disabled={running || blocked || !device} data-testid="measure-pump">Run the pump</button>
          </div>
          {running && (
            <div className="progress" role="status" data-testid="lesson-progress">
              <span>{lessons.progress ?? 'Starting…'}</span> <button type="button" onClick={lessons.cancel}>Cancel</button>
            </div>
          )}
          {problem && <p className="field-error" role="alert" data-testid="lesson-problem">{problem.lesson === 'formats' ? 'Formats' : 'The pump'}: {problem.message}</p>}
          {formats && (
            <div data-testid="formats-result">
              <h3>Formats</h3>
              <Suspense fallback={<p className="muted">Loading chart…</p>}><Charts.formats report={formats.report} /></Suspense>
              <FormatsTable report={formats.report} />
              <p className="muted">
                One column of twenty from Parquet, against all twenty: {Object.entries(formats.report.oneColumnSpeedup).map(([codec, x]) => `${codec} ${factorWords(x ?? 0)}`).join(', ')}.
                {' '}Parquet → a GPU-ready f32 column, ours against hyparquet: {formats.column.map((c) => `${c.codec} from ${c.source} ${factorWords(c.ratio)}`).join(', ')}.
              </p>
              <Misses lines={formatsMisses(formats.report, formats.column)} testId="formats-misses" />
              {device && <ExportButtons name="formats" onExport={(f) => void exportEntries('formats', formats.entries, device, f)} />}
            </div>
          )}
          {pump && (
            <div data-testid="pump-result">
              <h3>The pump</h3>
              <p className="muted">{pump.report.batches} batches of {pump.report.batchRows.toLocaleString('en')} rows, K = {pump.report.k} FMAs per value ({pump.report.kFrom}), {pump.report.correct ? 'every batch checked ✓' : `✗ ${pump.report.problem ?? ''}`}.</p>
              <Suspense fallback={<p className="muted">Loading chart…</p>}><Charts.idle report={pump.report} /></Suspense>
              <Misses lines={pumpMisses(pump.report)} testId="pump-misses" />
              <div className="table-scroll"><table className="compare-table">
                <thead><tr><th>upload</th><th>depth</th><th>rows/s</th><th>GPU idle</th></tr></thead>
                <tbody>
                  {pump.report.runs.map((r, i) => (
                    <tr key={i}><td>{r.upload}</td><td>{r.depth}</td><td>{Math.round(r.rowsPerS).toLocaleString('en')}</td><td>{pct(r.gpuIdleShare)}</td></tr>
                  ))}
                </tbody>
              </table></div>
              <div className="run-bar timeline-pick">
                <label htmlFor="pump-upload">Timeline of</label>
                <select id="pump-upload" value={upload} onChange={(e) => setUpload(e.target.value as 'mapped' | 'write-buffer')}>
                  {[...new Set(pump.report.runs.map((r) => r.upload))].map((u) => <option key={u} value={u}>{u}</option>)}
                </select>
                <label htmlFor="pump-depth">at depth</label>
                <select id="pump-depth" value={depth} onChange={(e) => setDepth(Number(e.target.value))}>
                  {[...new Set(pump.report.runs.map((r) => r.depth))].map((d) => <option key={d} value={d}>{d}</option>)}
                </select>
              </div>
              {shown && <Suspense fallback={<p className="muted">Loading chart…</p>}><Charts.timeline run={shown} /></Suspense>}
              {device && <ExportButtons name="pump" onExport={(f) => void exportEntries('pump', pump.entries, device, f)} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The formats table, in a box that scrolls sideways at a narrow width and says so (it mounts with the results, so the box is measured). */
function FormatsTable({ report }: { report: FormatsReport }) {
  const formatsBox = useRef<HTMLDivElement>(null);
  const formatsHidden = useOverflowX(formatsBox);
  return (
    <>
      {formatsHidden && <p className="small muted scroll-hint" data-testid="formats-table-scroll-hint">The table scrolls sideways: MB/s and rows/s are to the right.</p>}
      <div className="table-scroll" ref={formatsBox} tabIndex={0} role="region" aria-label="Formats table"><table className="compare-table">
        <thead><tr><th>format</th><th>columns</th><th>file</th><th>load + decode</th><th>MB/s</th><th>rows/s</th></tr></thead>
        <tbody>
          {report.readings.map((r, i) => (
            <tr key={i}>
              <td>{FORMAT_LABELS[r.format]}</td>
              <td>{r.columnsRead} of {r.columnsInFile}</td>
              <td>{formatBytes(r.fileBytes)}</td>
              <td>{formatTime(r.totalMs.medianMs)}{r.correct ? '' : ' ✗'}</td>
              <td>{r.mbPerS.toPrecision(3)}</td>
              <td>{Math.round(r.rowsPerS).toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </>
  );
}

/** Results that miss what the lesson is meant to show, said beside them with the likely reason. */
function Misses({ lines, testId }: { lines: readonly string[]; testId: string }) {
  if (lines.length === 0) return null;
  return (
    <div className="lesson-misses" role="note" aria-label="Results that miss the lesson" data-testid={testId}>
      {lines.map((l) => <p key={l}>⚠ {l}</p>)}
    </div>
  );
}

function ExportButtons({ name, onExport }: { name: string; onExport: (f: (typeof EXPORT_FORMATS)[number]) => void }) {
  return (
    <p className="run-bar" aria-label={`Export the ${name} results`}>
      {EXPORT_FORMATS.map((f) => <button key={f} type="button" onClick={() => onExport(f)}>Export {FORMAT_NAMES[f]}</button>)}
    </p>
  );
}
