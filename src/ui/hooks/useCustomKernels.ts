import { useCallback, useEffect, useState } from 'react';
import { CompileError, messageOf } from '../../gpu/errors';
import { customKernel } from '../../kernels/custom';
import { CUSTOM_FAMILY, customNameProblem, TEMPLATE_REFERENCE, TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../../kernels/custom-template';
import { loadReferenceModule } from '../../kernels/reference-module';
import type { KernelSpec } from '../../kernels/spec';
import { getJson, putJson, type KernelDraft, type Store } from '../../store/store';

const LIST_KEY = 'customKernels';
/** The reference's tab name, which messages use. */
const REFERENCE_FILE = 'reference.js';

/** The names of your own kernels, kept in the store; a new one starts from the template. */
export function useCustomKernels(store: Store | undefined) {
  const [names, setNames] = useState<readonly string[]>([]);
  useEffect(() => {
    if (!store) return;
    void getJson<string[]>(store, LIST_KEY).then((n) => setNames(n ?? []));
  }, [store]);

  /** Creates the kernel and returns its id, or returns why it cannot. */
  const create = useCallback(
    async (name: string): Promise<{ id: string } | { problem: string }> => {
      const problem = customNameProblem(name, names);
      if (problem) return { problem };
      if (!store) return { problem: 'Storage is not ready yet.' };
      const id = `${CUSTOM_FAMILY}/${name}`;
      await store.putDraft({ kernel: id, source: TEMPLATE_WGSL, sidecar: TEMPLATE_SIDECAR, reference: TEMPLATE_REFERENCE, params: {}, constants: {}, savedAt: new Date().toISOString() });
      const next = [...names, name];
      await putJson(store, LIST_KEY, next);
      setNames(next);
      return { id };
    },
    [names, store],
  );

  /** Forgets the kernel (its draft stays in the store, unlisted, and its runs stay in the history). */
  const remove = useCallback(
    async (name: string) => {
      if (!store) return;
      const next = names.filter((n) => n !== name);
      await putJson(store, LIST_KEY, next);
      setNames(next);
    },
    [names, store],
  );

  return { names, create, remove };
}

export interface CustomSpec {
  readonly spec: KernelSpec | undefined;
  /**
   * While the files have a problem: the last spec they made, so the
   * parameters panel can keep showing it (greyed) instead of collapsing.
   */
  readonly lastGood?: KernelSpec | undefined;
  /** True while the latest edit is still being read: the spec may be the previous one. */
  readonly pending?: boolean;
  /** Why the sidecar or the reference does not make a kernel, at the place it concerns. */
  readonly problem: { readonly where: 'wgsl' | 'sidecar' | 'reference'; readonly message: string } | undefined;
}

/** Your kernel's spec, from its WGSL, sidecar and reference as they stand in the editor. */
export function useCustomSpec(id: string, draft: KernelDraft | undefined): CustomSpec {
  const [state, setState] = useState<{ id: string; key: string; value: CustomSpec; lastGood?: KernelSpec | undefined }>();
  const isCustom = id.startsWith(`${CUSTOM_FAMILY}/`);
  const key = draft && isCustom ? `${id}\u0000${draft.source}\u0000${draft.sidecar}\u0000${draft.reference}` : undefined;

  useEffect(() => {
    if (!draft || !key) return;
    let live = true;
    const name = id.slice(CUSTOM_FAMILY.length + 1);
    const timer = setTimeout(() => {
      void (async (): Promise<CustomSpec> => {
        let sidecar: unknown;
        try {
          sidecar = JSON.parse(draft.sidecar ?? '');
        } catch (e) {
          return { spec: undefined, problem: { where: 'sidecar', message: `The sidecar is not valid JSON: ${messageOf(e)}` } };
        }
        let reference;
        if (draft.reference?.trim()) {
          try {
            reference = await loadReferenceModule(draft.reference, REFERENCE_FILE);
          } catch (e) {
            // The sidecar alone still describes the kernel: its parameters stay on show, greyed.
            let withoutReference: KernelSpec | undefined;
            try {
              withoutReference = customKernel({ name, file: 'sidecar', wgsl: draft.source, sidecar });
            } catch {
              withoutReference = undefined;
            }
            return { spec: undefined, lastGood: withoutReference, problem: { where: 'reference', message: messageOf(e) } };
          }
        }
        try {
          const spec = customKernel({ name, file: 'sidecar', wgsl: draft.source, sidecar, ...(reference ? { reference, referenceModule: draft.reference, referenceFile: REFERENCE_FILE } : {}) });
          if (spec.id !== id) return { spec: undefined, problem: { where: 'sidecar', message: `sidecar: id: in the page your kernel keeps its name, ${id}; leave "id" out.` } };
          return { spec, problem: undefined };
        } catch (e) {
          // WGSL the reader cannot parse is kernel.wgsl's problem (the editor marks it), not the sidecar's.
          const where = e instanceof CompileError ? 'wgsl' : 'sidecar';
          return { spec: undefined, problem: { where, message: e instanceof CompileError ? `kernel.wgsl: ${e.message}` : messageOf(e) } };
        }
      })().then((value) => live && setState((s) => ({ id, key, value, lastGood: value.spec ?? (s?.id === id ? s.lastGood : undefined) ?? value.lastGood })));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, draft, key]);

  // While an edit is being re-read, the previous answer for this kernel stands (no flicker).
  if (state?.id !== id) return { spec: undefined, problem: undefined, pending: key !== undefined };
  const value = state.key === key ? state.value : { ...state.value, pending: true };
  return { ...value, lastGood: state.lastGood };
}
