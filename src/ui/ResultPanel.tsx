import { Fragment, useEffect, useState } from 'react';
import type { RunRecord } from '../bench/run/record';
import { progressText } from '../bench/run/measure';
import { judgeReliability } from '../bench/results/reliability';
import { aboveRoof, attainableGflops, roofFraction, type Ceilings } from '../bench/results/roofline';
import { KernelLabError, type ErrorKind } from '../gpu/errors';
import { formatBandwidth, formatCount, formatError, formatFlops, formatPercent, formatRate, formatTime, siParts } from './format';
import type { LastGood, RunFailure, TimedProgress } from './hooks/useKernelRun';

const HEADINGS: Partial<Record<ErrorKind, string>> = {
  'no-webgpu': 'No GPU to run on',
  compile: 'The shader does not compile',
  binding: "The shader's bindings do not match the kernel",
  pipeline: 'The pipeline could not be made',
  limit: 'Too big for this device',
  params: 'Check the parameters',
  validation: 'WebGPU rejected the run',
  'out-of-memory': 'Out of GPU memory',
  'device-lost': 'The GPU device was lost',
  cancelled: 'Cancelled',
  spec: "The kernel's description or reference has a problem",
  unsupported: 'This device cannot run it',
};

/** After this long in the first GPU run, say what an endless loop looks like and what frees the GPU. */
const STUCK_AFTER_S = 10;

export function RunProgressLine({ progress, onCancel }: { progress: TimedProgress | undefined; onCancel: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = progress ? Math.max(0, Math.floor((now - progress.since) / 1000)) : 0;
  return (
    <div className="progress" role="status" data-testid="progress">
      <span>
        {progress ? progressText(progress) : 'Starting…'}
        {seconds >= 5 && <span className="muted"> ({seconds} s)</span>}
      </span>
      <button type="button" onClick={onCancel}>Cancel</button>
      {progress?.phase === 'check' && seconds >= STUCK_AFTER_S && (
        <p className="muted" data-testid="stuck-hint">
          The GPU has been on this one run for {seconds} s. A big problem on a slow adapter takes that long; a kernel that never ends
          (an endless loop) takes forever. Cancel gives you the page back, but only the GPU driver&apos;s reset or reloading the page frees the GPU.
        </p>
      )}
    </div>
  );
}

export function FailureBox({ failure, lastGood, currentSource, onRunLastGood }: {
  failure: RunFailure;
  lastGood: LastGood | undefined;
  currentSource: string | undefined;
  onRunLastGood: () => void;
}) {
  const kind = failure.error instanceof KernelLabError ? failure.error.kind : undefined;
  const inCode = kind === 'compile' || kind === 'binding' || kind === 'pipeline';
  const cancelled = kind === 'cancelled';
  return (
    <div className={cancelled ? 'failure muted' : 'failure'} role="alert" data-testid="failure">
      <h3>{(kind && HEADINGS[kind]) ?? 'Something went wrong'}</h3>
      <p data-testid="failure-message">{failure.error.message}</p>
      {inCode && failure.source === currentSource && kind !== 'pipeline' && <p className="muted">The editor marks the place.</p>}
      {inCode && lastGood && lastGood.source !== failure.source && (
        <button type="button" onClick={onRunLastGood}>Run the last version that worked</button>
      )}
    </div>
  );
}

/** A big figure: the number alone (tests and eyes read it), its SI-prefixed unit beside it. */
function Figure({ value, unit, testId }: { value: number; unit: string; testId?: string }) {
  const parts = siParts(value, unit);
  return <div><span className="stat" {...(testId ? { 'data-testid': testId } : {})}>{parts.number}</span> {parts.unit}</div>;
}

/**
 * How much of the measured roof a correct run reached. Above the roof by more
 * than the noise is a measurement error, not a result (roofline.ts aboveRoof).
 */
function RoofShare({ record, ceilings }: { record: RunRecord; ceilings: Ceilings }) {
  const fraction = roofFraction(record, ceilings);
  if (!Number.isFinite(fraction)) return null;
  const memoryBound = record.flops === 0 || record.intensity * ceilings.gbps < ceilings.gflops;
  const roof = record.flops === 0
    ? `the measured bandwidth, ${formatBandwidth(ceilings.gbps)}`
    : memoryBound
      ? `the bandwidth roof at ${formatRate(record.intensity)} FLOP/byte, ${formatFlops(attainableGflops(record.intensity, ceilings))}`
      : `the compute roof, ${formatFlops(ceilings.gflops)}`;
  const above = aboveRoof(fraction, record.cv);
  return (
    <>
      <dt>of the roof</dt>
      <dd className={above ? 'bad' : undefined} data-testid="roof-fraction">
        {formatPercent(fraction)} of {roof}
        {above && <span data-testid="above-roof">: above the roof by more than the noise, so a measurement error (caching, a wrong cost model, or ceilings measured too small), not a result</span>}
      </dd>
    </>
  );
}

/**
 * One run's record. `ceilings` (this device's measured ones, if any) adds the
 * share of the roof. A median the spread or the sample count makes unreliable
 * is flagged with the reason, why sampling stopped and what to do. `stale`:
 * a new run is under way, so this one is greyed (its heading says so).
 */
export function RecordView({ record, label, heading, ceilings, stale = false }: { record: RunRecord; label: string | undefined; heading: string; ceilings?: Ceilings | undefined; stale?: boolean }) {
  const ok = record.correct;
  const reliability = judgeReliability(record);
  const stopped = reliability.stopped ?? record.stoppedBy;
  return (
    <div className={stale ? 'record stale' : 'record'} data-testid="record">
      <h3>{heading} <span className="muted">({label ?? 'unknown version'}, {new Date(record.time).toLocaleTimeString([], { hour12: false })})</span></h3>
      <p className={ok ? 'verdict ok' : 'verdict bad'} data-testid="verdict">
        {!ok ? '✗ incorrect' : record.compared === false ? '✓ written and finite (no reference to compare with)' : '✓ correct'}
      </p>
      {record.hint && <p className="check-hint" role="note" data-testid="check-hint">{record.hint}</p>}
      <dl className="figures">
        {record.compared === false ? (
          // Nothing was compared: no error figures to show, not an infinite one.
          <><dt>relative error</dt><dd data-testid="rel-error">— <span className="muted">(no reference)</span></dd></>
        ) : record.scaledError === undefined || record.scaledError === record.relError ? (
          <><dt>relative error</dt><dd data-testid="rel-error">{formatError(record.relError)} <span className="muted">(tolerance {formatError(record.tolerance)})</span></dd></>
        ) : (
          <>
            <dt>relative error</dt><dd data-testid="rel-error">{formatError(record.relError)}</dd>
            <dt title="‖out − ref‖ over the size of the terms summed into each element: f32 rounding grows with the terms, not with their (possibly cancelling) sum">error / Σ|terms|</dt>
            <dd data-testid="scaled-error">{formatError(record.scaledError)} <span className="muted">(tolerance {formatError(record.tolerance)})</span></dd>
          </>
        )}
        <dt>max abs error</dt><dd>{record.compared === false ? '—' : formatError(record.maxAbsError)}</dd>
        {record.unwritten && (
          <><dt>{record.unwritten.cause === 'never-written' ? 'never written' : 'read before written'}</dt><dd className="bad" data-testid="unwritten">{record.unwritten.buffer}[{formatCount(record.unwritten.index)}]{record.unwritten.count > 1 ? ` and ${formatCount(record.unwritten.count - 1)} more` : ''}</dd></>
        )}
        {record.nonFinite > 0 && (<><dt>NaN / ∞</dt><dd className="bad">{formatCount(record.nonFinite)} elements were never written or overflowed</dd></>)}
        {!ok && record.worst && (
          <><dt>worst element</dt><dd>{record.worst.buffer}[{formatCount(record.worst.index)}] = {record.worst.got} (expected {record.worst.expected.toPrecision(7)})</dd></>
        )}
        {record.data && record.data.length > 0 && (
          <><dt>from data</dt><dd data-testid="record-data">{record.data.map((d) => `${d.buffer} ← ${d.file}, column ${d.column} (${formatCount(d.rows)} rows${d.nulls ? `, nulls filled with ${d.nulls.fill}` : ''})`).join('; ')}</dd></>
        )}
        <dt>inputs</dt>
        <dd className="muted" data-testid="record-inputs">
          {!record.data || record.data.length === 0 ? `seeded random, seed ${record.seed}; `
            : record.randomInputs?.length === 0 ? 'all from data; '
            : `${record.randomInputs ? record.randomInputs.join(', ') : 'the others'} seeded random, seed ${record.seed}; `}
          outputs poisoned first (NaN for floats, all-ones for integers, then a second pattern), and checked again{' '}
          {!record.data || record.data.length === 0 ? 'on fresh inputs after timing'
            : record.randomInputs?.length === 0 ? 'after timing (the same data, outputs poisoned again)'
            : 'after timing (the same data, fresh random inputs)'}
        </dd>
      </dl>
      <div className="stats">
        <Figure value={record.gflops * 1e9} unit="FLOP/s" testId="gflops" />
        <Figure value={record.gbps * 1e9} unit="B/s" testId="gbps" />
        <div><span className="stat">{formatRate(record.intensity)}</span> FLOP/byte</div>
      </div>
      {record.figures && record.figures.length > 0 && (
        <dl className="figures" data-testid="kernel-figures">
          {record.figures.map((f) => (
            <Fragment key={f.name}>
              <dt title={f.note}>{f.label}</dt>
              <dd data-testid={`figure-${f.name}`}>
                {!Number.isFinite(f.value) ? '—' : f.unit === 'ratio' ? formatError(f.value) : `${formatRate(f.value)} ${f.unit}`}{' '}
                <span className="muted small">({f.note})</span>
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      {!reliability.reliable && (
        <p className="noise-flag" role="note" data-testid="noise-flag">
          <strong>⚠ Unreliable median:</strong> {reliability.problems.join('; ')}. It {stopped}. {reliability.advice}
        </p>
      )}
      <dl className="figures">
        {ceilings && ok && <RoofShare record={record} ceilings={ceilings} />}
        <dt>median</dt><dd data-testid="median">{formatTime(record.medianMs)}</dd>
        <dt>min / p90</dt><dd>{formatTime(record.minMs)} / {formatTime(record.p90Ms)}</dd>
        <dt>samples</dt><dd data-testid="samples">{record.samples} × {record.repsPerSample} rep{record.repsPerSample === 1 ? '' : 's'}, CV {formatPercent(record.cv)}</dd>
        <dt>why it stopped</dt><dd data-testid="stop-reason">{stopped}</dd>
        <dt>timing</dt><dd className="muted" data-testid="timing">{record.timingNote}</dd>
      </dl>
      <p className="muted small">Throughput comes from the cost model (FLOPs and minimum bytes of the problem), not from the kernel's own traffic.</p>
    </div>
  );
}
