import { useCallback, useEffect, useState } from 'react';
import { CompileError, messageOf } from '../../gpu/errors';
import { customKernel } from '../../kernels/custom';
import { CUSTOM_FAMILY, customNameProblem, TEMPLATE_REFERENCE, TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../../kernels/custom-template';
import { loadReferenceModule } from '../../kernels/reference-module';
import type { KernelSpec } from '../../kernels/spec';
import { SHARED_FAMILY, workerOnlyReference, type OpenedKernel } from '../../share/opened';
import { probeSandboxed } from '../reference';
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

  /**
   * Makes `custom/<name>` from given files (a shared kernel being kept) and
   * returns its id; `name` must be free (see keepName).
   */
  const createFrom = useCallback(
    async (name: string, files: Omit<KernelDraft, 'kernel' | 'savedAt'>): Promise<string | undefined> => {
      if (!store || names.includes(name)) return undefined;
      const id = `${CUSTOM_FAMILY}/${name}`;
      await store.putDraft({ ...files, kernel: id, savedAt: new Date().toISOString() });
      const next = [...names, name];
      await putJson(store, LIST_KEY, next);
      setNames(next);
      return id;
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

  return { names, create, createFrom, remove };
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
  /** A shared kernel whose reference waits for the person's agreement before it may run (in the Worker). */
  readonly awaitingConsent?: boolean;
}

/** Shown at reference.js while a shared reference waits for agreement. */
export const CONSENT_MESSAGE =
  'This reference.js came with a shared kernel: it is JavaScript someone else wrote. Read it first; ' +
  'it runs only after you allow it, and then only in a sandbox, away from this page, its storage and the network.';

/**
 * Your kernel's spec, from its WGSL, sidecar and reference as they stand in
 * the editor; for a shared custom kernel (`shared`), the same, except that its
 * reference is only checked, in the Worker, once it is allowed.
 */
export function useCustomSpec(id: string, draft: KernelDraft | undefined, shared?: OpenedKernel): CustomSpec {
  const [state, setState] = useState<{ id: string; key: string; value: CustomSpec; lastGood?: KernelSpec | undefined }>();
  const isCustom = id.startsWith(`${CUSTOM_FAMILY}/`) || shared?.custom === true;
  const allowed = shared?.referenceAllowed ?? true;
  const key = draft && isCustom ? `${id}\u0000${draft.source}\u0000${draft.sidecar}\u0000${draft.reference}\u0000${allowed}` : undefined;

  useEffect(() => {
    if (!draft || !key) return;
    let live = true;
    const name = shared ? id.slice(SHARED_FAMILY.length + 1) : id.slice(CUSTOM_FAMILY.length + 1);
    // A shared kernel is known by its shared id and title, whatever its sidecar says.
    const asShared = (spec: KernelSpec): KernelSpec => (shared ? { ...spec, id, family: SHARED_FAMILY, title: shared.title, sandboxed: true } : spec);
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
            if (!shared) reference = await loadReferenceModule(draft.reference, REFERENCE_FILE);
            else if (!allowed) throw new Error(CONSENT_MESSAGE);
            else {
              // Loaded in the sandbox only: its top level never runs on this page, nor where the page's storage is.
              await probeSandboxed(draft.reference, REFERENCE_FILE);
              reference = workerOnlyReference;
            }
          } catch (e) {
            // The sidecar alone still describes the kernel: its parameters stay on show, greyed.
            let withoutReference: KernelSpec | undefined;
            try {
              withoutReference = asShared(customKernel({ name, file: 'sidecar', wgsl: draft.source, sidecar }));
            } catch {
              withoutReference = undefined;
            }
            return { spec: undefined, lastGood: withoutReference, problem: { where: 'reference', message: messageOf(e) }, ...(shared && !allowed ? { awaitingConsent: true } : {}) };
          }
        }
        try {
          const spec = asShared(customKernel({ name, file: 'sidecar', wgsl: draft.source, sidecar: shared ? withoutId(sidecar) : sidecar, ...(reference ? { reference, referenceModule: draft.reference, referenceFile: REFERENCE_FILE } : {}) }));
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
    // `shared` is read through `key` (its consent) and `id`: a new list object alone changes nothing.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [id, draft, key]);

  // While an edit is being re-read, the previous answer for this kernel stands (no flicker).
  if (state?.id !== id) return { spec: undefined, problem: undefined, pending: key !== undefined };
  const value = state.key === key ? state.value : { ...state.value, pending: true };
  return { ...value, lastGood: state.lastGood };
}

/** A shared sidecar's own "id" names the kernel it came from; the page knows it by its shared id. */
function withoutId(sidecar: unknown): unknown {
  if (typeof sidecar !== 'object' || sidecar === null || Array.isArray(sidecar)) return sidecar;
  const { id: _id, ...rest } = sidecar as Record<string, unknown>;
  return rest;
}
