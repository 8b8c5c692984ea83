import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../gpu/errors';
import { findKernel } from '../../kernels/library';
import { isShareFragment, readShareFragment, type SharedKernel } from '../../share/link';
import { openShared, type OpenedKernel } from '../../share/opened';
import { getJson, putJson, type Store } from '../../store/store';
import type { Log } from './useConsoleLog';

const LIST_KEY = 'sharedKernels';

export interface Shared {
  readonly list: readonly OpenedKernel[];
  find(id: string): OpenedKernel | undefined;
  /** Why the link the page was opened with did not open; undefined when it did (or there was none). */
  readonly linkProblem: string | undefined;
  dismissLinkProblem(): void;
  /**
   * Adds the kernel (once: the same content has the same id) beside the
   * user's drafts; resolves to its id, or to why it cannot be opened.
   */
  open(shared: SharedKernel, origin: string): Promise<{ id: string } | { problem: string }>;
  allowReference(id: string): void;
  /** Forgets it (its draft and runs stay in the store, unlisted). */
  remove(id: string): Promise<void>;
}

/**
 * Kernels opened from links, results files and runs, kept in the store so a
 * reload keeps them. A link the page opens with (or that is pasted into the
 * address bar later: only the fragment changes) is opened once, then taken out
 * of the address bar, so a reload does not open it again.
 */
export function useShared(store: Store | undefined, log: Log, onOpened: (id: string) => void): Shared {
  const [list, setList] = useState<readonly OpenedKernel[]>([]);
  const current = useRef<readonly OpenedKernel[]>([]);
  const [linkProblem, setLinkProblem] = useState<string>();

  const save = useCallback(
    (next: readonly OpenedKernel[]): Promise<void> => {
      current.current = next;
      setList(next);
      return store ? putJson(store, LIST_KEY, next) : Promise.resolve();
    },
    [store],
  );

  const open = useCallback(
    async (shared: SharedKernel, origin: string): Promise<{ id: string } | { problem: string }> => {
      if (!store) return { problem: 'Storage is not ready yet.' };
      if (shared.sidecar === undefined && !findKernel(shared.kernel)) {
        return { problem: `It is an edit of ${shared.kernel}, which this page's library does not have (a newer or older Kernel Lab made it).` };
      }
      const { meta, draft } = openShared(shared, origin);
      const known = current.current.find((k) => k.id === meta.id);
      if (!known) {
        // Not listed: new, or removed before (its old draft is not the user's work any more): the link's version.
        await store.putDraft(draft);
        await save([...current.current, meta]);
        log('info', `${meta.id}: opened from ${origin} as a shared kernel beside your own; "Keep" makes it yours.`);
      } else {
        const mine = await store.getDraft(meta.id);
        if (mine && (mine.source !== draft.source || mine.sidecar !== draft.sidecar || mine.reference !== draft.reference)) {
          log('info', `${meta.id}: already open, with your edits since, which are kept. For the version ${origin} carries, remove it ("Remove…") and open it again.`);
        }
      }
      return { id: meta.id };
    },
    [store, save, log],
  );

  useEffect(() => {
    if (!store) return;
    let live = true;
    const fromLink = async (): Promise<void> => {
      const hash = window.location.hash;
      if (!isShareFragment(hash)) return;
      // Out of the address bar first: a reload must not open it again.
      history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
      let shared: SharedKernel;
      try {
        shared = readShareFragment(hash);
      } catch (e) {
        setLinkProblem(`This link did not open: ${messageOf(e)}`);
        return;
      }
      const opened = await open(shared, 'a link');
      if ('problem' in opened) setLinkProblem(`This link did not open: ${opened.problem}`);
      else {
        setLinkProblem(undefined);
        if (live) onOpened(opened.id);
      }
    };
    void getJson<OpenedKernel[]>(store, LIST_KEY).then((stored) => {
      if (!live) return;
      current.current = Array.isArray(stored) ? stored : [];
      setList(current.current);
      void fromLink();
    });
    const onHash = (): void => void fromLink();
    window.addEventListener('hashchange', onHash);
    return () => {
      live = false;
      window.removeEventListener('hashchange', onHash);
    };
  }, [store, open, onOpened]);

  const allowReference = useCallback(
    (id: string) => void save(current.current.map((k) => (k.id === id ? { ...k, referenceAllowed: true } : k))),
    [save],
  );
  const remove = useCallback((id: string) => save(current.current.filter((k) => k.id !== id)), [save]);
  const find = useCallback((id: string) => list.find((k) => k.id === id), [list]);

  return { list, find, linkProblem, dismissLinkProblem: () => setLinkProblem(undefined), open, allowReference, remove };
}
