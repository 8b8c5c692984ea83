/**
 * A lesson as a page: its prose (rendered safely: notebooks/prose.ts), its
 * cells in order (LessonCell.tsx), and a bar that stays in view with Run all,
 * Cancel, the progress, the size preset, Reset and Share. One column that
 * reads at 420 px and on a projector; the library can sit beside it.
 */
import { memo, useMemo, useState } from 'react';
import { messageOf } from '../gpu/errors';
import { SIZE_PRESETS, type SizePreset } from '../kernels/spec';
import type { Block } from '../notebooks/format';
import type { LessonFile } from '../notebooks/lessons';
import { runTally } from '../notebooks/page-status';
import { renderProse } from '../notebooks/prose';
import type { GpuSession } from '../gpu/session';
import type { Store } from '../store/store';
import type { Log } from './hooks/useConsoleLog';
import { useLesson, type LessonState } from './hooks/useLesson';
import { LessonCell } from './LessonCell';
import 'katex/dist/katex.min.css';
import './lesson.css';

export interface LessonPageProps {
  readonly file: LessonFile;
  readonly session: GpuSession | undefined;
  readonly store: Store | undefined;
  readonly log: Log;
  readonly fallback: boolean;
  readonly dark: boolean;
  /** False for a lesson file opened from disk: a link could not open it elsewhere. */
  readonly shareable: boolean;
}

/** Prose is rendered once per text: markdown-it, KaTeX and DOMPurify are not free. */
const Prose = memo(function Prose({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderProse(markdown), [markdown]);
  // Sanitised by DOMPurify after markdown-it (raw HTML off, safe links only): see notebooks/prose.ts.
  return <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
});

/**
 * Share: each press makes a fresh link for the edits as they are now; the
 * panel shows it only while the edits are the ones it was made from (an edit,
 * Reset or Undo closes it, so it never offers a stale link), and Close hides it.
 */
function ShareLesson({ state }: { state: LessonState }) {
  const [made, setMade] = useState<{ readonly from: LessonState['edits'] } & ({ link: string } | { problem: string })>();
  const [copied, setCopied] = useState(false);
  const make = (): void => {
    setCopied(false);
    try {
      setMade({ from: state.edits, link: state.share() });
    } catch (e) {
      setMade({ from: state.edits, problem: messageOf(e) });
    }
  };
  const shown = made && made.from === state.edits ? made : undefined;
  const cells = Object.keys(state.edits).length;
  return (
    <>
      <button type="button" onClick={make} aria-expanded={shown !== undefined} aria-controls={shown ? 'lesson-share-box' : undefined} data-testid="lesson-share">Share</button>
      {shown && (
        <div id="lesson-share-box" className="share-box lesson-share" role="group" aria-label="Share this lesson with your edits" data-testid="lesson-share-box">
          {'link' in shown ? (
            <>
              <label htmlFor="lesson-share-link">
                Link to this lesson with your edits ({cells} cell{cells === 1 ? '' : 's'}, {shown.link.length.toLocaleString('en')} characters; nothing is uploaded)
              </label>
              <div className="run-bar">
                <input id="lesson-share-link" readOnly value={shown.link} spellCheck={false} data-testid="lesson-share-link" onFocus={(e) => e.target.select()} />
                <button type="button" onClick={() => void navigator.clipboard.writeText(shown.link).then(() => setCopied(true), () => undefined)}>{copied ? 'Copied' : 'Copy'}</button>
                <button type="button" onClick={() => setMade(undefined)} data-testid="lesson-share-close">Close</button>
              </div>
            </>
          ) : (
            <p className="field-error" role="alert">
              {shown.problem}{' '}
              <button type="button" className="link" onClick={() => setMade(undefined)} data-testid="lesson-share-close">Close</button>
            </p>
          )}
        </div>
      )}
    </>
  );
}

function LessonBar({ state, shareable }: { state: LessonState; shareable: boolean }) {
  const lesson = state.lesson;
  return (
    <div className="lesson-bar" role="toolbar" aria-label="Lesson">
      <div className="lesson-actions">
        {state.running ? (
          <button type="button" onClick={state.cancel} data-testid="lesson-cancel">Cancel</button>
        ) : (
          <button type="button" className="run" onClick={state.runAll} disabled={!lesson || !state.loaded} data-testid="lesson-run-all">Run all</button>
        )}
        <label className="lesson-size">
          Sizes{' '}
          <select value={state.size} onChange={(e) => state.setSize(e.target.value as SizePreset)} disabled={state.running}>
            {SIZE_PRESETS.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <button type="button" onClick={state.reset} disabled={state.running || Object.keys(state.edits).length === 0} data-testid="lesson-reset">Reset</button>
        {shareable ? <ShareLesson state={state} /> : <span className="muted small">A lesson opened from a file cannot be shared as a link: add it to notebooks/ first.</span>}
      </div>
      <p className="lesson-progress" role="status" aria-live="polite" data-testid="lesson-progress">
        {state.running ? (state.progress ?? 'Starting…') : lesson ? runTally(lesson.cells, state.outcomes, state.cancelledAt) : ''}
      </p>
    </div>
  );
}

function BlockView({ block, state, dark }: { block: Block; state: LessonState; dark: boolean }) {
  if (block.type === 'prose') return <Prose markdown={block.markdown} />;
  return <LessonCell cell={block} state={state} dark={dark} />;
}

export function LessonPage({ file, session, store, log, fallback, dark, shareable }: LessonPageProps) {
  const state = useLesson(file, session, store, log, fallback);
  const { lesson, error, notice } = state;
  return (
    <article className="lesson" aria-label={`Lesson: ${lesson?.title ?? file.title}`} data-testid="lesson" data-lesson={file.id}>
      <LessonBar state={state} shareable={shareable} />
      {notice && (
        <div className={notice.tone === 'problem' ? 'lesson-notice problem' : 'lesson-notice'} role={notice.tone === 'problem' ? 'alert' : 'status'} data-testid="lesson-notice">
          {notice.text}{' '}
          {notice.undo && <button type="button" onClick={state.undo}>{notice.undo.label}</button>}{' '}
          <button type="button" className="link" onClick={state.dismissNotice}>Dismiss</button>
        </div>
      )}
      {error !== undefined && (
        <div className="lesson-notice problem" role="alert" data-testid="lesson-problems">
          <p>{file.file} does not read as a lesson:</p>
          <ul>{(typeof error === 'string' ? [error] : error.problems.map((p) => `line ${p.line}: ${p.message}`)).map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      )}
      {lesson?.blocks.map((b) => <BlockView key={`${b.type}:${b.line}`} block={b} state={state} dark={dark} />)}
    </article>
  );
}
