/**
 * Kernels opened from elsewhere: a share link, a row of a results file, a run
 * in the history. Each becomes a "shared" kernel beside the user's own drafts
 * (its own id, its own draft and history), so opening one never overwrites
 * anything; "Keep" makes it one of the user's kernels (see README, "Share by
 * link"). Library edits keep the library's spec and reference; a custom
 * kernel's reference is text that runs only in the sandbox (a Worker in an
 * opaque-origin iframe: bench/run/reference-sandbox.ts), and only
 * once the person agrees (`referenceAllowed`).
 */
import type { RunRow } from '../bench/results/parse';
import type { RunRecord } from '../bench/run/record';
import { KernelLabError } from '../gpu/errors';
import { CUSTOM_FAMILY } from '../kernels/custom-template';
import { sourceHash } from '../kernels/hash';
import type { KernelSpec, Reference } from '../kernels/spec';
import type { KernelDraft } from '../store/types';
import { SHARE_FORMAT, type SharedKernel } from './link';

export const SHARED_FAMILY = 'shared';

/** What the page keeps about an opened kernel (its files are its draft, under `id`). */
export interface OpenedKernel {
  /** `shared/<base>-<hash>`: the same content always gets the same id, so opening a link twice adds it once. */
  readonly id: string;
  /** The kernel it is a version of: a library id, or a custom kernel's `custom/<name>`. */
  readonly base: string;
  /** As given by its origin: shown as text only. */
  readonly title: string;
  /** Where it came from, in words: "a link", "results.json", "run 3 in your history". */
  readonly origin: string;
  /** True when it carries its own sidecar (a custom kernel); false for an edit of a library kernel. */
  readonly custom: boolean;
  /** Whether the person agreed to run its reference module (custom kernels with one only). */
  readonly referenceAllowed: boolean;
  /** ISO 8601. */
  readonly openedAt: string;
}

export const isSharedId = (id: string): boolean => id.startsWith(`${SHARED_FAMILY}/`);

/** A kernel id as a name part: `matmul/vec4` → `matmul-vec4`. */
const slug = (text: string, max = 40): string =>
  text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '') || 'kernel';

/**
 * The opened kernel and its draft for `shared`, from `origin`. The id hashes
 * the content, so the same link opened twice is one kernel.
 */
export function openShared(shared: SharedKernel, origin: string, now = new Date()): { meta: OpenedKernel; draft: KernelDraft } {
  const hash = sourceHash(JSON.stringify([shared.kernel, shared.wgsl, shared.sidecar ?? '', shared.reference ?? '', shared.params, shared.constants])).slice(0, 8);
  const id = `${SHARED_FAMILY}/${slug(shared.kernel)}-${hash}`;
  const custom = shared.sidecar !== undefined;
  const meta: OpenedKernel = {
    id,
    base: shared.kernel,
    title: shared.title,
    origin,
    custom,
    // Nothing to agree to when there is no reference text.
    referenceAllowed: !custom || !shared.reference?.trim(),
    openedAt: now.toISOString(),
  };
  const draft: KernelDraft = {
    kernel: id,
    source: shared.wgsl,
    params: { ...shared.params },
    constants: { ...shared.constants },
    constantsInCode: true,
    savedAt: now.toISOString(),
    ...(custom ? { sidecar: shared.sidecar, reference: shared.reference ?? '' } : {}),
  };
  return { meta, draft };
}

/**
 * What a share link of the kernel in the editor carries. `base` is the id the
 * link names: for a shared kernel, the one it was opened from.
 */
export function sharedFromDraft(base: string, title: string, draft: KernelDraft): Omit<SharedKernel, 'format'> {
  return {
    kernel: base,
    title,
    wgsl: draft.source,
    ...(draft.sidecar !== undefined ? { sidecar: draft.sidecar, reference: draft.reference ?? '' } : {}),
    params: { ...draft.params },
    constants: { ...draft.constants },
  };
}

/**
 * A run (a record in the history, or an entry of a results file) as a kernel
 * to open. Throws when the run does not carry its code (made before runs kept
 * it): only its hash is known then.
 */
export function sharedFromRun(run: RunRecord | RunRow, title: string): SharedKernel {
  if (run.wgsl === undefined) {
    throw new KernelLabError('spec', `This run of ${run.kernel} was saved before runs kept their code (only its hash, ${run.sourceHash}, is known), so it cannot be opened.`);
  }
  return {
    format: SHARE_FORMAT,
    kernel: run.kernel,
    title,
    wgsl: run.wgsl,
    ...(run.sidecar !== undefined ? { sidecar: run.sidecar, reference: run.referenceModule ?? '' } : {}),
    params: { ...run.params },
    constants: { ...run.constants },
  };
}

/** The spec of a shared edit of library kernel `library`: the library's, under the shared id and title. */
export function sharedLibrarySpec(library: KernelSpec, meta: Pick<OpenedKernel, 'id' | 'title'>): KernelSpec {
  return { ...library, id: meta.id, family: SHARED_FAMILY, title: meta.title, libraryBase: library.id };
}

/**
 * Stands in for a shared reference on the page's thread: it must never run
 * here, only in the sandbox (which loads `referenceModule`).
 */
export const workerOnlyReference: Reference = (_inputs, _params, _constants) => {
  throw new KernelLabError('spec', 'A shared reference runs only in the sandbox, which is not available: reload the page and run again.');
};

/** A free name for keeping a shared custom kernel among the user's own (`custom/<name>`). */
export function keepName(opened: OpenedKernel, taken: readonly string[]): string {
  const base = slug(opened.base.startsWith(`${CUSTOM_FAMILY}/`) ? opened.base.slice(CUSTOM_FAMILY.length + 1) : opened.title, 36);
  const start = /^[a-z]/.test(base) ? base : `k-${base}`.slice(0, 36);
  if (!taken.includes(start)) return start;
  for (let i = 2; ; i++) if (!taken.includes(`${start}-${i}`)) return `${start}-${i}`;
}
