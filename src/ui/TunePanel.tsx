/** Autotuning the kernel in the editor: search, chart, and "apply the winner to the editor". */
import { lazy, Suspense } from 'react';
import type { KernelSpec } from '../kernels/spec';
import { formatRate } from './format';
import type { Tuning } from './hooks/useTuning';

const TuneChart = lazy(() => import('./TuneChart'));

const text = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ');

export function TunePanel({ spec, tuning, blocked, current, onApply }: {
  spec: KernelSpec;
  tuning: Tuning;
  blocked: boolean;
  current: Readonly<Record<string, number>>;
  onApply: (constants: Readonly<Record<string, number>>) => void;
}) {
  const tunable = spec.constants.filter((c) => (c.allowed?.length ?? 0) > 1);
  if (tunable.length === 0) return null;
  const r = tuning.saved;
  const p = tuning.progress;
  const defaults = r?.candidates[0];
  const applied = r !== undefined && Object.entries(r.best.constants).every(([k, v]) => current[k] === v);
  return (
    <section className="panel tune" aria-label="Autotune">
      <div className="history-head">
        <h2>Autotune <span className="muted">({tunable.map((c) => c.name).join(', ')}; {tuning.shapeClass} shapes)</span></h2>
        <button type="button" onClick={tuning.start} disabled={blocked || tuning.running}>Autotune</button>
      </div>
      {tuning.running && (
        <div className="progress" role="status" data-testid="tune-progress">
          <span>{p ? `${p.stage === 'search' ? 'Searching' : 'Re-measuring the best'} ${p.index + 1}/${p.total}: ${text(p.constants)}` : 'Starting…'}</span>
          <button type="button" onClick={tuning.cancel}>Cancel</button>
        </div>
      )}
      {r ? (
        <>
          <p data-testid="tune-best">
            Best on this device for {r.shapeClass} shapes: <code>{text(r.best.constants)}</code>, {formatRate(r.best.throughput ?? 0)} {r.unit}
            {defaults?.throughput && defaults.correct ? <span className="muted"> (defaults in the search: {formatRate(defaults.throughput)})</span> : null}
          </p>
          <button type="button" onClick={() => onApply(r.best.constants)} disabled={applied}>{applied ? 'Applied' : 'Apply the winner to the editor'}</button>
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <TuneChart result={r} />
          </Suspense>
          <p className="muted small">Each bar is one candidate, measured briefly at {text(r.params)}; the best {r.candidates.length > 3 ? 'three were' : 'were'} measured again in full and the green one won.</p>
        </>
      ) : (
        !tuning.running && <p className="muted small">Tries every allowed combination that fits this device, at the current shape, and keeps the winner for this device and shape class.</p>
      )}
    </section>
  );
}
