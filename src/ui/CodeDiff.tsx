/**
 * Monaco's diff editor, for "what changed": the library version against the
 * edit in the editor column ("Changes"), and one run's files against
 * another's in the history ("Compare two runs"). The left side is always
 * read-only; the right side is either read-only text or the kernel's own
 * model (editor-models.ts), so typing there is typing in the kernel, with the
 * editor's undo history, and closing the view loses nothing. Side by side
 * where there is room, inline (removed lines over added ones) in a narrow
 * column. A line under it says what changed, in words, for everyone who does
 * not see the colours. Loaded lazily, like the editor.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CompileMessage } from '../gpu/errors';
import { bringIn, modelFor, setMessages, textModel } from './editor-models';
import { describeLineChanges } from './line-changes';
import { monaco } from './monaco';

/** The right side as the kernel's live model: edits go to the draft, outside changes come in as undoable edits. */
export interface EditableSide {
  readonly modelKey: string;
  readonly value: string;
  /** Changes whenever `value` was set from outside (a reset, a constant set in the panel). */
  readonly revision: number;
  readonly onChange: (value: string) => void;
  readonly messages: readonly CompileMessage[];
}

export interface CodeDiffProps {
  readonly original: string;
  /** Read-only text, or the kernel's own model. */
  readonly modified: string | EditableSide;
  readonly language?: 'wgsl' | 'javascript';
  /** What the sides are, for screen readers and the summary: "the library version", "your edit", "run #3". */
  readonly originalName: string;
  readonly modifiedName: string;
  readonly dark: boolean;
  /** Below this width (px) the diff is inline, one column. */
  readonly inlineBelow?: number;
  /** Among other panels: fold unchanged stretches and take the height of what is left, instead of filling the frame. */
  readonly compact?: boolean;
  readonly onRun?: () => void;
  readonly tabMovesFocus?: boolean;
}

const LINE_PX = 19;

/**
 * Keeps a side's accessible name. Monaco 0.57's diff editor passes
 * `originalAriaLabel`/`modifiedAriaLabel` to its sides only to blank them
 * again on its first option pass (and on every later one): set it on the
 * side itself, and again whenever its options change.
 */
function keepLabel(side: monaco.editor.ICodeEditor, label: string): monaco.IDisposable {
  const set = (): void => {
    if (side.getOption(monaco.editor.EditorOption.ariaLabel) !== label) side.updateOptions({ ariaLabel: label });
  };
  set();
  return side.onDidChangeConfiguration(set);
}

export default function CodeDiff({ original, modified, language = 'wgsl', originalName, modifiedName, dark, inlineBelow = 900, compact = false, onRun, tabMovesFocus = false }: CodeDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  const diff = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const [summary, setSummary] = useState('Comparing…');
  const [height, setHeight] = useState(12 * LINE_PX);
  const editable = typeof modified === 'string' ? undefined : modified;
  const text = typeof modified === 'string' ? modified : undefined;
  const modelKey = editable?.modelKey;
  // The latest props for Monaco's callbacks.
  const latest = useRef({ onRun, editable, tabMovesFocus });
  useLayoutEffect(() => {
    latest.current = { onRun, editable, tabMovesFocus };
  });

  // One diff editor per pair of texts. Everything is made and disposed
  // together, so React's StrictMode (the dev server), which runs this twice,
  // leaves a second editor with its models, never an empty one.
  useEffect(() => {
    if (!host.current) return;
    const d = monaco.editor.createDiffEditor(host.current, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      lineHeight: LINE_PX,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: true,
      renderSideBySideInlineBreakpoint: inlineBelow,
      // Whitespace is part of an edit too: otherwise an edit of indentation alone shows "no differences".
      ignoreTrimWhitespace: false,
      originalEditable: false,
      readOnly: modelKey === undefined,
      renderMarginRevertIcon: false,
      renderGutterMenu: false,
      renderOverviewRuler: !compact,
      hideUnchangedRegions: { enabled: compact, contextLineCount: 2, minimumLineCount: 4 },
      scrollbar: { alwaysConsumeMouseWheel: !compact },
      tabFocusMode: latest.current.tabMovesFocus,
    });
    const left = textModel(original, language);
    const right = modelKey === undefined ? textModel(text ?? '', language) : modelFor(modelKey, latest.current.editable?.value ?? '', language);
    d.setModel({ original: left, modified: right });
    let revealed = false;
    const subs = [
      keepLabel(d.getOriginalEditor(), `${originalName}, read-only`),
      keepLabel(d.getModifiedEditor(), modelKey === undefined ? `${modifiedName}, read-only` : modifiedName),
      d.onDidUpdateDiff(() => {
        const changes = d.getLineChanges() ?? [];
        setSummary(describeLineChanges(changes, modifiedName));
        // The first change in view when the diff first arrives (it may be far down); later updates come from typing.
        if (!revealed && changes.length > 0) {
          revealed = true;
          d.revealFirstDiff();
        }
      }),
      d.getModifiedEditor().onDidContentSizeChange((e) => setHeight(e.contentHeight)),
      d.getModifiedEditor().onDidChangeModelContent(() => {
        if (modelKey !== undefined) latest.current.editable?.onChange(right.getValue());
      }),
    ];
    d.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
    diff.current = d;
    return () => {
      for (const s of subs) s.dispose();
      d.setModel(null);
      d.dispose();
      diff.current = null;
      // The models stay: the kernel's is the editor's, with its undo history, and texts are kept (editor-models.ts).
    };
  }, [original, text, modelKey, language, originalName, modifiedName, inlineBelow, compact]);

  // Outside changes to an editable side (a reset, a constant set in the panel)
  // as one undoable edit, only when `revision` moves (as in WgslEditor: a value
  // that merely echoes typing arrives a render late). Remembered per editor,
  // so a second editor (StrictMode) is brought up to date too.
  const revision = editable?.revision ?? -1;
  const applied = useRef<{ diff: monaco.editor.IStandaloneDiffEditor | null; revision: number }>({ diff: null, revision: -1 });
  useEffect(() => {
    const d = diff.current;
    if (!d || modelKey === undefined || (applied.current.diff === d && applied.current.revision === revision)) return;
    applied.current = { diff: d, revision };
    const model = d.getModifiedEditor().getModel();
    const value = latest.current.editable?.value;
    if (model && value !== undefined) bringIn(d.getModifiedEditor(), model, value);
  }, [revision, modelKey]);

  const messages = editable?.messages;
  useEffect(() => {
    if (modelKey !== undefined && messages) setMessages(modelKey, messages);
  }, [messages, modelKey]);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'kernel-lab-dark' : 'kernel-lab-light');
  }, [dark]);

  // On each side, not through the diff editor: its updateOptions blanks the sides' aria labels.
  useEffect(() => {
    for (const side of [diff.current?.getOriginalEditor(), diff.current?.getModifiedEditor()]) side?.updateOptions({ tabFocusMode: tabMovesFocus });
  }, [tabMovesFocus]);

  // A compact view is as tall as what it shows, within reason; a full one fills its frame.
  const style = compact ? { height: `${Math.min(Math.max(height, 6 * LINE_PX), 28 * LINE_PX) + 2}px` } : undefined;
  return (
    <div className={compact ? 'code-diff compact' : 'code-diff'}>
      <p className="diff-summary" role="status" data-testid="diff-summary">{summary}</p>
      <div className="diff-host" ref={host} style={style} data-testid="code-diff" />
    </div>
  );
}
