/**
 * The text models behind the editors, one per kernel file and kept for the
 * page's life: a model holds its text and its undo history, so the editor
 * and the diff view ("Changes") can take turns showing one kernel's WGSL
 * without losing either; and the read-only texts diffs compare. Also how
 * compiler messages become markers.
 */
import type { CompileMessage } from '../gpu/errors';
import { monaco } from './monaco';

const models = new Map<string, monaco.editor.ITextModel>();

/** The model for `key` (a kernel id, or `id#sidecar`), made from `value` the first time it is asked for. */
export function modelFor(key: string, value: string, language: string): monaco.editor.ITextModel {
  let model = models.get(key);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(value, language, monaco.Uri.parse(`inmemory://kernel-lab/${encodeURIComponent(key)}`));
    models.set(key, model);
  }
  return model;
}

const texts = new Map<string, monaco.editor.ITextModel>();

/**
 * A read-only text for a diff's side (the library's source, the code a run
 * kept), one model per distinct text, kept for the page's life: a model
 * disposed while its diff is computed makes Monaco throw ("no diff result
 * available"), as React's StrictMode does on every mount and a quick toggle
 * could; and the texts a person compares in a session are a few KB each.
 * Never edited: editable text lives in modelFor's models.
 */
export function textModel(text: string, language: string): monaco.editor.ITextModel {
  const key = `${language}\u0000${text}`;
  let model = texts.get(key);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(text, language);
    texts.set(key, model);
  }
  return model;
}

/**
 * A change from outside the editor (a loaded draft, a reset, a constant set in
 * the panel) brought into the model as one undoable edit, so Ctrl+Z takes it
 * back; nothing happens when the model already holds `text`.
 */
export function bringIn(editor: monaco.editor.ICodeEditor, model: monaco.editor.ITextModel, text: string): void {
  if (model.getValue() === text) return;
  editor.pushUndoStop();
  editor.executeEdits('kernel-lab', [{ range: model.getFullModelRange(), text }]);
  editor.pushUndoStop();
}

const SEVERITY: Record<CompileMessage['type'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

function toMarker(model: monaco.editor.ITextModel, m: CompileMessage): monaco.editor.IMarkerData {
  // Messages without a place (pipeline errors) go on the first line.
  const line = m.line > 0 ? Math.min(m.line, model.getLineCount()) : 1;
  const column = m.line > 0 ? Math.max(1, m.column) : 1;
  const end = m.length > 0 ? column + m.length : model.getLineMaxColumn(line);
  return { severity: SEVERITY[m.type], message: m.message, startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: Math.max(end, column + 1) };
}

/** Compiler messages as markers on the model for `key`, at their line and column (hover shows the message). */
export function setMessages(key: string, messages: readonly CompileMessage[]): void {
  const model = models.get(key);
  if (model) monaco.editor.setModelMarkers(model, 'kernel-lab', messages.map((m) => toMarker(model, m)));
}
