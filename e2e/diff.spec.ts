/**
 * See what changed: the library version beside an edit ("Changes", Monaco's
 * diff editor, inline in a narrow window), which keeps the edit and its undo
 * history; and two runs of a kernel compared ("Compare two runs"): the
 * change in speed in words, the parameters and constants that differ, and
 * the code diff.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { TEMPLATE_SIDECAR } from '../src/kernels/custom-template';
import { cursorAfter, editorText, openApp, pickKernel, setField } from './helpers';

const LIBRARY_LINE = 'out[i] = params.a * x[i] + y[i];';
/** Where a line is in the library's saxpy (the editor renders only the lines in view). */
const lineOf = (text: string): number => readFileSync('shaders/vector/saxpy.wgsl', 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
const EDITED_AT = lineOf(LIBRARY_LINE);
const EDITED_LINE = 'out[i] = fma(params.a, x[i], y[i]);';

/** Paste `text` where the focused editor's cursor is: one undoable edit (typing is undone word by word). */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Replace the code on the line holding `line` by `text`. */
async function replaceLine(page: Page, line: string, text: string): Promise<void> {
  await cursorAfter(page, line);
  await page.keyboard.press('Shift+Home');
  await paste(page, text);
  await expect.poll(() => editorText(page)).toContain(text);
}

async function noSeriousViolations(page: Page, where: string): Promise<void> {
  const found = await new AxeBuilder({ page }).analyze();
  const bad = found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

test('Changes: the library version beside your edit, which keeps its undo history and goes inline in a narrow window', async ({ page }) => {
  // Wide, and the library folded: room for two columns of code.
  await page.setViewportSize({ width: 1920, height: 1000 });
  await openApp(page);
  await pickKernel(page, 'vector/saxpy');
  await page.getByTestId('library-toggle').click();
  await expect(page.getByTestId('library-toggle')).toHaveAttribute('aria-expanded', 'false');
  const changes = page.getByTestId('changes');
  // Nothing to compare until the kernel is edited.
  await expect(changes).toBeDisabled();

  await replaceLine(page, LIBRARY_LINE, EDITED_LINE);
  await expect(page.getByTestId('save-state')).toHaveText('edited · saved');
  await changes.click();
  await expect(changes).toHaveAttribute('aria-pressed', 'true');

  // The changed line is marked, and said in words. A wide editor shows the two side by side, the library's read-only on the left.
  const diff = page.getByTestId('code-diff');
  await expect(page.getByTestId('diff-summary')).toHaveText(`1 change in your edit: line ${EDITED_AT} changed.`);
  await expect(diff.locator('.monaco-diff-editor')).toHaveClass(/side-by-side/);
  await expect(diff.locator('.editor.modified .line-insert').first()).toBeVisible();
  await expect(diff.locator('.editor.original .line-delete').first()).toBeVisible();
  await expect(diff.locator('.editor.modified .view-line', { hasText: 'fma(params.a' })).toBeVisible();
  await expect(diff.locator('.editor.original .view-line', { hasText: 'params.a * x[i] + y[i]' })).toBeVisible();
  await expect(diff.getByRole('textbox', { name: 'the library version, read-only' })).toHaveAttribute('aria-autocomplete', 'none');
  await noSeriousViolations(page, 'the changes view');

  // The right side is the kernel itself: typing there is saved like any edit.
  await diff.locator('.editor.modified .view-line', { hasText: 'fma(params.a' }).click({ position: { x: 4, y: 4 } });
  await page.keyboard.press('End');
  await paste(page, ' // fused');
  await expect(diff.locator('.editor.modified .view-line', { hasText: '// fused' })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('edited · saved');
  await expect(page.getByTestId('diff-summary')).toHaveText(`1 change in your edit: line ${EDITED_AT} changed.`);

  // Back to the editor: the edit is there, and Ctrl+Z takes back what was typed in the diff view, then the paste.
  await changes.click();
  await expect(changes).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('code-diff')).toHaveCount(0);
  await expect.poll(() => editorText(page)).toContain(`${EDITED_LINE} // fused`);
  await cursorAfter(page, 'fma(params.a');
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page)).not.toContain('// fused');
  expect(await editorText(page)).toContain(EDITED_LINE);
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page)).toContain(LIBRARY_LINE);
  await expect(page.getByTestId('save-state')).toHaveText('library version');
  await expect(changes).toBeDisabled();
  await page.keyboard.press('Control+y');
  await expect.poll(() => editorText(page)).toContain(EDITED_LINE);

  // A narrow window gets one column: the library's line, removed, over yours, added.
  await page.setViewportSize({ width: 420, height: 900 });
  await changes.click();
  await expect(page.getByTestId('diff-summary')).toHaveText(`1 change in your edit: line ${EDITED_AT} changed.`);
  await expect(diff.locator('.monaco-diff-editor')).not.toHaveClass(/side-by-side/);
  await expect(diff.locator('.editor.modified .line-insert').first()).toBeVisible();
  await expect(diff.locator('.editor.modified .view-lines.line-delete')).toContainText('params.a * x[i] + y[i]');
  await noSeriousViolations(page, 'the changes view, inline');
  // A constant chosen in the panel is written into the code, and the open diff follows.
  await page.locator('#const-WG').selectOption('128');
  await expect(page.getByTestId('diff-summary')).toHaveText(`2 changes in your edit: line ${lineOf('override WG')} changed; line ${EDITED_AT} changed.`);

  // "Reset to original" from the changes view: nothing left to compare, so the editor comes back, and the edit can still be brought back.
  await page.getByRole('button', { name: 'Reset to original' }).click();
  await expect(page.getByTestId('code-diff')).toHaveCount(0);
  await expect.poll(() => editorText(page)).toContain(LIBRARY_LINE);
  await page.getByRole('button', { name: 'Undo reset' }).click();
  await expect.poll(() => editorText(page)).toContain(EDITED_LINE);
});

test('Compare two runs: the change in speed in words, the parameters and constants that differ, and the code diff', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'vector/saxpy');
  await setField(page, 'N', '3001');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // Another version: new code, another constant (rewritten into the code) and another scale.
  await replaceLine(page, LIBRARY_LINE, EDITED_LINE);
  await page.locator('#const-WG').selectOption('128');
  await expect.poll(() => editorText(page)).toContain('override WG: u32 = 128;');
  await setField(page, 'a', '3');
  await page.getByTestId('run').click();
  await expect(page.locator('.history h2')).toContainText('(2 runs)');
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  await page.getByRole('button', { name: 'Compare two runs' }).click();
  const panel = page.getByRole('group', { name: 'Compare two runs' });
  // The last two, from the older to the newer.
  await expect(page.getByTestId('run-diff-a')).toHaveValue('0');
  await expect(page.getByTestId('run-diff-b')).toHaveValue('1');
  await expect(page.getByTestId('run-diff-speed')).toHaveText(
    /^(run #2 \(edit 1\) is [\d.,]+× faster than run #1 \(library\)|run #1 \(library\) is [\d.,]+× faster than run #2 \(edit 1\)|run #2 \(edit 1\) and run #1 \(library\) are the same speed)( \(within the noise of ±[\d.]+%\))?$/,
  );
  const figures = page.getByTestId('run-diff-figures');
  await expect(figures.getByRole('row', { name: /median/ })).toContainText(/s.*s/);
  await expect(figures.getByRole('row', { name: /FLOP\/s/ })).toContainText(/FLOP\/s.*FLOP\/s/);

  const values = page.getByTestId('run-diff-values');
  await expect(values.getByRole('row')).toHaveCount(3);
  await expect(values.getByRole('row', { name: /parameter a/ })).toHaveText(/parameter a\s*2\s*3/);
  await expect(values.getByRole('row', { name: /constant WG/ })).toHaveText(/constant WG\s*256\s*128/);
  await expect(page.getByTestId('run-diff-same')).toHaveText('The same in both: N=3001.');

  // The code that ran: two changed lines, the override's default and the fma.
  const file = page.getByTestId('run-diff-file');
  await expect(file.locator('.monaco-diff-editor')).toBeVisible();
  await expect(file.getByTestId('diff-summary')).toHaveText(`2 changes in run #2 (edit 1): line ${lineOf('override WG')} changed; line ${EDITED_AT} changed.`);
  await expect(file.locator('.editor.modified .line-insert').first()).toBeVisible();
  await noSeriousViolations(page, 'compare two runs');

  // Other picks: the same run twice is refused; the other way round names them the other way.
  await page.getByTestId('run-diff-a').selectOption('1');
  await expect(panel).toContainText('Pick two different runs.');
  await page.getByTestId('run-diff-b').selectOption('0');
  await expect(values.getByRole('row', { name: /parameter a/ })).toHaveText(/parameter a\s*3\s*2/);
  await expect(file.getByTestId('diff-summary')).toHaveText(`2 changes in run #1 (library): line ${lineOf('override WG')} changed; line ${EDITED_AT} changed.`);

  // The picks stand while the page lives; a third run of the same code has the same code as run #2.
  await page.getByTestId('run').click();
  await expect(page.locator('.history h2')).toContainText('(3 runs)');
  await page.getByTestId('run-diff-a').selectOption('1');
  await page.getByTestId('run-diff-b').selectOption('2');
  await expect(page.getByTestId('run-diff-same')).toHaveText('The same parameters and constants (N=3001, a=3, WG=128), on the same device, timed the same way.');
  await expect(panel).toContainText('The same code in both runs.');
});

test('your own kernel: no library version to diff against; two runs compare all three files', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('New kernel').fill('diffs');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/diffs');
  await expect(page.getByTestId('changes')).toHaveCount(0);
  await setField(page, 'N', '500');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // A looser tolerance in the sidecar: a new version, with the same WGSL and reference.
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  await replaceLine(page, '"tolerance": 1e-6', '"tolerance": 1e-5');
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.locator('.history h2')).toContainText('(2 runs)');
  await expect(page.getByTestId('record')).toContainText('version 2');

  await page.getByRole('button', { name: 'Compare two runs' }).click();
  const files = page.getByTestId('run-diff-file');
  await expect(files).toHaveCount(3);
  await expect(files.nth(0)).toHaveText('kernel.wgsl: the same in both runs.');
  await expect(files.nth(1).getByTestId('diff-summary')).toHaveText(`1 change in run #2 (version 2): line ${TEMPLATE_SIDECAR.split('\n').findIndex((l) => l.includes('"tolerance"')) + 1} changed.`);
  await expect(files.nth(1).locator('.editor.modified .view-line', { hasText: '1e-5' })).toBeVisible();
  await expect(files.nth(2)).toHaveText('reference.js: the same in both runs.');
  await page.emulateMedia({ colorScheme: 'dark' });
  await noSeriousViolations(page, 'compare two runs (dark)');
});
