import { expect, test } from '@playwright/test';
import { editorText, openApp, pickKernel, setField } from './helpers';

test('autotune a kernel, see the search, apply the winner to the editor', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await pickKernel(page, 'bandwidth/copy');
  await setField(page, 'N', '3000');
  await page.getByRole('button', { name: 'Autotune' }).click();
  await expect(page.getByTestId('tune-progress')).toBeVisible();
  const best = page.getByTestId('tune-best');
  await expect(best).toHaveAttribute('data-verdict', /^(faster|tie|no-defaults)$/, { timeout: 150_000 });
  await expect(page.getByTestId('tune-chart')).toHaveAttribute('data-candidates', /^[1-9]\d*$/);
  // On a software adapter the defaults often hold: a win within the noise is a tie, with nothing to apply.
  if ((await best.getAttribute('data-verdict')) === 'tie') {
    await expect(best).toContainText('defaults');
    await expect(page.getByRole('button', { name: 'Apply the winner to the editor' })).toHaveCount(0);
    return;
  }
  const winner = Number(/WG=(\d+)/.exec(await best.innerText())![1]);

  // Start from a different constant, so that applying changes something.
  const other = winner === 64 ? '128' : '64';
  await page.locator('select[name="WG"]').selectOption(other);
  await page.getByRole('button', { name: 'Apply the winner to the editor' }).click();
  await expect(page.locator('select[name="WG"]')).toHaveValue(String(winner));
  await expect.poll(() => editorText(page)).toContain(`override WG: u32 = ${winner};`);
  await expect(page.getByRole('button', { name: 'Applied' })).toBeDisabled();
});

test('a matmul variant beside TensorFlow.js at the same shape', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await pickKernel(page, 'matmul/vec4');
  for (const name of ['M', 'N', 'K']) await setField(page, name, '48');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await page.getByRole('button', { name: 'Measure TF.js' }).click();
  await expect(page.getByTestId('peer-result')).toContainText('correct', { timeout: 150_000 });
  await expect(page.getByTestId('peer-ratio')).toHaveText(/^(ours is [\d.,]+× faster than TF\.js|TF\.js is [\d.,]+× faster than ours|ours and TF\.js are the same speed)( \(within the noise of ±[\d.]+%\))?$/);
  await expect(page.locator('.peer')).toContainText('wall clock');
  // The comparison is kept: after a reload it is still there.
  const ratio = await page.getByTestId('peer-ratio').innerText();
  await page.reload();
  await expect(page.getByTestId('peer-ratio')).toHaveText(ratio);
});
