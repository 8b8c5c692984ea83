/**
 * The slim, offline Monaco: the bare editor API plus the features we use and
 * WGSL highlighting, all from our own bundle (workshops have bad wifi).
 * Importing plain `monaco-editor` would pull every language worker (~20 MB).
 * Only imported by the editor and the diff view, which are loaded lazily.
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
// The diff view's commands: next/previous change (F7, Shift+F7) and the accessible diff viewer.
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/languages/definitions/wgsl/register';
import 'monaco-editor/languages/definitions/javascript/register';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = { getWorker: () => new EditorWorker() };

// Monaco's own themes with the few colours that fall under 4.5:1 contrast
// (WGSL attributes such as @group in grey, the dimmed line numbers) darkened
// or lightened: the code must read on a projector too.
monaco.editor.defineTheme('kernel-lab-light', {
  base: 'vs',
  inherit: true,
  rules: [{ token: 'annotation', foreground: '5f6368' }],
  colors: { 'editorLineNumber.dimmedForeground': '#6b7280' },
});
monaco.editor.defineTheme('kernel-lab-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '7fb069' },
    { token: 'variable.predefined', foreground: '8fa8e8' },
    { token: 'annotation', foreground: 'e49494' },
  ],
  colors: { 'editorLineNumber.dimmedForeground': '#9aa4b1' },
});

export { monaco };
