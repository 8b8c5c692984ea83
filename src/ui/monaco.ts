/**
 * The slim, offline Monaco: the bare editor API plus the features we use and
 * WGSL highlighting, all from our own bundle (workshops have bad wifi).
 * Importing plain `monaco-editor` would pull every language worker (~20 MB).
 * Only imported by WgslEditor, which is itself loaded lazily.
 */
import * as monaco from 'monaco-editor/editor';
// oxlint-disable-next-line import/default -- Vite's ?worker import provides the default export.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/languages/definitions/wgsl/register';
import 'monaco-editor/languages/definitions/javascript/register';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
