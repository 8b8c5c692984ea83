/**
 * Monaco for one kernel's WGSL. Each kernel gets its own model (and so its own
 * undo history); compiler messages become markers at their line and column;
 * Ctrl/Cmd+Enter runs. Loaded lazily: the page paints before Monaco arrives.
 */
import { useEffect, useRef } from 'react';
import type { CompileMessage } from '../gpu/errors';
import { monaco } from './monaco';

export interface WgslEditorProps {
  readonly kernelId: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly messages: readonly CompileMessage[];
  readonly onRun: () => void;
  readonly dark: boolean;
}

const models = new Map<string, monaco.editor.ITextModel>();

function modelFor(kernelId: string, value: string): monaco.editor.ITextModel {
  let model = models.get(kernelId);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(value, 'wgsl', monaco.Uri.parse(`inmemory://kernel-lab/${kernelId}.wgsl`));
    models.set(kernelId, model);
  }
  return model;
}

const SEVERITY: Record<CompileMessage['type'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

export default function WgslEditor({ kernelId, value, onChange, messages, onRun, dark }: WgslEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

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
    e.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => callbacks.current.onRun());
    const sub = e.onDidChangeModelContent(() => callbacks.current.onChange(e.getValue()));
    editor.current = e;
    return () => {
      sub.dispose();
      e.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
  }, [dark]);

  // Switch models with the kernel; bring outside changes (reset, restore) in as an undoable edit.
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const model = modelFor(kernelId, value);
    if (e.getModel() !== model) e.setModel(model);
    if (model.getValue() !== value) {
      e.pushUndoStop();
      e.executeEdits('kernel-lab', [{ range: model.getFullModelRange(), text: value }]);
      e.pushUndoStop();
    }
  }, [kernelId, value]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    const lastLine = model.getLineCount();
    monaco.editor.setModelMarkers(
      model,
      'kernel-lab',
      messages.map((m) => {
        // Messages without a place (pipeline errors) go on the first line.
        const line = m.line > 0 ? Math.min(m.line, lastLine) : 1;
        const column = m.line > 0 ? Math.max(1, m.column) : 1;
        const end = m.length > 0 ? column + m.length : model.getLineMaxColumn(line);
        return { severity: SEVERITY[m.type], message: m.message, startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: Math.max(end, column + 1) };
      }),
    );
  }, [messages, kernelId]);

  return <div className="editor-host" ref={host} data-testid="editor" />;
}
