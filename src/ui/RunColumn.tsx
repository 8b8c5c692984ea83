/**
 * The run column: the data panel (folded), parameters, constants and the
 * columns that feed the inputs, Run and why it waits, the
 * verdict and figures, then autotuning, the TF.js peer, the history, the
 * roofline, the sweeps, the data lessons and the serving simulation. Reads
 * the page's state (useLab) and shows it.
 */
import { lazy, Suspense } from 'react';
import { versionKey } from '../bench/results/versions';
import { ComparePanel } from './ComparePanel';
import { DataFeedFields } from './DataFeedFields';
import { DataPanel } from './DataPanel';
import { RooflinePanel, SweepsPanel } from './DeviceSuitesPanels';
import { exportHistory } from './export';
import { HistoryActions } from './HistoryActions';
import type { Lab } from './hooks/useLab';
import { DataLessonsPanel } from './DataLessonsPanel';
import { TrainingMemoryPanel } from './TrainingMemoryPanel';
import { ServingPanel } from './ServingPanel';
import { OpenRunsPanel } from './OpenRunsPanel';
import { ParamsPanel } from './ParamsPanel';
import { PeerPanel } from './PeerPanel';
import { FailureBox, RecordView, RunProgressLine } from './ResultPanel';
import { BufferView } from './BufferView';
import { RunDiffPanel } from './RunDiffPanel';
import { TunePanel } from './TunePanel';

const HistoryChart = lazy(() => import('./HistoryChart'));

export function RunColumn({ lab }: { lab: Lab }) {
  const { spec, draft, inspected, reflection, kernelRun, suites, tuning, ws, gpu, device, blocked, latest, labels, store, session, log } = lab;
  const failure = kernelRun.failure;
  return (
    <section className="right" aria-label="Run and results">
      <DataPanel data={lab.data.files} />
      {draft && (
        <ParamsPanel
          spec={spec}
          params={draft.params}
          constants={inspected?.constants.values ?? draft.constants}
          overrides={inspected?.reflection.overrides ?? reflection?.overrides ?? []}
          reflection={inspected?.reflection ?? reflection}
          issues={lab.issues}
          limitIssue={lab.limitIssue}
          stale={lab.stale}
          onParam={ws.setParam}
          onConstant={ws.setConstant}
          inputs={<DataFeedFields feeds={lab.data.feeds} />}
          following={lab.data.feeds.following}
        />
      )}
      {lab.constantIssue && <p className="field-error" role="alert">{lab.constantIssue}</p>}
      <div className="run-bar">
        <button type="button" className="run" onClick={lab.onRun} disabled={Boolean(blocked) || kernelRun.running} title={blocked ?? 'Compile, check and time (Ctrl/Cmd+Enter)'} data-testid="run">
          Run <kbd>Ctrl+Enter</kbd>
        </button>
        {blocked && !kernelRun.running && <span className="muted">{blocked}</span>}
      </div>
      {kernelRun.running && <RunProgressLine progress={kernelRun.progress} onCancel={kernelRun.cancel} />}
      {failure && <FailureBox failure={failure} lastGood={kernelRun.lastGood} currentSource={draft?.source} onRunLastGood={() => kernelRun.lastGood && kernelRun.run(kernelRun.lastGood)} />}
      {latest && <RecordView record={latest} label={labels.get(versionKey(latest))} heading={kernelRun.running ? 'Previous run (a new one is under way)' : failure ? 'Previous run' : 'Result'} stale={kernelRun.running} ceilings={suites.ceilings} />}
      {latest?.wgsl !== undefined && (
        <p className="open-run">
          <button type="button" className="link" onClick={() => void lab.openRun(latest, `your history (${latest.time.slice(0, 19).replace('T', ' ')})`)} data-testid="open-this-run">
            Open this run
          </button>{' '}
          <span className="muted">its code, parameters and constants, as a shared copy beside your own</span>
        </p>
      )}
      {latest && <BufferView contents={kernelRun.contents} missing={kernelRun.outcome ? 'released' : 'reloaded'} previous={Boolean(failure)} correct={latest.correct} />}
      {draft && (
        <TunePanel spec={spec} tuning={tuning} blocked={Boolean(blocked) || kernelRun.running} current={inspected?.constants.values ?? draft.constants} onApply={ws.applyConstants} />
      )}
      {draft && (
        <PeerPanel spec={spec} params={draft.params} history={kernelRun.history} stored={suites.runs} session={session} store={store} blocked={!device || kernelRun.running || tuning.running || suites.busy !== undefined} log={log} onStored={suites.refreshRuns} />
      )}
      <section className="panel history" aria-label="History">
        <div className="history-head">
          <h2>History <span className="muted">({kernelRun.history.length} run{kernelRun.history.length === 1 ? '' : 's'})</span></h2>
          <HistoryActions
            kernel={spec.id}
            count={kernelRun.history.length}
            onExport={(format) => exportHistory(spec.id, kernelRun.history, gpu.status === 'ready' ? gpu.ctx.info : undefined, suites.ceilings, format)}
            onClear={kernelRun.clearHistory}
            onRestore={kernelRun.restoreHistory}
            onError={(message) => log('error', message)}
          />
        </div>
        {kernelRun.history.length > 0 ? (
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <HistoryChart records={kernelRun.history} labels={labels} />
          </Suspense>
        ) : (
          <p className="muted">Each run of this kernel adds a point here, labelled with its code version.</p>
        )}
        {kernelRun.history.length >= 2 && (
          <RunDiffPanel kernel={spec.id} history={kernelRun.history} labels={labels} custom={lab.isCustom} library={lab.isCustom ? undefined : spec.source} draft={draft} onOpen={(r, origin) => void lab.openRun(r, origin)} />
        )}
        <ComparePanel kernel={spec.id} history={kernelRun.history} store={store} />
        <OpenRunsPanel onOpen={lab.openRun} />
      </section>
      <RooflinePanel suites={suites} current={spec.id} />
      <SweepsPanel suites={suites} fallback={lab.fallback} blocked={kernelRun.running || tuning.running || !device} />
      <DataLessonsPanel lessons={lab.lessons} device={gpu.status === 'ready' ? gpu.ctx.info : undefined} blocked={kernelRun.running || tuning.running || suites.busy !== undefined || lab.serving.running} />
      <ServingPanel sim={lab.serving} data={lab.data.files} device={gpu.status === 'ready' ? gpu.ctx.info : undefined} blocked={kernelRun.running || tuning.running || suites.busy !== undefined || lab.lessons.running} />
      <TrainingMemoryPanel />
    </section>
  );
}
