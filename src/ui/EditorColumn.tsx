/**
 * The middle column: the kernel's code in Monaco with its save state, reset,
 * "Changes" (the library version beside the edit, CodeDiff.tsx) and Share,
 * and, for your own kernels, tabs for the sidecar (JSON) and the reference
 * (JavaScript), with whatever keeps them from making a kernel shown above. A
 * shared kernel says where it came from and offers Keep; a shared reference
 * waits for "Allow it to run".
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { CompileMessage } from '../gpu/errors';
import type { KernelSpec } from '../kernels/spec';
import type { SharedKernel } from '../share/link';
import type { OpenedKernel } from '../share/opened';
import { ShareButton } from './SharePanel';
import type { CustomSpec } from './hooks/useCustomKernels';
import { useEscape, useQuestionFocus } from './hooks/useEscape';
import type { Workspace } from './hooks/useWorkspace';

const WgslEditor = lazy(() => import('./WgslEditor'));
const CodeDiff = lazy(() => import('./CodeDiff'));

type Tab = 'wgsl' | 'sidecar' | 'reference';
const TABS: readonly { tab: Tab; label: string }[] = [
  { tab: 'wgsl', label: 'kernel.wgsl' },
  { tab: 'sidecar', label: 'sidecar.json' },
  { tab: 'reference', label: 'reference.js' },
];

export function EditorColumn({ spec, ws, custom, shared, share, onKeep, onAllowReference, messages, onRun, dark, onRemove, tabMovesFocus, onToggleTabFocus, children }: {
  spec: KernelSpec;
  ws: Workspace;
  /** Set for your own kernels (and shared ones with their own sidecar). */
  custom: CustomSpec | undefined;
  /** Set for a kernel opened from a link, a results file or a run. */
  shared: OpenedKernel | undefined;
  /** What Share puts in the link: the kernel as it is in the editor. */
  share: Omit<SharedKernel, 'format'> | undefined;
  onKeep: () => void;
  onAllowReference: () => void;
  messages: readonly CompileMessage[];
  onRun: () => void;
  dark: boolean;
  onRemove: () => void;
  tabMovesFocus: boolean;
  onToggleTabFocus: () => void;
  children: ReactNode;
}) {
  const [picked, setPicked] = useState<{ kernel: string; tab: Tab }>();
  const [confirmRemove, setConfirmRemove] = useState<string>();
  const [confirmKeep, setConfirmKeep] = useState<string>();
  // "Changes": the library version beside the edit, for an edited library kernel (yours have no library version).
  const [changesOf, setChangesOf] = useState<string>();
  const changes = !custom && ws.edited && changesOf === spec.id;
  // Once nothing differs (a reset), the view closes for good: an "Undo reset" brings the edit back into the editor.
  if (changesOf === spec.id && ws.draft && !ws.edited) setChangesOf(undefined);
  useEscape(confirmRemove === spec.id, () => setConfirmRemove(undefined));
  useEscape(confirmKeep === spec.id, () => setConfirmKeep(undefined));
  const { asker: keepAsker, safe: keepSafe } = useQuestionFocus(confirmKeep === spec.id);
  const { asker, safe } = useQuestionFocus(confirmRemove === spec.id);
  const tab: Tab = custom && picked?.kernel === spec.id ? picked.tab : 'wgsl';
  const draft = ws.draft;
  const text = !draft ? '' : tab === 'wgsl' ? draft.source : tab === 'sidecar' ? (draft.sidecar ?? '') : (draft.reference ?? '');
  const onChange = tab === 'wgsl' ? ws.setSource : tab === 'sidecar' ? ws.setSidecar : ws.setReference;
  const saving = ws.saved ? 'saved' : 'saving…';
  const saveState = shared ? `shared, from ${shared.origin} · ${saving}` : custom ? `your kernel · ${saving}` : ws.edited ? `edited · ${saving}` : 'library version';
  // Keeping a shared kernel with a reference makes that JavaScript load on this page like your own: asked first.
  const keepAsks = shared?.custom === true && Boolean(draft?.reference?.trim());
  const removable = custom !== undefined || shared !== undefined;
  return (
    <section className="middle" aria-label="Editor">
      <div className="editor-head">
        <h2><code>{spec.id}</code> <span className="muted">{spec.title}</span></h2>
        <span className="save-state" data-testid="save-state">{saveState}</span>
        {!custom && ws.undoable !== undefined && <button type="button" onClick={ws.undoReset}>Undo reset</button>}
        {!custom && (
          <button type="button" aria-pressed={changes} onClick={() => setChangesOf(changes ? undefined : spec.id)} disabled={!ws.edited} title={ws.edited ? 'The library version beside your edit' : 'No changes: this is the library version'} data-testid="changes">
            Changes
          </button>
        )}
        {/* A shared kernel's "original" is what the link carried, not the library's: no reset there (Remove, and open the link again). */}
        {!custom && !shared && <button type="button" onClick={ws.reset} disabled={!ws.edited}>Reset to original</button>}
        <ShareButton key={spec.id} kernel={share} />
        {shared && (keepAsks && confirmKeep === spec.id ? (
          <span role="group" aria-label="Keep this kernel?" className="confirm">
            Its reference.js will then run on this page like your own code.{' '}
            <button type="button" onClick={onKeep} data-testid="keep-confirm">Keep it, with its reference</button>{' '}
            <button type="button" ref={keepSafe} onClick={() => setConfirmKeep(undefined)}>Not now</button>
          </span>
        ) : (
          <button type="button" ref={keepAsker} onClick={() => (keepAsks ? setConfirmKeep(spec.id) : onKeep())} data-testid="keep" title="Save it as one of your kernels">Keep</button>
        ))}
        {removable && (confirmRemove === spec.id ? (
          <span role="group" aria-label="Remove this kernel?" className="confirm">
            <button type="button" onClick={onRemove}>Remove it from the list</button>{' '}
            <button type="button" ref={safe} onClick={() => setConfirmRemove(undefined)}>Keep it</button>
          </span>
        ) : (
          <button type="button" ref={asker} onClick={() => setConfirmRemove(spec.id)}>Remove…</button>
        ))}
        <label className="tab-focus" title="Monaco keeps Tab for indenting; turn this on (or press Ctrl+M in the editor) to let Tab move to the next control.">
          <input type="checkbox" checked={tabMovesFocus} onChange={onToggleTabFocus} data-testid="tab-moves-focus" /> Tab leaves the editor <kbd>Ctrl+M</kbd>
        </label>
      </div>
      <p className="summary muted">{spec.summary}</p>
      {custom && (
        <div className="tabs" role="tablist" aria-label="Files of your kernel">
          {TABS.map((t) => (
            <button key={t.tab} type="button" role="tab" aria-selected={tab === t.tab} className={tab === t.tab ? 'tab selected' : 'tab'} onClick={() => setPicked({ kernel: spec.id, tab: t.tab })}>
              {t.label}{custom.problem?.where === t.tab ? ' ⚠' : ''}
            </button>
          ))}
        </div>
      )}
      {custom?.problem && (
        <p className="field-error" role="alert" data-testid="custom-problem">
          {custom.problem.message}
          {custom.awaitingConsent && tab === 'reference' && (
            <> <button type="button" onClick={onAllowReference} data-testid="allow-reference">Allow it to run (in a sandbox)</button></>
          )}
          {tab !== custom.problem.where && (
            <> <button type="button" className="link" onClick={() => setPicked({ kernel: spec.id, tab: custom.problem!.where })}>Show it</button></>
          )}
        </p>
      )}
      <div className="editor-frame">
        {draft ? (
          <Suspense fallback={<pre className="editor-fallback">{text}</pre>}>
            {changes ? (
              <CodeDiff
                original={spec.source}
                modified={{ modelKey: spec.id, value: draft.source, revision: ws.revision, onChange: ws.setSource, messages }}
                originalName="the library version"
                modifiedName="your edit"
                dark={dark}
                onRun={onRun}
                tabMovesFocus={tabMovesFocus}
              />
            ) : <WgslEditor
              modelKey={tab === 'wgsl' ? spec.id : `${spec.id}#${tab}`}
              language={tab === 'wgsl' ? 'wgsl' : 'javascript'}
              value={text}
              revision={ws.revision}
              onChange={onChange}
              messages={tab === 'wgsl' ? messages : []}
              onRun={onRun}
              dark={dark}
              readOnly={tab === 'wgsl' && !custom && spec.passes.length === 0}
              tabMovesFocus={tabMovesFocus}
              onToggleTabFocus={onToggleTabFocus}
            />}
          </Suspense>
        ) : (
          <p className="muted">Loading your saved work…</p>
        )}
      </div>
      {children}
    </section>
  );
}
