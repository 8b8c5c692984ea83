import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultConstants, defaultParams, type KernelSpec } from '../../kernels/spec';
import type { KernelDraft, Store } from '../../store/store';
import type { Log } from './useConsoleLog';

export interface Workspace {
  /** Undefined while the saved draft is loading. */
  readonly draft: KernelDraft | undefined;
  readonly edited: boolean;
  readonly saved: boolean;
  setSource(source: string): void;
  setParam(name: string, value: number): void;
  setConstant(name: string, value: number): void;
  /** Back to the library's WGSL and constants; parameters stay. */
  reset(): void;
  /** The source that the last reset replaced, while it can be brought back. */
  readonly undoable: string | undefined;
  undoReset(): void;
}

function freshDraft(spec: KernelSpec): KernelDraft {
  return { kernel: spec.id, source: spec.source, params: defaultParams(spec), constants: defaultConstants(spec), savedAt: new Date().toISOString() };
}

/**
 * The user's draft of the current kernel. Every change is written to the store
 * at once (a few KB; IndexedDB keeps the order), so a reload or a crash loses
 * nothing that was typed.
 */
export function useWorkspace(store: Store | undefined, spec: KernelSpec, log: Log): Workspace {
  const [draft, setDraft] = useState<KernelDraft>();
  // The latest draft, for changes that arrive faster than React re-renders (typing).
  const current = useRef<KernelDraft | undefined>(undefined);
  const [saved, setSaved] = useState(true);
  const [undoable, setUndoable] = useState<string>();

  useEffect(() => {
    if (!store) return;
    let live = true;
    current.current = undefined;
    setDraft(undefined);
    setUndoable(undefined);
    void store.getDraft(spec.id).then((d) => {
      if (!live) return;
      // Parameters added to a spec since the draft was saved get their defaults.
      const loaded = d ? { ...d, params: { ...defaultParams(spec), ...d.params }, constants: { ...defaultConstants(spec), ...d.constants } } : freshDraft(spec);
      current.current = loaded;
      setDraft(loaded);
      setSaved(true);
    });
    return () => {
      live = false;
    };
  }, [store, spec]);

  const update = useCallback(
    (change: (d: KernelDraft) => KernelDraft) => {
      const d = current.current;
      if (!d || !store) return;
      const changed = change(d);
      if (changed === d) return;
      const next = { ...changed, savedAt: new Date().toISOString() };
      current.current = next;
      setDraft(next);
      setSaved(false);
      store.putDraft(next).then(
        () => current.current === next && setSaved(true),
        (e: unknown) => log('error', `Could not save your edit of ${next.kernel}: ${e instanceof Error ? e.message : String(e)}. Copy your code before reloading.`),
      );
    },
    [store, log],
  );

  const setSource = useCallback((source: string) => update((d) => (d.source === source ? d : { ...d, source })), [update]);
  const setParam = useCallback((name: string, value: number) => update((d) => ({ ...d, params: { ...d.params, [name]: value } })), [update]);
  const setConstant = useCallback((name: string, value: number) => update((d) => ({ ...d, constants: { ...d.constants, [name]: value } })), [update]);
  const reset = useCallback(() => {
    if (!draft) return;
    setUndoable(draft.source === spec.source ? undefined : draft.source);
    update((d) => ({ ...d, source: spec.source, constants: defaultConstants(spec) }));
    log('info', `${spec.id}: back to the library version. Your edit can be brought back with "Undo reset" (or Ctrl+Z in the editor).`);
  }, [draft, spec, update, log]);
  const undoReset = useCallback(() => {
    if (undoable === undefined) return;
    const source = undoable;
    setUndoable(undefined);
    update((d) => ({ ...d, source }));
  }, [undoable, update]);

  return { draft, edited: draft !== undefined && draft.source !== spec.source, saved, setSource, setParam, setConstant, reset, undoable, undoReset };
}
