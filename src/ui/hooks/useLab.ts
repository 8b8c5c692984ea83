/**
 * The page's state and what it does, apart from how it looks (App.tsx): the
 * store, the device, the kernel in the editor and its draft, what the code
 * says (reflection, constants, limits), why Run waits, and the runs, tunings
 * and device suites. App and the run column only read it and call it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { versionLabels } from '../../bench/results/versions';
import { inspectKernel, type InspectedKernel } from '../../bench/run/prepare';
import { planWithinLimits } from '../../bench/run/run';
import { CompileError, LimitError, messageOf } from '../../gpu/errors';
import { limitRemedy } from '../../gpu/limits';
import { CUSTOM_FAMILY, customShell } from '../../kernels/custom-template';
import { findKernel, LIBRARY } from '../../kernels/library';
import { validateParams } from '../../kernels/plan';
import { reflectWgsl } from '../../kernels/reflect';
import { missingFeatures } from '../../kernels/spec';
import { openStore, putJson, type Store } from '../../store/store';
import type { RunRow } from '../../bench/results/parse';
import type { RunRecord } from '../../bench/run/record';
import { isSharedId, keepName, sharedFromDraft, sharedFromRun, sharedLibrarySpec } from '../../share/opened';
import { useShared } from './useShared';
import { useDataLessons } from './useDataLessons';
import { useServingSim } from './useServingSim';
import type { LimitIssue } from '../ParamsPanel';
import { useConsoleLog } from './useConsoleLog';
import { useCustomKernels, useCustomSpec } from './useCustomKernels';
import { useDataFeeds } from './useDataFeeds';
import { useDataFiles } from './useDataFiles';
import { useDeviceSuites } from './useDeviceSuites';
import { useGpu } from './useGpu';
import { useKernelRun } from './useKernelRun';
import { useShaderCheck } from './useShaderCheck';
import { useTuning } from './useTuning';
import { completeDraft, replacedKey, useWorkspace } from './useWorkspace';

export const DEFAULT_KERNEL = 'matmul/naive';

const FILE_NAMES = { wgsl: 'kernel.wgsl', sidecar: 'sidecar.json', reference: 'reference.js' } as const;

const LIMIT_ADVICE: Record<LimitIssue['remedy'], string> = {
  workgroup: 'Too big for this device: make the workgroup (the constants) smaller.',
  sizes: 'Too big for this device: make the sizes smaller.',
  bindings: 'This kernel binds more buffers than this device allows.',
};

/** `shortcuts`: whether Ctrl/Cmd+Enter runs the workbench's kernel (not while a lesson has the page). */
export function useLab({ shortcuts = true }: { readonly shortcuts?: boolean } = {}) {
  const [store, setStore] = useState<Store>();
  const { entries, log, clear } = useConsoleLog(store);
  const { state: gpu, session } = useGpu(log);
  const [kernelId, setKernelId] = useState<string>();
  // Which kernels carry the user's edits, as of their last visit; the current one is live.
  const [editedBefore, setEditedBefore] = useState<Readonly<Record<string, boolean>>>({});

  useEffect(() => {
    // StrictMode (development) runs this twice: only the live run's store is used.
    let live = true;
    // A store that loses its database later (another tab upgrades it) says so too.
    void openStore({ onClosed: (reason) => live && log('warn', reason) }).then(async (s) => {
      if (!live) return;
      if (!s.persistent) log('warn', `${s.reason ?? 'This browser gives the page no storage.'} Edits and results will not survive a reload.`);
      const last = await s.getSetting('kernel');
      const drafts = await Promise.all(LIBRARY.map((k) => s.getDraft(k.id)));
      setEditedBefore(Object.fromEntries(LIBRARY.map((k, i) => [k.id, drafts[i] !== undefined && drafts[i]?.source !== k.source])));
      const lastIsMine = (last?.startsWith(`${CUSTOM_FAMILY}/`) || (last !== undefined && isSharedId(last))) && (await s.getDraft(last!)) !== undefined;
      if (!live) return;
      setKernelId(last && (findKernel(last) || lastIsMine) ? last : DEFAULT_KERNEL);
      setStore(s);
    });
    return () => {
      live = false;
    };
  }, [log]);

  const custom = useCustomKernels(store);
  // Opening a link selects what it opened: through a ref, so the hook's listener stays put.
  const selectRef = useRef<(id: string) => void>(() => undefined);
  const onOpened = useCallback((id: string) => selectRef.current(id), []);
  const shared = useShared(store, log, onOpened);
  const opened = kernelId !== undefined ? shared.find(kernelId) : undefined;
  const builtin = findKernel(kernelId ?? DEFAULT_KERNEL);
  // A shared edit of a library kernel runs as that kernel, under its own id.
  const sharedLibrary = opened && !opened.custom ? findKernel(opened.base) : undefined;
  const isCustom = !builtin && kernelId !== undefined && (kernelId.startsWith(`${CUSTOM_FAMILY}/`) || opened?.custom === true);
  const openedId = opened?.id;
  const openedTitle = opened?.title;
  // Stable per kernel: the workspace reloads the draft when its spec changes.
  const shell = useMemo(
    () =>
      builtin ??
      (sharedLibrary && openedId !== undefined ? sharedLibrarySpec(sharedLibrary, { id: openedId, title: openedTitle ?? openedId }) : isCustom ? customShell(kernelId) : LIBRARY[0]!),
    [builtin, sharedLibrary, openedId, openedTitle, isCustom, kernelId],
  );
  const ws = useWorkspace(store, shell, log);
  const customSpec = useCustomSpec(shell.id, ws.draft, opened?.custom ? opened : undefined);
  // Your kernel's spec comes from its files; while they have a problem, the last
  // spec they made stands (greyed), and until they make one, a shell with nothing to run.
  const stale = !(isCustom && !customSpec.spec && customSpec.lastGood !== undefined) ? undefined
    : customSpec.awaitingConsent ? 'The shared reference.js waits for you to allow it: its parameters are shown read-only until then.'
    : `${FILE_NAMES[customSpec.problem?.where ?? 'sidecar']} has a problem: showing the last version that worked.`;
  const fixed = builtin ?? (sharedLibrary ? shell : undefined);
  const spec = fixed ?? customSpec.spec ?? customSpec.lastGood ?? shell;
  const reflection = useMemo(() => (ws.draft ? reflectWgsl(ws.draft.source) : undefined), [ws.draft]);
  const draft = useMemo(() => (ws.draft && reflection ? completeDraft(spec, ws.draft, reflection) : undefined), [ws.draft, reflection, spec]);
  const device = gpu.status === 'ready' ? gpu.ctx.device : undefined;
  // Reflection of the current code: overrides for the form, constant values for the plan.
  const { inspected, constantIssue } = useMemo((): { inspected?: InspectedKernel; constantIssue?: string } => {
    if (!draft) return {};
    try {
      return { inspected: inspectKernel(spec, draft.source, draft.constants) };
    } catch (e) {
      return { constantIssue: messageOf(e) };
    }
  }, [spec, draft]);
  const liveMessages = useShaderCheck(device, spec, draft?.source);
  // Loaded data, and the columns that feed this kernel's inputs (their sizes follow them).
  const dataFiles = useDataFiles(store, log);
  const feeds = useDataFeeds({ store, spec, params: draft?.params, constants: inspected?.constants.values, reflection, files: dataFiles.files, restoring: dataFiles.restoring, limits: device?.limits, setParam: ws.setParam, log });
  const kernelRun = useKernelRun(session, store, spec, draft, log, feeds.inputs);
  const suites = useDeviceSuites(session, store, log);
  const tuning = useTuning(session, store, spec, draft, log);
  const lessons = useDataLessons(session, store, log);
  const serving = useServingSim(session, store, log);
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
  useEffect(() => {
    selectRef.current = select;
  });

  /** Opens a run (from the history or a results file) as a shared kernel; resolves to why not, or undefined. */
  const openRun = async (run: RunRecord | RunRow, origin: string): Promise<string | undefined> => {
    let made;
    try {
      made = await shared.open(sharedFromRun(run, `${run.kernel}, ${origin}`), origin);
    } catch (e) {
      return messageOf(e);
    }
    if ('problem' in made) return made.problem;
    select(made.id);
    return undefined;
  };

  /**
   * The shared kernel in the editor becomes the user's: a custom one joins
   * "your kernels" under a free name; a library edit becomes the draft of that
   * library kernel, the draft it replaces kept for "Undo".
   */
  const keepShared = async (): Promise<void> => {
    const d = ws.draft;
    if (!opened || !store || !d) return;
    const files = { source: d.source, params: d.params, constants: d.constants, constantsInCode: true as const };
    let id: string | undefined;
    if (opened.custom) {
      const name = keepName(opened, custom.names);
      id = await custom.createFrom(name, { ...files, sidecar: d.sidecar ?? '', reference: d.reference ?? '' });
      if (id) log('info', `${opened.id} kept as ${id}, one of your kernels.`);
    } else {
      const base = findKernel(opened.base);
      if (!base) return;
      const mine = await store.getDraft(base.id);
      const replaced = mine && mine.source !== base.source && mine.source !== d.source ? mine.source : undefined;
      await putJson(store, replacedKey(base.id), replaced ?? null);
      await store.putDraft({ ...files, kernel: base.id, savedAt: new Date().toISOString() });
      id = base.id;
      log('info', `${opened.id} kept as your version of ${base.id}.${replaced ? ' Your earlier edit is one click away: "Undo reset".' : ''}`);
    }
    if (!id) return;
    // Its runs come along: the kept kernel's history starts where the shared one's was.
    for (const r of await store.listRuns(opened.id)) await store.addRun({ ...r, kernel: id });
    await shared.remove(opened.id);
    select(id);
  };
  const removeShared = (): void => {
    if (!opened) return;
    void shared.remove(opened.id);
    log('info', `${opened.id} removed from the shared kernels; its runs stay in the history.`);
    select(DEFAULT_KERNEL);
  };
  /** What Share puts in a link: the kernel in the editor, named by the kernel it is a version of. */
  const shareKernel = () => {
    const base = opened ? { kernel: opened.base, title: opened.title } : { kernel: spec.id, title: spec.title };
    return draft ? sharedFromDraft(base.kernel, base.title, draft) : undefined;
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
  // "Too big for this device" as soon as the sizes or constants say so, like a bad parameter.
  const limitIssue = useMemo((): LimitIssue | undefined => {
    if (!device || !draft || !inspected || issues.length > 0) return undefined;
    try {
      planWithinLimits(device.limits, spec, inspected, draft.params);
      return undefined;
    } catch (e) {
      return e instanceof LimitError ? { message: e.message, remedy: limitRemedy(e.limit) } : undefined;
    }
  }, [device, draft, inspected, issues.length, spec]);

  const failure = kernelRun.failure;
  const runMessages = failure?.error instanceof CompileError && failure.source === draft?.source ? failure.error.messages : undefined;
  const messages = runMessages ?? liveMessages;
  const missing = device ? missingFeatures(spec, device.features, reflection?.enables) : [];
  /** Why Run waits, in words; undefined when it may run. */
  const blocked = !device
    ? 'No GPU device yet.'
    : isCustom && customSpec.awaitingConsent ? 'Read the shared reference.js and allow it to run first.'
    : isCustom && customSpec.problem ? `Fix ${FILE_NAMES[customSpec.problem.where]} first.`
    : isCustom && (!customSpec.spec || customSpec.pending) ? 'Reading your kernel…'
    : missing.length > 0 ? `This device lacks ${missing.join(' and ')}.`
    : suites.busy || tuning.running || lessons.running || serving.running ? 'The device is being measured.'
    : issues.length > 0 || constantIssue ? 'Fix the parameters first.'
    : feeds.blocked ?? (limitIssue ? LIMIT_ADVICE[limitIssue.remedy] : undefined);
  const run = kernelRun.run;
  const onRun = useCallback(() => {
    if (!blocked) run();
  }, [blocked, run]);

  useEffect(() => {
    if (!shortcuts) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !e.defaultPrevented) {
        e.preventDefault();
        onRun();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onRun, shortcuts]);

  const labels = useMemo(() => versionLabels(kernelRun.history, isCustom), [kernelRun.history, isCustom]);

  return {
    store, log, entries, clearConsole: clear, gpu, session, device, fallback,
    spec, isCustom, ws, customSpec, customNames: custom.names, stale, reflection, draft, inspected,
    issues, constantIssue, limitIssue, messages, blocked, onRun,
    kernelRun, suites, tuning, labels, latest: kernelRun.outcome?.record ?? kernelRun.history.at(-1),
    data: { files: dataFiles, feeds },
    edited, select, createCustom, removeCustom,
    shared, opened, openRun, keepShared, removeShared, shareKernel, lessons, serving,
  };
}

export type Lab = ReturnType<typeof useLab>;
