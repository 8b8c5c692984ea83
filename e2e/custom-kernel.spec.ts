import { expect, test } from '@playwright/test';
import { cursorAfter, editorText, openApp, setField } from './helpers';

test('make your own kernel: WGSL, sidecar and reference in the page, checked and kept', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('New kernel').fill('Bad Name');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.new-kernel .field-error')).toContainText('lower-case letters');
  await page.getByLabel('New kernel').fill('scale-me');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/scale-me');
  await expect(page.getByTestId('save-state')).toHaveText('your kernel · saved');
  await expect(page.getByRole('tab', { name: 'sidecar.json' })).toBeVisible();

  // The template runs and is checked against its reference.
  await setField(page, 'N', '5000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // A mistake in the sidecar is named at the sidecar, and Run waits.
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  await cursorAfter(page, '"cost": { "flops": "N",');
  for (let i = 0; i < '", "bytes": "8 * N" }'.length + 1; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('Q');
  await expect(page.getByTestId('custom-problem')).toContainText(`sidecar: cost.flops: "NQ" uses 'NQ', which is neither a parameter nor a constant`);
  await expect(page.getByTestId('run')).toBeDisabled();
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('custom-problem')).toHaveCount(0);

  // A wrong reference makes the verdict "incorrect", not a crash.
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await cursorAfter(page, 'return { y };');
  await page.keyboard.press('Home');
  await page.keyboard.type('y[0] = 1e9; ');
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✗ incorrect');

  // Everything survives a reload.
  await page.reload();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/scale-me');
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await expect.poll(() => editorText(page)).toContain('y[0] = 1e9;');
  await expect(page.locator('[data-kernel="custom/scale-me"]')).toBeVisible();
});
