/**
 * The matmul peer in the page: TensorFlow.js's WebGPU matMul at the current
 * shape, on this device, beside this kernel's latest run at the same shape.
 * TF.js is downloaded only when this button is pressed. Its runs are stored
 * like any other, so the comparison is still there after a reload.
 */
import { useState } from 'react';
import { measureTfjsMatmul, PEER_TFJS } from '../bench/suites/peer-tfjs';
import type { RunRecord } from '../bench/run/record';
import { progressText, type MeasureProgress } from '../bench/run/measure';
import { judgeReliability, relativeNoise, speedComparison } from '../bench/results/reliability';
import { messageOf } from '../gpu/errors';
import type { GpuSession } from '../gpu/session';
import type { KernelSpec, Params } from '../kernels/spec';
import type { Store } from '../store/store';
import { formatFlops, formatTime } from './format';
import type { Log } from './hooks/useConsoleLog';
import { useJob } from './hooks/useJob';

const sameShape = (a: Params, b: Params): boolean => a.M === b.M && a.N === b.N && a.K === b.K;

export function PeerPanel({ spec, params, history, stored, session, store, blocked, log, onStored }: {
  spec: KernelSpec;
  params: Params;
  history: readonly RunRecord[];
  /** Every stored run on this device: earlier TF.js measurements are among them. */
  stored: readonly RunRecord[];
  session: GpuSession;
  store: Store | undefined;
  blocked: boolean;
  log: Log;
  onStored: () => void;
}) {
  const [peer, setPeer] = useState<RunRecord>();
  const job = useJob<MeasureProgress | 'loading'>();
  const running = job.running ? (job.progress ?? 'loading') : undefined;
  if (spec.family !== 'matmul') return null;
  const ours = history.toReversed().find((r) => r.correct && sameShape(r.params, params));
  const shown = peer && sameShape(peer.params, params) ? peer : stored.toReversed().find((r) => r.kernel === PEER_TFJS && sameShape(r.params, params));
  const run = (): void => {
    const ctx = session.context;
    if (!ctx) return;
    job.start(async (_signal, onProgress) => {
      try {
        const record = await measureTfjsMatmul(ctx.device, ctx.info, params, { onProgress });
        setPeer(record);
        await store?.addRun(record);
        onStored();
        log(record.correct ? 'info' : 'warn', `TF.js matMul ${params.M}×${params.N}×${params.K}: ${record.correct ? 'correct' : 'INCORRECT'}, ${formatFlops(record.gflops)} (${record.timingNote}).`);
      } catch (e) {
        log('error', `TF.js matMul: ${messageOf(e)}`);
      }
    });
  };
  return (
    <section className="panel peer" aria-label="Peer">
      <div className="history-head">
        <h2>Beside TensorFlow.js <span className="muted">(WebGPU backend, same shape, same device)</span></h2>
        <button type="button" onClick={run} disabled={blocked || running !== undefined}>Measure TF.js</button>
      </div>
      {running !== undefined && (
        <p className="muted" role="status" data-testid="peer-progress">
          {running === 'loading' ? 'Loading TF.js and checking its result…' : progressText(running)}
        </p>
      )}
      {shown && (
        <dl className="figures" data-testid="peer-result">
          <dt>TF.js</dt><dd>{formatFlops(shown.gflops)}, median {formatTime(shown.medianMs)}, {shown.correct ? 'correct' : 'INCORRECT'}</dd>
          <dt>{spec.id}</dt><dd>{ours ? `${formatFlops(ours.gflops)}, median ${formatTime(ours.medianMs)} (latest run at this shape)` : 'no run at this shape yet'}</dd>
          {ours && shown.gflops > 0 && (
            <><dt>which is faster</dt><dd data-testid="peer-ratio">{speedComparison(ours.gflops / shown.gflops, 'ours', 'TF.js', relativeNoise(ours, shown))}</dd></>
          )}
        </dl>
      )}
      {shown && [['TF.js', shown] as const, ...(ours ? [['ours', ours] as const] : [])].map(([who, r]) => {
        const reliability = judgeReliability(r);
        return reliability.reliable ? null : (
          <p key={who} className="noise-flag" role="note" data-testid="noise-flag">⚠ {who}: unreliable median: {reliability.problems.join('; ')}.</p>
        );
      })}
      <p className="muted small">TF.js is timed by the wall clock around its matMul calls and onSubmittedWorkDone() (it has no per-op timestamps), so its time includes dispatch and submission overhead that our GPU timestamps leave out.</p>
    </section>
  );
}
