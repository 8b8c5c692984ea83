import { useEffect, useState } from 'react';
import type { RunRecord } from '../bench/record';
import type { RunProgress } from '../bench/run';
import { KernelLabError, type ErrorKind } from '../gpu/errors';
import { formatCount, formatError, formatMs, formatRate } from './format';
import type { LastGood, RunFailure, TimedProgress } from './hooks/useRunner';

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
};

const PHASES: Record<RunProgress['phase'], string> = {
  compile: 'Compiling…',
  check: 'Running once on fresh inputs…',
  reference: 'Computing the float64 reference (in a Worker) and checking every element…',
  'warm-up': 'Warming up…',
  calibrate: 'Calibrating repetitions per sample…',
  sample: 'Sampling…',
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
        {progress ? PHASES[progress.phase] : 'Starting…'}
        {progress && progress.reps > 0 && ` ${progress.reps} repetition${progress.reps === 1 ? '' : 's'} per sample`}
        {progress && progress.samples > 0 && `, ${progress.samples} sample${progress.samples === 1 ? '' : 's'}`}
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

export function RecordView({ record, label, heading }: { record: RunRecord; label: string | undefined; heading: string }) {
  const ok = record.correct;
  return (
    <div className="record" data-testid="record">
      <h3>{heading} <span className="muted">({label ?? 'unknown version'}, {new Date(record.time).toLocaleTimeString([], { hour12: false })})</span></h3>
      <p className={ok ? 'verdict ok' : 'verdict bad'} data-testid="verdict">
        {!ok ? '✗ incorrect' : record.compared === false ? '✓ written and finite (no reference to compare with)' : '✓ correct'}
      </p>
      <dl className="figures">
        {record.scaledError === undefined || record.scaledError === record.relError ? (
          <><dt>relative error</dt><dd data-testid="rel-error">{formatError(record.relError)} <span className="muted">(tolerance {formatError(record.tolerance)})</span></dd></>
        ) : (
          <>
            <dt>relative error</dt><dd data-testid="rel-error">{formatError(record.relError)}</dd>
            <dt title="‖out − ref‖ over the size of the terms summed into each element: f32 rounding grows with the terms, not with their (possibly cancelling) sum">error / Σ|terms|</dt>
            <dd data-testid="scaled-error">{formatError(record.scaledError)} <span className="muted">(tolerance {formatError(record.tolerance)})</span></dd>
          </>
        )}
        <dt>max abs error</dt><dd>{formatError(record.maxAbsError)}</dd>
        {record.nonFinite > 0 && (<><dt>NaN / ∞</dt><dd className="bad">{formatCount(record.nonFinite)} elements were never written or overflowed</dd></>)}
        {!ok && record.worst && (
          <><dt>worst element</dt><dd>{record.worst.buffer}[{formatCount(record.worst.index)}] = {record.worst.got} (expected {record.worst.expected.toPrecision(7)})</dd></>
        )}
        <dt>inputs</dt><dd className="muted">seeded random, seed {record.seed}; outputs poisoned with NaN first</dd>
      </dl>
      <div className="stats">
        <div><span className="stat" data-testid="gflops">{formatRate(record.gflops)}</span> GFLOP/s</div>
        <div><span className="stat" data-testid="gbps">{formatRate(record.gbps)}</span> GB/s</div>
        <div><span className="stat">{formatRate(record.intensity)}</span> FLOP/byte</div>
      </div>
      <dl className="figures">
        <dt>median</dt><dd data-testid="median">{formatMs(record.medianMs)}</dd>
        <dt>min / p90</dt><dd>{formatMs(record.minMs)} / {formatMs(record.p90Ms)}</dd>
        <dt>samples</dt><dd>{record.samples} × {record.repsPerSample} rep{record.repsPerSample === 1 ? '' : 's'}, CV {(record.cv * 100).toFixed(1)}%, stopped: {record.stoppedBy}</dd>
        <dt>timing</dt><dd className="muted" data-testid="timing">{record.timingNote}</dd>
      </dl>
      <p className="muted small">Throughput comes from the cost model (FLOPs and minimum bytes of the problem), not from the kernel's own traffic.</p>
    </div>
  );
}
