/**
 * One cell of a lesson: a kernel or an exercise in Monaco (as the workbench
 * edits kernels: WgslEditor, loaded lazily, one model per cell), what a run,
 * chart or data cell will do in words, the training-memory calculator for a
 * calculator cell, its button (Run, Check, Draw, Load, Compute),
 * and its outcome. An exercise has "Show solution", which shows the
 * reference solution and can put it in the editor (one undoable edit).
 */
import { lazy, Suspense, useState } from 'react';
import type { Cell, EditableCell, RunCell } from '../notebooks/format';
import type { LessonState } from './hooks/useLesson';
import { LessonOutcome } from './LessonOutcome';

const WgslEditor = lazy(() => import('./WgslEditor'));
// Recharts with it: loaded when a lesson has a calculator cell, as the run column loads it.
const MemoryCalculator = lazy(() => import('./MemoryCalculator').then((m) => ({ default: m.MemoryCalculator })));

const params = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ');
const NOTHING: readonly never[] = [];

/** Lines the editor shows before it scrolls: the whole kernel up to a screenful. */
const editorHeight = (text: string): string => `${Math.min(30, Math.max(8, text.split('\n').length + 1)) * 19 + 10}px`;

function CodeCell({ cell, state, dark }: { cell: EditableCell; state: LessonState; dark: boolean }) {
  const value = state.edits[cell.id] ?? cell.source;
  const outcome = state.outcomes[cell.id];
  const [height] = useState(() => editorHeight(value));
  return (
    <div className="lesson-editor" style={{ height }} aria-label={`${cell.id}: WGSL`}>
      <Suspense fallback={<pre className="editor-fallback">{value}</pre>}>
        <WgslEditor
          modelKey={`lesson/${state.lesson?.id ?? ''}/${cell.id}`}
          value={value}
          revision={state.revision}
          onChange={(text) => state.setSource(cell.id, text)}
          messages={outcome?.messages ?? NOTHING}
          onRun={() => state.runCell(cell)}
          dark={dark}
          tabMovesFocus
        />
      </Suspense>
    </div>
  );
}

function RunDescription({ cell }: { cell: RunCell }) {
  const w = cell.what;
  if (w.kind === 'suite') return <p className="cell-what">The {w.suite} suite{w.rows === undefined ? ' at the size preset\'s rows' : ` at ${w.rows.toLocaleString('en')} rows`}.</p>;
  if (w.kind === 'tune') return <p className="cell-what">Autotune <code>{w.kernel}</code>{Object.keys(w.params).length > 0 && <> at {params(w.params)}</>}: every allowed combination of its constants that fits this device.</p>;
  return (
    <p className="cell-what">
      Runs {w.kernels.map((k, i) => <span key={k}>{i > 0 && ', '}<code>{k}</code></span>)}
      {Object.keys(w.params).length > 0 && <> at {params(w.params)}</>}
      {Object.keys(w.constants).length > 0 && <> with {params(w.constants)}</>}
      {w.sweep && <> for {w.sweep.names.join(' = ')} = {w.sweep.values.join(', ')}</>}; each checked against its reference, then timed.
    </p>
  );
}

function Solution({ cell, state }: { cell: Extract<Cell, { type: 'exercise' }>; state: LessonState }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="solution">
      <button type="button" aria-expanded={shown} onClick={() => setShown(!shown)} data-testid="show-solution">{shown ? 'Hide solution' : 'Show solution'}</button>
      {shown && (
        <div className="solution-body" data-testid="solution">
          <pre tabIndex={0} aria-label={`${cell.id}: the reference solution`}><code>{cell.solution}</code></pre>
          <button type="button" onClick={() => state.putSource(cell.id, cell.solution)} disabled={state.running} data-testid="use-solution">Put the solution in the editor</button>{' '}
          <span className="muted small">(Ctrl+Z in the editor brings your version back)</span>
        </div>
      )}
    </div>
  );
}

const VERB: Readonly<Record<Cell['type'], string>> = { kernel: 'Run', run: 'Run', chart: 'Draw', data: 'Load', exercise: 'Check', calculator: 'Compute' };

export function LessonCell({ cell, state, dark }: { cell: Cell; state: LessonState; dark: boolean }) {
  const outcome = state.outcomes[cell.id];
  const busy = state.runningCell === cell.id;
  const heading = `cell-${cell.id}-title`;
  const edited = state.edits[cell.id] !== undefined;
  return (
    <section className={`cell cell-${cell.type}${busy ? ' busy' : ''}`} aria-labelledby={heading} data-testid={`cell-${cell.id}`} data-cell-type={cell.type}>
      <div className="cell-head">
        <h3 id={heading}>
          <span className="cell-type">{cell.type === 'exercise' ? 'Exercise' : cell.type}</span> <code>{cell.id}</code>
          {(cell.type === 'kernel' || cell.type === 'exercise') && cell.spec !== undefined && <span className="muted small"> · {cell.spec}</span>}
          {edited && <span className="badge">edited</span>}
        </h3>
        <button type="button" className={cell.type === 'exercise' ? 'run' : undefined} onClick={() => state.runCell(cell)} disabled={state.running || !state.loaded} data-testid="cell-run" aria-describedby={heading}>
          {VERB[cell.type]}
        </button>
      </div>
      {(cell.type === 'kernel' || cell.type === 'exercise') && (
        <>
          {cell.params && <p className="cell-what small muted">Runs at {params(cell.params)}{cell.type === 'exercise' ? ', checked against the float64 reference' : ''}.</p>}
          <CodeCell cell={cell} state={state} dark={dark} />
          {cell.type === 'kernel' && cell.sidecar !== undefined && (
            <details className="small"><summary>sidecar.json</summary><pre>{JSON.stringify(cell.sidecar, null, 2)}</pre></details>
          )}
        </>
      )}
      {cell.type === 'run' && <RunDescription cell={cell} />}
      {cell.type === 'chart' && !outcome && <p className="cell-what muted">Draws {cell.y} against {cell.x} from <code>{cell.from}</code> once it has run.</p>}
      {cell.type === 'data' && <p className="cell-what">Reads <code>{cell.file}</code> from the samples{cell.columns && <> (columns {cell.columns.join(', ')})</>} with the page's own loader.</p>}
      {cell.type === 'calculator' && (
        <>
          <p className="cell-what">Change the model and the GPUs below; Compute gives the lesson's setup ({cell.billions} B parameters, {cell.gpus} GPUs) in words.</p>
          <Suspense fallback={<p className="muted">Loading the calculator…</p>}>
            <MemoryCalculator start={{ billions: cell.billions, gpus: cell.gpus, precision: cell.precision }} />
          </Suspense>
        </>
      )}
      {busy && <p className="muted small" aria-hidden="true">{state.progress}</p>}
      {outcome && <LessonOutcome outcome={outcome} />}
      {cell.type === 'exercise' && <Solution cell={cell} state={state} />}
    </section>
  );
}
