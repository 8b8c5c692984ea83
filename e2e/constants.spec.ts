/**
 * One source of truth for `override` constants: the code. The Constants panel
 * shows the code's defaults, edits them in the code, and follows the code
 * through typing, undo, reset and "Undo reset"; the run uses what both say.
 */
import { expect, test, type Page } from '@playwright/test';
import { cursorAfter, download, editorText, openApp, pickKernel, setField } from './helpers';

const tile = (page: Page) => page.locator('select[name="TILE"]');

test('the Constants panel and the code never disagree, and the run uses what they say', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'matmul/tiled');
  for (const name of ['M', 'N', 'K']) await setField(page, name, '32');
  await expect(tile(page)).toHaveValue('16');
  await expect(page.getByTestId('plan-summary')).toContainText('2×2×1 workgroups');

  // Typing in the code moves the panel (and the plan) along.
  await cursorAfter(page, 'override TILE: u32 = 16;');
  for (let i = 0; i < '16;'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('4;');
  await expect(tile(page)).toHaveValue('4');
  await expect(page.getByTestId('plan-summary')).toContainText('8×8×1 workgroups');

  // And the run uses it: the record says TILE=4.
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  const file = JSON.parse((await download(page, 'Export JSON')).toString('utf8')) as { results: { constants: Record<string, number> }[] };
  expect(file.results.at(-1)?.constants.TILE).toBe(4);

  // The panel edits the code, as one undoable edit.
  await tile(page).selectOption('8');
  await expect.poll(() => editorText(page)).toContain('override TILE: u32 = 8;');
  await page.locator('.monaco-editor .view-line', { hasText: 'override TILE' }).first().click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page)).toContain('override TILE: u32 = 4;');
  await expect(tile(page)).toHaveValue('4');

  // A value the tuned list does not have is shown, not hidden behind the list's default.
  await cursorAfter(page, 'override TILE: u32 = 4;');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2;');
  await expect(tile(page)).toHaveValue('2');
  await expect(tile(page).locator('option:checked')).toHaveText('2 (from the code)');

  // Reset brings both back; "Undo reset" brings both back again.
  await page.getByRole('button', { name: 'Reset to original' }).click();
  await expect(tile(page)).toHaveValue('16');
  await expect.poll(() => editorText(page)).toContain('override TILE: u32 = 16;');
  await page.getByRole('button', { name: 'Undo reset' }).click();
  await expect.poll(() => editorText(page)).toContain('override TILE: u32 = 2;');
  await expect(tile(page)).toHaveValue('2');

  // Over a reload too.
  await page.reload();
  await expect(tile(page)).toHaveValue('2');
  await expect.poll(() => editorText(page)).toContain('override TILE: u32 = 2;');
});
