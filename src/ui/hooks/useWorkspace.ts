import { useCallback, useEffect, useRef, useState } from 'react';
import { constantsBesideCode, declaredOverrides, settleConstants, withConstants } from '../../kernels/overrides';
import { reflectWgsl } from '../../kernels/reflect';
import { defaultConstants, defaultParams, type KernelSpec } from '../../kernels/spec';
import { getJson, putJson, type KernelDraft, type Store } from '../../store/store';
import type { Log } from './useConsoleLog';
import { messageOf } from '../../gpu/errors';

export interface Workspace {
  /** Undefined while the saved draft is loading. */
  readonly draft: KernelDraft | undefined;
  /** Bumped when the source changes from outside the editor (load, reset, undo). */
  readonly revision: number;
  readonly edited: boolean;
  readonly saved: boolean;
  setSource(source: string): void;
  setParam(name: string, value: number): void;
  /**
   * An `override` the code declares is changed in the code (one undoable edit,
   * so the panel and the editor never disagree); any other constant is kept
   * beside the code.
   */
  setConstant(name: string, value: number): void;
  /** Your own kernels only. */
  setSidecar(text: string): void;
  setReference(text: string): void;
  /** Back to the library's WGSL and constants; parameters stay. */
  reset(): void;
  /** Take tuned constants: into the `override` defaults of the code (the panel follows). */
  applyConstants(values: Readonly<Record<string, number>>): void;
  /** The source that the last reset replaced, while it can be brought back. */
  readonly undoable: string | undefined;
  undoReset(): void;
}

/**
 * Where the source a kept shared kernel replaced waits, so "Undo" can bring it
 * back after the page moved to the kernel (and after a reload).
 */
export const replacedKey = (kernel: string): string => `replaced:${kernel}`;

/** The spec's constants that its code leaves open (the others live in the code). */
const openConstants = (spec: KernelSpec, source: string): Record<string, number> => constantsBesideCode(reflectWgsl(source), defaultConstants(spec));

function freshDraft(spec: KernelSpec): KernelDraft {
  return { kernel: spec.id, source: spec.source, params: defaultParams(spec), constants: openConstants(spec, spec.source), constantsInCode: true, savedAt: new Date().toISOString() };
}

/**
 * The draft as a run takes it: parameters the spec gained since it was saved
 * get their defaults, and only the constants the code leaves open are kept
 * beside it (the others live in the code). The one place a draft meets its
 * spec's defaults; the page calls it with the spec it runs (for your own
 * kernels, the one their sidecar makes, which the workspace does not know).
 */
export function completeDraft(spec: KernelSpec, d: KernelDraft, reflection = reflectWgsl(d.source)): KernelDraft {
  return { ...d, params: { ...defaultParams(spec), ...d.params }, constants: constantsBesideCode(reflection, { ...defaultConstants(spec), ...d.constants }) };
}

interface State {
  readonly draft: KernelDraft;
  readonly saved: boolean;
  readonly undoable?: string | undefined;
  readonly revision: number;
}

/**
 * The user's draft of the current kernel. Every change is written to the store
 * at once (a few KB; IndexedDB keeps the order), so a reload or a crash loses
 * nothing that was typed. State is keyed by kernel: a draft of another kernel
 * is never shown, even for the render before the new one has loaded.
 */
export function useWorkspace(store: Store | undefined, spec: KernelSpec, log: Log): Workspace {
  const [state, setState] = useState<State>();
  // The latest draft, for changes that arrive faster than React re-renders (typing).
  const current = useRef<KernelDraft | undefined>(undefined);

  useEffect(() => {
    if (!store) return;
    let live = true;
    void Promise.all([store.getDraft(spec.id), getJson<string | null>(store, replacedKey(spec.id))]).then(([d, replaced]) => {
      if (!live) return;
      const { draft, moved } = settleConstants(d ?? freshDraft(spec));
      current.current = draft;
      const undoable = typeof replaced === 'string' && replaced !== draft.source ? replaced : undefined;
      setState((s) => ({ draft, saved: true, revision: (s?.revision ?? 0) + 1, ...(undoable !== undefined ? { undoable } : {}) }));
      if (moved.length > 0) {
        log('info', `${spec.id}: the Constants panel held ${moved.join(', ')}, which the code did not say; written into the code's override defaults, where constants now live.`);
        void store.putDraft(draft);
      }
    });
    return () => {
      live = false;
    };
  }, [store, spec, log]);

  const mine = state?.draft.kernel === spec.id ? state : undefined;

  const update = useCallback(
    (change: (d: KernelDraft) => KernelDraft, extra: (s: State) => Partial<State> = () => ({})) => {
      const d = current.current;
      if (!d || !store || d.kernel !== spec.id) return;
      const changed = change(d);
      if (changed === d) return;
      const next = { ...changed, savedAt: new Date().toISOString() };
      current.current = next;
      setState((s) => (s ? { ...s, ...extra(s), draft: next, saved: false } : s));
      store.putDraft(next).then(
        () => setState((s) => (s?.draft === next ? { ...s, saved: true } : s)),
        (e: unknown) => log('error', `Could not save your edit of ${next.kernel}: ${messageOf(e)}. Copy your code before reloading.`),
      );
    },
    [store, spec, log],
  );

  const setSource = useCallback((source: string) => update((d) => (d.source === source ? d : { ...d, source })), [update]);
  const setParam = useCallback((name: string, value: number) => update((d) => ({ ...d, params: { ...d.params, [name]: value } })), [update]);
  const setConstant = useCallback(
    (name: string, value: number) =>
      update(
        (d) => withConstants(d, { [name]: value }),
        (s) => (declaredOverrides(s.draft.source).has(name) ? { revision: s.revision + 1 } : {}),
      ),
    [update],
  );
  const setSidecar = useCallback((sidecar: string) => update((d) => (d.sidecar === sidecar ? d : { ...d, sidecar })), [update]);
  const setReference = useCallback((reference: string) => update((d) => (d.reference === reference ? d : { ...d, reference })), [update]);
  const reset = useCallback(() => {
    const before = current.current?.source;
    update(
      (d) => ({ ...d, source: spec.source, constants: openConstants(spec, spec.source) }),
      (s) => ({ revision: s.revision + 1, ...(before !== undefined && before !== spec.source ? { undoable: before } : {}) }),
    );
    log('info', `${spec.id}: back to the library version. "Undo reset" (or Ctrl+Z in the editor) brings your edit back.`);
  }, [spec, update, log]);
  const applyConstants = useCallback(
    (values: Readonly<Record<string, number>>) => update((d) => withConstants(d, values), (s) => ({ revision: s.revision + 1 })),
    [update],
  );
  const undoable = mine?.undoable;
  const undoReset = useCallback(() => {
    if (undoable === undefined) return;
    update((d) => ({ ...d, source: undoable }), (s) => ({ revision: s.revision + 1, undoable: undefined }));
    if (store) void putJson(store, replacedKey(spec.id), null);
  }, [undoable, update, store, spec.id]);

  return {
    draft: mine?.draft,
    revision: mine?.revision ?? 0,
    edited: mine !== undefined && mine.draft.source !== spec.source,
    saved: mine?.saved ?? true,
    setSource,
    setParam,
    setConstant,
    setSidecar,
    setReference,
    reset,
    applyConstants,
    undoable,
    undoReset,
  };
}
