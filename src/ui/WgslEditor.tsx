/**
 * Monaco for one kernel's WGSL. Each kernel gets its own model (and so its own
 * undo history, which the diff view shares: editor-models.ts); compiler
 * messages become markers at their line and column; Ctrl/Cmd+Enter runs.
 * Loaded lazily: the page paints before Monaco arrives.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { CompileMessage } from '../gpu/errors';
import { bringIn, modelFor, setMessages } from './editor-models';
import { monaco } from './monaco';

export interface WgslEditorProps {
  /** One model (and undo history) per key: a kernel's WGSL, or one of its other files. */
  readonly modelKey: string;
  readonly language?: 'wgsl' | 'javascript';
  readonly value: string;
  /** Changes whenever `value` was set from outside the editor (a loaded draft, a reset). */
  readonly revision: number;
  readonly onChange: (value: string) => void;
  readonly messages: readonly CompileMessage[];
  readonly onRun: () => void;
  readonly dark: boolean;
  /** For kernels without a shader (the driver's copy): the text only explains. */
  readonly readOnly?: boolean;
  /** Tab moves focus out of the editor instead of indenting (Monaco's tab focus mode). */
  readonly tabMovesFocus?: boolean;
  /** Ctrl/Cmd+M in the editor asks to flip `tabMovesFocus`. */
  readonly onToggleTabFocus?: () => void;
}

export default function WgslEditor({ modelKey, language = 'wgsl', value, revision, onChange, messages, onRun, dark, readOnly = false, tabMovesFocus = false, onToggleTabFocus }: WgslEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // The latest props for Monaco's callbacks and for outside-change syncing.
  const latest = useRef({ onChange, onRun, value, onToggleTabFocus });
  useLayoutEffect(() => {
    latest.current = { onChange, onRun, value, onToggleTabFocus };
  });

  useEffect(() => {
    if (!host.current) return;
    const e = monaco.editor.create(host.current, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      tabSize: 2,
      fixedOverflowWidgets: true,
      ariaLabel: 'WGSL source',
    });
    e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
    // Monaco's own binding for this flips a hidden global; ours flips the visible toggle.
    e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM, () => latest.current.onToggleTabFocus?.());
    const sub = e.onDidChangeModelContent(() => latest.current.onChange(e.getValue()));
    editor.current = e;
    return () => {
      sub.dispose();
      e.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'kernel-lab-dark' : 'kernel-lab-light');
  }, [dark]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly, tabFocusMode: tabMovesFocus });
  }, [readOnly, tabMovesFocus]);

  // Switch models with the kernel, and bring outside changes in as one undoable
  // edit, only when `revision` moves: values that merely echo the user's typing
  // arrive a render late and must not overwrite what was typed since. What was
  // applied is remembered per editor instance: React's StrictMode (the dev
  // server) disposes the first editor and makes a second, which must get the
  // model too, or it shows an empty buffer of its own.
  const applied = useRef<{ editor: monaco.editor.IStandaloneCodeEditor | null; modelKey: string; revision: number }>({ editor: null, modelKey: '', revision: -1 });
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const a = applied.current;
    if (a.editor === e && a.modelKey === modelKey && a.revision === revision) return;
    applied.current = { editor: e, modelKey, revision };
    const next = latest.current.value;
    const model = modelFor(modelKey, next, language);
    if (e.getModel() !== model) e.setModel(model);
    bringIn(e, model, next);
  }, [modelKey, revision, language]);

  useEffect(() => setMessages(modelKey, messages), [messages, modelKey]);

  return <div className="editor-host" ref={host} data-testid="editor" />;
}
