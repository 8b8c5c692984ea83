/**
 * One page, three columns: the library, the editor with its console, and the
 * parameters, verdict, figures and chart. Nothing in the core loop hides
 * behind navigation; a browser without WebGPU still gets the whole page.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { inspectKernel, type InspectedKernel } from '../bench/prepare';
import { versionLabels } from '../bench/versions';
import { CompileError } from '../gpu/errors';
import { findKernel, LIBRARY } from '../kernels/library';
import { missingFeatures } from '../kernels/spec';
import { validateParams } from '../kernels/plan';
import { openStore, type Store } from '../store/store';
import { ConsoleStrip } from './ConsoleStrip';
import { DeviceChip, DevicePanel } from './DevicePanel';
import { useConsoleLog } from './hooks/useConsoleLog';
import { useDarkMode } from './hooks/useDarkMode';
import { useGpu } from './hooks/useGpu';
import { useRunner } from './hooks/useRunner';
import { useShaderCheck } from './hooks/useShaderCheck';
import { useDeviceSuites } from './hooks/useDeviceSuites';
import { useTuning } from './hooks/useTuning';
import { useWorkspace } from './hooks/useWorkspace';
import { PeerPanel } from './PeerPanel';
import { TunePanel } from './TunePanel';
import { CeilingsSection, RooflinePanel, SweepsPanel } from './DeviceSuitesPanels';
import { KernelLibrary } from './KernelLibrary';
import { ParamsPanel } from './ParamsPanel';
import { exportHistory } from './export';
import { FailureBox, RecordView, RunProgressLine } from './ResultPanel';

const WgslEditor = lazy(() => import('./WgslEditor'));
const HistoryChart = lazy(() => import('./HistoryChart'));

const DEFAULT_KERNEL = 'matmul/naive';

export function App() {
  const { entries, log, clear } = useConsoleLog();
  const { state: gpu, session } = useGpu(log);
  const dark = useDarkMode();
  const [store, setStore] = useState<Store>();
  const [kernelId, setKernelId] = useState<string>();
  const [deviceOpen, setDeviceOpen] = useState(false);
  // Which kernels carry the user's edits, as of their last visit; the current one is live.
  const [editedBefore, setEditedBefore] = useState<Readonly<Record<string, boolean>>>({});

  useEffect(() => {
    void openStore().then(async (s) => {
      if (!s.persistent) log('warn', 'This browser gives the page no storage: edits and results will not survive a reload.');
      const last = await s.getSetting('kernel');
      const drafts = await Promise.all(LIBRARY.map((k) => s.getDraft(k.id)));
      setEditedBefore(Object.fromEntries(LIBRARY.map((k, i) => [k.id, drafts[i] !== undefined && drafts[i]?.source !== k.source])));
      setKernelId(last && findKernel(last) ? last : DEFAULT_KERNEL);
      setStore(s);
    });
  }, [log]);

  const spec = findKernel(kernelId ?? DEFAULT_KERNEL) ?? LIBRARY[0]!;
  const ws = useWorkspace(store, spec, log);
  const device = gpu.status === 'ready' ? gpu.ctx.device : undefined;
  const liveMessages = useShaderCheck(device, spec, ws.draft?.source);
  const runner = useRunner(session, store, spec, ws.draft, log);
  const suites = useDeviceSuites(session, store, log);
  const tuning = useTuning(session, store, spec, ws.draft, log);
  const fallback = gpu.status === 'ready' && gpu.ctx.info.isFallbackAdapter;
  const refreshRuns = suites.refreshRuns;
  const historyLength = runner.history.length;
  useEffect(() => {
    if (historyLength > 0) refreshRuns();
  }, [historyLength, refreshRuns]);

  const edited = useMemo(() => {
    const now = { ...editedBefore, ...(ws.draft ? { [spec.id]: ws.edited } : {}) };
    return new Set(Object.keys(now).filter((k) => now[k]));
  }, [editedBefore, spec.id, ws.draft, ws.edited]);

  const leaving = { id: spec.id, edited: ws.edited, loaded: ws.draft !== undefined };
  const select = (id: string): void => {
    if (leaving.loaded) setEditedBefore((e) => ({ ...e, [leaving.id]: leaving.edited }));
    setKernelId(id);
    void store?.putSetting('kernel', id);
  };

  const issues = ws.draft ? validateParams(spec, ws.draft.params) : [];
  // Reflection of the current code: overrides for the form, constant values for the plan.
  const { inspected, constantIssue } = useMemo((): { inspected?: InspectedKernel; constantIssue?: string } => {
    if (!ws.draft) return {};
    try {
      return { inspected: inspectKernel(spec, ws.draft.source, ws.draft.constants) };
    } catch (e) {
      return { constantIssue: e instanceof Error ? e.message : String(e) };
    }
  }, [spec, ws.draft]);

  const failure = runner.failure;
  const runMessages = failure?.error instanceof CompileError && failure.source === ws.draft?.source ? failure.error.messages : undefined;
  const messages = runMessages ?? liveMessages;
  const missing = device ? missingFeatures(spec, device.features) : [];
  const blocked = !device
    ? 'No GPU device yet.'
    : missing.length > 0 ? `This device lacks ${missing.join(' and ')}.`
    : suites.busy || tuning.running ? 'The device is being measured.'
    : issues.length > 0 || constantIssue ? 'Fix the parameters first.' : undefined;
  const run = runner.run;
  const onRun = useCallback(() => {
    if (!blocked) run();
  }, [blocked, run]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !e.defaultPrevented) {
        e.preventDefault();
        onRun();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onRun]);

  const labels = useMemo(() => versionLabels(runner.history), [runner.history]);
  const latest = runner.outcome?.record ?? runner.history.at(-1);

  return (
    <div className="app">
      <header className="top">
        <h1>Kernel Lab</h1>
        <p className="tagline">WGSL kernels on your own GPU, checked and measured</p>
        <DeviceChip state={gpu} open={deviceOpen} onToggle={() => setDeviceOpen((o) => !o)} />
      </header>
      {gpu.status === 'unavailable' && (
        <div className="banner" role="alert" data-testid="no-webgpu">
          <strong>{gpu.message}</strong> {gpu.advice} You can still read and edit every kernel here.
        </div>
      )}
      {deviceOpen && (
        <DevicePanel state={gpu} onReset={() => void session.reset()}>
          <CeilingsSection suites={suites} fallback={fallback} blocked={runner.running || tuning.running} />
        </DevicePanel>
      )}
      <main className="columns">
        <KernelLibrary kernels={LIBRARY} selected={spec.id} edited={edited} features={device?.features} onSelect={select} />
        <section className="middle" aria-label="Editor">
          <div className="editor-head">
            <h2><code>{spec.id}</code> <span className="muted">{spec.title}</span></h2>
            <span className="save-state" data-testid="save-state">
              {ws.edited ? (ws.saved ? 'edited · saved' : 'edited · saving…') : 'library version'}
            </span>
            {ws.undoable !== undefined && <button type="button" onClick={ws.undoReset}>Undo reset</button>}
            <button type="button" onClick={ws.reset} disabled={!ws.edited}>Reset to original</button>
          </div>
          <p className="summary muted">{spec.summary}</p>
          <div className="editor-frame">
            {ws.draft ? (
              <Suspense fallback={<pre className="editor-fallback">{ws.draft.source}</pre>}>
                <WgslEditor kernelId={spec.id} value={ws.draft.source} revision={ws.revision} onChange={ws.setSource} messages={messages} onRun={onRun} dark={dark} readOnly={spec.passes.length === 0} />
              </Suspense>
            ) : (
              <p className="muted">Loading your saved work…</p>
            )}
          </div>
          <ConsoleStrip entries={entries} onClear={clear} />
        </section>
        <section className="right" aria-label="Run and results">
          {ws.draft && (
            <ParamsPanel
              spec={spec}
              params={ws.draft.params}
              constants={ws.draft.constants}
              overrides={inspected?.reflection.overrides ?? []}
              resolved={inspected?.constants}
              issues={issues}
              onParam={ws.setParam}
              onConstant={ws.setConstant}
            />
          )}
          {constantIssue && <p className="field-error" role="alert">{constantIssue}</p>}
          <div className="run-bar">
            <button type="button" className="run" onClick={onRun} disabled={Boolean(blocked) || runner.running} title={blocked ?? 'Compile, check and time (Ctrl/Cmd+Enter)'} data-testid="run">
              Run <kbd>Ctrl+Enter</kbd>
            </button>
            {blocked && !runner.running && <span className="muted">{blocked}</span>}
          </div>
          {runner.running && <RunProgressLine progress={runner.progress} onCancel={runner.cancel} />}
          {failure && <FailureBox failure={failure} lastGood={runner.lastGood} currentSource={ws.draft?.source} onRunLastGood={() => runner.lastGood && runner.run(runner.lastGood)} />}
          {latest && <RecordView record={latest} label={labels.get(latest.sourceHash)} heading={failure ? 'Last successful run' : 'Result'} />}
          {ws.draft && (
            <TunePanel spec={spec} tuning={tuning} blocked={Boolean(blocked) || runner.running} current={ws.draft.constants} onApply={ws.applyConstants} />
          )}
          {ws.draft && (
            <PeerPanel spec={spec} params={ws.draft.params} history={runner.history} session={session} store={store} blocked={!device || runner.running || tuning.running || suites.busy !== undefined} log={log} onStored={suites.refreshRuns} />
          )}
          <section className="panel history" aria-label="History">
            <div className="history-head">
              <h2>History <span className="muted">({runner.history.length} run{runner.history.length === 1 ? '' : 's'})</span></h2>
              <button type="button" className="link" disabled={runner.history.length === 0} onClick={() => exportHistory(spec.id, runner.history, gpu.status === 'ready' ? gpu.ctx.info : undefined, suites.ceilings)}>
                Export JSON
              </button>
            </div>
            {runner.history.length > 0 ? (
              <Suspense fallback={<p className="muted">Loading chart…</p>}>
                <HistoryChart records={runner.history} labels={labels} />
              </Suspense>
            ) : (
              <p className="muted">Each run of this kernel adds a point here, labelled with its code version.</p>
            )}
          </section>
          <RooflinePanel suites={suites} current={spec.id} />
          <SweepsPanel suites={suites} fallback={fallback} blocked={runner.running || tuning.running || !device} />
        </section>
      </main>
    </div>
  );
}
