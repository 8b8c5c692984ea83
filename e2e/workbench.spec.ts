import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cursorAfter, editorText, lineCentre, openApp, pickKernel, setField } from './helpers';

test('edit, break, fix, run, reload and reset a kernel', async ({ page }) => {
  await openApp(page);

  // The device panel names the adapter, its features and limits.
  await page.getByTestId('device-chip').click();
  const panel = page.getByTestId('device-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('timestamp-query');
  await expect(panel).toContainText('maxStorageBufferBindingSize');
  await expect(panel.getByTestId('limit-maxStorageBufferBindingSize')).toHaveText(/\d+ (MiB|GiB)/);
  await page.getByTestId('device-chip').click();
  await expect(panel).toBeHidden();

  // Pick the naive matmul (after another kernel, to see the picker switch).
  await pickKernel(page, 'vector/saxpy');
  await pickKernel(page, 'matmul/naive');
  for (const name of ['M', 'N', 'K']) await setField(page, name, '48');
  await expect(page.getByTestId('plan-summary')).toContainText('3×3×1 workgroups');

  // Break it: the marker lands on the line that was broken, and Run explains it.
  const source = readFileSync('shaders/matmul/naive.wgsl', 'utf8');
  const line = source.split('\n').findIndex((l) => l.includes('var acc = 0.0;')) + 1;
  expect(line).toBeGreaterThan(1);
  await cursorAfter(page, 'var acc = 0.0;');
  await page.keyboard.type(' acc2 = 1.0;');
  const squiggle = page.locator('.squiggly-error').first();
  await expect(squiggle).toBeVisible();
  const box = (await squiggle.boundingBox())!;
  const target = await lineCentre(page, line);
  expect(Math.abs(box.y + box.height / 2 - target.y)).toBeLessThan(target.half);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('failure-message')).toContainText(`Compile error at line ${line}, column 18: unresolved value 'acc2'`);
  await expect(page.getByTestId('save-state')).toHaveText('edited · saved');

  // Fix it, leaving a harmless edit of our own, and run with the keyboard.
  await cursorAfter(page, 'acc2 = 1.0;');
  for (let i = 0; i < ' acc2 = 1.0;'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(' // my tweak');
  await expect(page.locator('.squiggly-error')).toHaveCount(0);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect(page.getByTestId('failure')).toHaveCount(0);
  const gflops = Number(await page.getByTestId('gflops').innerText());
  expect(gflops).toBeGreaterThan(0);
  await expect(page.getByTestId('timing')).toContainText('GPU timestamps');
  // Matmul's reference gives Σ|aₖbₖ|: the tolerance is shown against the error over the terms.
  await expect(page.getByTestId('scaled-error')).toContainText('(tolerance 3.00e-5)');
  await expect(page.locator('[data-testid=history-chart] .run-dot').first()).toBeVisible();
  const dots = await page.locator('[data-testid=history-chart] .run-dot').count();
  expect(dots).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('history-chart')).toContainText('1 edit 1');

  // Reload: the edit, the parameters and the history are still there.
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
  await expect(page.locator('.editor-head h2 code')).toHaveText('matmul/naive');
  expect(await editorText(page)).toContain('// my tweak');
  await expect(page.locator('.params input[name="M"]')).toHaveValue('48');
  await expect(page.locator('[data-testid=history-chart] .run-dot')).toHaveCount(dots);
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect(page.locator('[data-kernel="matmul/naive"] .badge')).toHaveText('edited');

  // Reset to the library version; the edit can still be brought back.
  await page.getByRole('button', { name: 'Reset to original' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('library version');
  expect(await editorText(page)).not.toContain('// my tweak');
  await page.getByRole('button', { name: 'Undo reset' }).click();
  await expect.poll(() => editorText(page)).toContain('// my tweak');
  await page.getByRole('button', { name: 'Reset to original' }).click();
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('library version');
  expect(await editorText(page)).not.toContain('// my tweak');
});

test('bad parameters and sizes beyond the device are refused with the reason', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'matmul/naive');

  await setField(page, 'K', '0');
  await expect(page.locator('.params .field-error')).toHaveText('K (inner) must be between 1 and 8192 (got 0).');
  await expect(page.getByTestId('run')).toBeDisabled();
  await setField(page, 'K', '2**5');
  await expect(page.locator('.params .field-error')).toHaveCount(0);

  await setField(page, 'M', '32');
  await setField(page, 'N', '32');
  await page.locator('select[name="WG_X"]').selectOption('64');
  await page.locator('select[name="WG_Y"]').selectOption('64');
  // Said as soon as the sizes are set, like a bad parameter, and Run waits.
  const limit = page.getByTestId('limit-issue');
  await expect(limit).toContainText('Too big for this device');
  await expect(limit).toContainText('maxComputeInvocationsPerWorkgroup');
  await expect(limit).toContainText('64×64×1 invocations');
  await expect(page.getByTestId('run')).toBeDisabled();
  // …and it points at what to change: the workgroup's constants, not the sizes.
  await expect(page.locator('.right .run-bar').first()).toContainText('make the workgroup (the constants) smaller');
  await page.locator('select[name="WG_Y"]').selectOption('4');
  await expect(limit).toHaveCount(0);
  await expect(page.getByTestId('run')).toBeEnabled();
});

test('a broken run keeps the last good version one click away, and a reset device keeps working', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'bandwidth/copy');
  await setField(page, 'N', '5000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  await cursorAfter(page, 'dst[i] = src[i];');
  await page.keyboard.type(' broken');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('failure')).toContainText('The shader does not compile');
  await expect(page.getByRole('heading', { name: /Previous run/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run the last version that worked' }).click();
  await expect(page.getByTestId('failure')).toHaveCount(0);
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  expect(await editorText(page)).toContain('broken'); // the user's code is untouched
  // The last version that worked is kept over a reload too.
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('failure')).toContainText('The shader does not compile');
  await expect(page.getByRole('button', { name: 'Run the last version that worked' })).toBeVisible();

  await page.getByTestId('device-chip').click();
  await page.getByRole('button', { name: 'Reset device' }).click();
  await expect(page.getByTestId('device-panel')).toContainText('A fresh GPU device was acquired.');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('device-panel')).toBeHidden();
  await page.getByRole('button', { name: 'Run the last version that worked' }).or(page.getByTestId('run')).first().click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
});
