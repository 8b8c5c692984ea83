/**
 * Autotuning the kernel in the editor: search, chart, and the winner against
 * the defaults. Only numbers of the same kind stand side by side (both measured
 * in full), and only a winner faster than the defaults beyond the noise is
 * offered to the editor; a tie says so and keeps the defaults.
 */
import { lazy, Suspense } from 'react';
import { constantsToApply, type TuneResult } from '../bench/suites/autotune';
import { formatFactor } from '../bench/results/reliability';
import type { KernelSpec } from '../kernels/spec';
import { formatPercent, formatThroughput } from './format';
import type { Tuning } from './hooks/useTuning';

const TuneChart = lazy(() => import('./TuneChart'));

const text = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ');
const same = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean => text(a) === text(b);

/** The verdict in words. Results saved before the defaults were re-measured say so instead of comparing. */
function TuneVerdictLine({ result: r }: { result: TuneResult }) {
  const rate = (v: number | undefined): string => (v === undefined ? '—' : formatThroughput(v, r.unit));
  const best = r.best;
  const d = r.defaults;
  const noise = r.noise === undefined ? '' : `±${formatPercent(r.noise)}`;
  const head = `Best on this device for ${r.shapeClass} shapes:`;
  if (r.verdict === 'faster' && d?.throughput && best.throughput) {
    return (
      <p data-testid="tune-best" data-verdict="faster">
        {head} <code>{text(best.constants)}</code>, {formatFactor(best.throughput / d.throughput)}× faster than the defaults (<code>{text(d.constants)}</code>):{' '}
        {rate(best.throughput)} vs {rate(d.throughput)}, both measured in full, beyond the noise of {noise}.
      </p>
    );
  }
  if (r.verdict === 'tie' && d) {
    const next = r.confirmed?.filter((c) => c.correct && !same(c.constants, d.constants)).sort((a, b) => (b.throughput ?? 0) - (a.throughput ?? 0))[0];
    return same(best.constants, d.constants) ? (
      <p data-testid="tune-best" data-verdict="tie">
        {head} the defaults, <code>{text(d.constants)}</code>, at {rate(d.throughput)} measured in full; no other finalist was faster
        {next ? <> (the next, <code>{text(next.constants)}</code>, ran {rate(next.throughput)})</> : null}. Keep the defaults.
      </p>
    ) : (
      <p data-testid="tune-best" data-verdict="tie">
        {head} a tie with the defaults ({rate(best.throughput)} vs {rate(d.throughput)}, within the noise of {noise}). The fastest,{' '}
        <code>{text(best.constants)}</code>, did not beat the defaults, <code>{text(d.constants)}</code>, by more than their measurements spread: keep the defaults.
      </p>
    );
  }
  if (r.verdict === 'no-defaults') {
    return (
      <p data-testid="tune-best" data-verdict="no-defaults">
        {head} <code>{text(best.constants)}</code>, {rate(best.throughput)} measured in full. The defaults could not be compared with it: {r.defaultsProblem ?? 'they did not run'}.
      </p>
    );
  }
  return (
    <p data-testid="tune-best" data-verdict="unknown">
      {head} <code>{text(best.constants)}</code>, {rate(best.throughput)} measured in full.{' '}
      <span className="muted">Saved by an earlier version, which did not measure the defaults in full beside it, so whether it beats them is not known: autotune again to compare.</span>
    </p>
  );
}

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
  const apply = r ? constantsToApply(r) : undefined;
  const applied = apply !== undefined && Object.entries(apply).every(([k, v]) => current[k] === v);
  return (
    <section className="panel tune" aria-label="Autotune">
      <div className="history-head">
        <h2>Autotune <span className="muted">({tunable.map((c) => c.name).join(', ')}; {tuning.shapeClass} shapes)</span></h2>
        <button type="button" onClick={tuning.start} disabled={blocked || tuning.running}>Autotune</button>
      </div>
      {tuning.running && (
        <div className="progress" role="status" data-testid="tune-progress">
          <span>{p ? `${p.stage === 'search' ? 'Searching' : 'Measuring the finalists and the defaults in full'} ${p.index + 1}/${p.total}: ${text(p.constants)}` : 'Starting…'}</span>
          <button type="button" onClick={tuning.cancel}>Cancel</button>
        </div>
      )}
      {r ? (
        <>
          <TuneVerdictLine result={r} />
          {apply && <button type="button" onClick={() => onApply(apply)} disabled={applied}>{applied ? 'Applied' : 'Apply the winner to the editor'}</button>}
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <TuneChart result={r} />
          </Suspense>
          <p className="muted small">
            Every candidate was first measured briefly at {text(r.params)} (the second chart). {r.candidates.length > 3 ? 'The three fastest and the defaults' : 'The correct ones'} were
            then measured in full (the first chart); the winner is the fastest of those, and it counts as faster than the defaults only beyond the noise (twice the two medians' standard error, from their CVs and sample counts; at least 5%). The defaults are the values your code held when you pressed Autotune, which are what Run uses.
          </p>
        </>
      ) : (
        !tuning.running && <p className="muted small">Tries every allowed combination that fits this device, at the current shape, and keeps the winner for this device and shape class.</p>
      )}
    </section>
  );
}
