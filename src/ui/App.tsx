/**
 * One page, three panes: the library, the editor with its console, and the
 * parameters, verdict, figures and charts. Nothing in the core loop hides
 * behind navigation; a browser without WebGPU still gets the whole page.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { inspectKernel, type InspectedKernel } from '../bench/run/prepare';
import { planWithinLimits } from '../bench/run/run';
import { versionKey, versionLabels } from '../bench/results/versions';
import { CompileError, LimitError, messageOf } from '../gpu/errors';
import { limitRemedy } from '../gpu/limits';
import { constantsBesideCode } from '../kernels/overrides';
import { reflectWgsl } from '../kernels/reflect';
import { findKernel, LIBRARY } from '../kernels/library';
import { CUSTOM_FAMILY, customShell } from '../kernels/custom-template';
import { defaultConstants, defaultParams, missingFeatures } from '../kernels/spec';
import { validateParams } from '../kernels/plan';
import { openStore, type Store } from '../store/store';
import { ConsoleStrip } from './ConsoleStrip';
import { EditorColumn } from './EditorColumn';
import { useCustomKernels, useCustomSpec } from './hooks/useCustomKernels';
import { DeviceChip, DevicePanel } from './DevicePanel';
import { useConsoleLog } from './hooks/useConsoleLog';
import { useDarkMode } from './hooks/useDarkMode';
import { useGpu } from './hooks/useGpu';
import { useKernelRun } from './hooks/useKernelRun';
import { useShaderCheck } from './hooks/useShaderCheck';
import { useDeviceSuites } from './hooks/useDeviceSuites';
import { useTuning } from './hooks/useTuning';
import { useWorkspace } from './hooks/useWorkspace';
import { PeerPanel } from './PeerPanel';
import { TunePanel } from './TunePanel';
import { CeilingsSection, RooflinePanel, SweepsPanel } from './DeviceSuitesPanels';
import { KernelLibrary } from './KernelLibrary';
import { ParamsPanel, type LimitIssue } from './ParamsPanel';
import { exportHistory } from './export';
import { ComparePanel } from './ComparePanel';
import { HistoryActions } from './HistoryActions';
import { FailureBox, RecordView, RunProgressLine } from './ResultPanel';
import { initialLibraryOpen, rememberLibraryOpen, Workbench } from './Workbench';

const HistoryChart = lazy(() => import('./HistoryChart'));

const DEFAULT_KERNEL = 'matmul/naive';

const FILE_NAMES = { wgsl: 'kernel.wgsl', sidecar: 'sidecar.json', reference: 'reference.js' } as const;

const LIMIT_ADVICE: Record<LimitIssue['remedy'], string> = {
  workgroup: 'Too big for this device: make the workgroup (the constants) smaller.',
  sizes: 'Too big for this device: make the sizes smaller.',
  bindings: 'This kernel binds more buffers than this device allows.',
};

export function App() {
  const [store, setStore] = useState<Store>();
  const { entries, log, clear } = useConsoleLog(store);
  const { state: gpu, session } = useGpu(log);
  const dark = useDarkMode();
  const [kernelId, setKernelId] = useState<string>();
  const [deviceOpen, setDeviceOpen] = useState(false);
  const chip = useRef<HTMLButtonElement>(null);
  const [libraryOpen, setLibraryOpen] = useState(initialLibraryOpen);
  const [tabMovesFocus, setTabMovesFocus] = useState(() => localStorage.getItem('kernel-lab-tab-moves-focus') === 'true');
  // Which kernels carry the user's edits, as of their last visit; the current one is live.
  const [editedBefore, setEditedBefore] = useState<Readonly<Record<string, boolean>>>({});

  useEffect(() => {
    void openStore().then(async (s) => {
      if (!s.persistent) log('warn', 'This browser gives the page no storage: edits and results will not survive a reload.');
      const last = await s.getSetting('kernel');
      const drafts = await Promise.all(LIBRARY.map((k) => s.getDraft(k.id)));
      setEditedBefore(Object.fromEntries(LIBRARY.map((k, i) => [k.id, drafts[i] !== undefined && drafts[i]?.source !== k.source])));
      const lastIsMine = last?.startsWith(`${CUSTOM_FAMILY}/`) && (await s.getDraft(last)) !== undefined;
      setKernelId(last && (findKernel(last) || lastIsMine) ? last : DEFAULT_KERNEL);
      setStore(s);
    });
  }, [log]);

  const custom = useCustomKernels(store);
  const builtin = findKernel(kernelId ?? DEFAULT_KERNEL);
  const isCustom = !builtin && kernelId !== undefined && kernelId.startsWith(`${CUSTOM_FAMILY}/`);
  // Stable per kernel: the workspace reloads the draft when its spec changes.
  const shell = useMemo(() => builtin ?? (isCustom ? customShell(kernelId) : LIBRARY[0]!), [builtin, isCustom, kernelId]);
  const ws = useWorkspace(store, shell, log);
  const customSpec = useCustomSpec(shell.id, ws.draft);
  // Your kernel's spec comes from its files; while they have a problem, the last
  // spec they made stands (greyed), and until they make one, a shell with nothing to run.
  const stale = isCustom && !customSpec.spec && customSpec.lastGood !== undefined;
  const spec = builtin ?? customSpec.spec ?? customSpec.lastGood ?? shell;
  // Parameters a sidecar gained since the draft was saved get their defaults.
  // Constants live in the code: only those it leaves open are kept beside it.
  const reflection = useMemo(() => (ws.draft ? reflectWgsl(ws.draft.source) : undefined), [ws.draft]);
  const draft = useMemo(
    () =>
      ws.draft && reflection
        ? { ...ws.draft, params: { ...defaultParams(spec), ...ws.draft.params }, constants: constantsBesideCode(reflection, { ...defaultConstants(spec), ...ws.draft.constants }) }
        : undefined,
    [ws.draft, reflection, spec],
  );
  const device = gpu.status === 'ready' ? gpu.ctx.device : undefined;
  const liveMessages = useShaderCheck(device, spec, draft?.source);
  const kernelRun = useKernelRun(session, store, spec, draft, log);
  const suites = useDeviceSuites(session, store, log);
  const tuning = useTuning(session, store, spec, draft, log);
  const fallback = gpu.status === 'ready' && gpu.ctx.info.isFallbackAdapter;
  const refreshRuns = suites.refreshRuns;
  const historyLength = kernelRun.history.length;
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

  const createCustom = async (name: string): Promise<string | undefined> => {
    const made = await custom.create(name);
    if ('problem' in made) return made.problem;
    select(made.id);
    log('info', `${made.id}: created from the template. Its sidecar and reference are in the tabs above the editor.`);
    return undefined;
  };
  const removeCustom = (): void => {
    void custom.remove(spec.id.slice(CUSTOM_FAMILY.length + 1));
    log('info', `${spec.id} removed from your kernels; its runs stay in the history.`);
    select(DEFAULT_KERNEL);
  };

  const issues = draft ? validateParams(spec, draft.params) : [];
  // Reflection of the current code: overrides for the form, constant values for the plan.
  const { inspected, constantIssue } = useMemo((): { inspected?: InspectedKernel; constantIssue?: string } => {
    if (!draft) return {};
    try {
      return { inspected: inspectKernel(spec, draft.source, draft.constants) };
    } catch (e) {
      return { constantIssue: messageOf(e) };
    }
  }, [spec, draft]);
  // "Too big for this device" as soon as the sizes or constants say so, like a bad parameter.
  const limitIssue = useMemo((): LimitIssue | undefined => {
    if (!device || !draft || !inspected || issues.length > 0) return undefined;
    try {
      planWithinLimits(device, spec, inspected, draft.params);
      return undefined;
    } catch (e) {
      return e instanceof LimitError ? { message: e.message, remedy: limitRemedy(e.limit) } : undefined;
    }
  }, [device, draft, inspected, issues.length, spec]);

  const failure = kernelRun.failure;
  const runMessages = failure?.error instanceof CompileError && failure.source === draft?.source ? failure.error.messages : undefined;
  const messages = runMessages ?? liveMessages;
  const missing = device ? missingFeatures(spec, device.features, reflection?.enables) : [];
  const blocked = !device
    ? 'No GPU device yet.'
    : isCustom && customSpec.problem ? `Fix ${FILE_NAMES[customSpec.problem.where]} first.`
    : isCustom && (!customSpec.spec || customSpec.pending) ? 'Reading your kernel…'
    : missing.length > 0 ? `This device lacks ${missing.join(' and ')}.`
    : suites.busy || tuning.running ? 'The device is being measured.'
    : issues.length > 0 || constantIssue ? 'Fix the parameters first.'
    : limitIssue ? LIMIT_ADVICE[limitIssue.remedy] : undefined;
  const run = kernelRun.run;
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

  const labels = useMemo(() => versionLabels(kernelRun.history, isCustom), [kernelRun.history, isCustom]);
  const latest = kernelRun.outcome?.record ?? kernelRun.history.at(-1);
  const closeDevice = useCallback(() => {
    setDeviceOpen(false);
    chip.current?.focus();
  }, []);
  const showLibrary = (open: boolean): void => {
    setLibraryOpen(open);
    rememberLibraryOpen(open);
  };
  const toggleTabFocus = useCallback(() => {
    setTabMovesFocus((on) => {
      localStorage.setItem('kernel-lab-tab-moves-focus', String(!on));
      return !on;
    });
  }, []);

  const library = (
    <KernelLibrary kernels={LIBRARY} selected={spec.id} edited={edited} features={device?.features} onSelect={select} mine={custom.names} onCreate={createCustom} />
  );
  const editor = (
    <EditorColumn spec={spec} ws={ws} custom={isCustom ? customSpec : undefined} messages={messages} onRun={onRun} dark={dark} onRemove={removeCustom} tabMovesFocus={tabMovesFocus} onToggleTabFocus={toggleTabFocus}>
      <ConsoleStrip entries={entries} onClear={clear} />
    </EditorColumn>
  );
  const results = (
    <section className="right" aria-label="Run and results">
      {draft && (
        <ParamsPanel
          spec={spec}
          params={draft.params}
          constants={inspected?.constants.values ?? draft.constants}
          overrides={inspected?.reflection.overrides ?? reflection?.overrides ?? []}
          reflection={inspected?.reflection ?? reflection}
          issues={issues}
          limitIssue={limitIssue}
          stale={stale}
          onParam={ws.setParam}
          onConstant={ws.setConstant}
        />
      )}
      {constantIssue && <p className="field-error" role="alert">{constantIssue}</p>}
      <div className="run-bar">
        <button type="button" className="run" onClick={onRun} disabled={Boolean(blocked) || kernelRun.running} title={blocked ?? 'Compile, check and time (Ctrl/Cmd+Enter)'} data-testid="run">
          Run <kbd>Ctrl+Enter</kbd>
        </button>
        {blocked && !kernelRun.running && <span className="muted">{blocked}</span>}
      </div>
      {kernelRun.running && <RunProgressLine progress={kernelRun.progress} onCancel={kernelRun.cancel} />}
      {failure && <FailureBox failure={failure} lastGood={kernelRun.lastGood} currentSource={draft?.source} onRunLastGood={() => kernelRun.lastGood && kernelRun.run(kernelRun.lastGood)} />}
      {latest && <RecordView record={latest} label={labels.get(versionKey(latest))} heading={failure ? 'Previous run' : 'Result'} ceilings={suites.ceilings} />}
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
        <ComparePanel kernel={spec.id} history={kernelRun.history} store={store} />
      </section>
      <RooflinePanel suites={suites} current={spec.id} />
      <SweepsPanel suites={suites} fallback={fallback} blocked={kernelRun.running || tuning.running || !device} />
    </section>
  );

  return (
    <div className="app">
      <header className="top">
        <button type="button" className="library-toggle" aria-expanded={libraryOpen} aria-controls="library" onClick={() => showLibrary(!libraryOpen)} data-testid="library-toggle">
          {libraryOpen ? '◀ Library' : '▶ Library'}
        </button>
        <h1>Kernel Lab</h1>
        <p className="tagline">WGSL kernels on your own GPU, checked and measured</p>
        <DeviceChip ref={chip} state={gpu} open={deviceOpen} onToggle={() => (deviceOpen ? closeDevice() : setDeviceOpen(true))} />
      </header>
      {gpu.status === 'unavailable' && (
        <div className="banner" role="alert" data-testid="no-webgpu">
          <strong>{gpu.message}</strong> {gpu.advice} You can still read and edit every kernel here.
        </div>
      )}
      {deviceOpen && (
        <DevicePanel state={gpu} onReset={() => void session.reset()} onClose={closeDevice}>
          <CeilingsSection suites={suites} fallback={fallback} blocked={kernelRun.running || tuning.running} />
        </DevicePanel>
      )}
      <Workbench library={library} editor={editor} run={results} libraryOpen={libraryOpen} onLibraryOpen={showLibrary} />
    </div>
  );
}
