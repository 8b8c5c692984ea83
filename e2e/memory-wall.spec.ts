import { expect, test } from '@playwright/test';
import { openApp, pickKernel, setField } from './helpers';

test('measure the device, see both ceilings and a roofline, then a new run appears on it', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByTestId('device-chip').click();
  const panel = page.getByTestId('device-panel');
  await expect(panel).toContainText('Not measured on this device yet');
  await expect(page.locator('#calibration-size')).toHaveValue('small'); // a software adapter gets the small preset
  await panel.getByRole('button', { name: 'Measure this device' }).click();
  await expect(page.getByTestId('suite-progress')).toBeVisible();
  await expect(page.getByTestId('suite-progress')).not.toContainText(/sample \d+ samples/);
  await expect(page.getByTestId('ceiling-gbps')).toHaveText(/^\d[\d.,]* [kMGT]?B\/s$/, { timeout: 180_000 });
  await expect(page.getByTestId('ceiling-gflops')).toHaveText(/^\d[\d.,]* [kMGT]?FLOP\/s$/);
  await expect(panel).toContainText("of the driver's copyBufferToBuffer, side by side");

  // The panel lies over the page; Escape gives the page back.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  const roofline = page.getByTestId('roofline');
  await expect(roofline.locator('.roofline-point').first()).toBeVisible();
  const before = Number(await roofline.getAttribute('data-points'));
  expect(before).toBeGreaterThan(0);

  await pickKernel(page, 'matmul/naive');
  for (const name of ['M', 'N', 'K']) await setField(page, name, '40');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect(roofline).toHaveAttribute('data-points', String(before + 1));
  await expect(roofline.locator('.roofline-point.current')).toHaveCount(1);

  // The ceilings are kept for this adapter until measured again.
  await page.reload();
  await page.getByTestId('device-chip').click();
  await expect(page.getByTestId('ceiling-gbps')).toBeVisible();
  // So is the copy ratio, and the console still says what happened before the reload.
  await expect(panel).toContainText("of the driver's copyBufferToBuffer, side by side");
  await expect(page.getByTestId('console')).toContainText('Device measured:');
  await expect(page.getByTestId('console')).toContainText('matmul/naive: correct');
  await expect(page.getByTestId('roofline')).toHaveAttribute('data-points', String(before + 1));
});

test('a kernel the device cannot run is marked in the library and refused with the reason', async ({ page }) => {
  await openApp(page);
  const f16 = page.locator('[data-kernel="compute/fma-f16"]');
  await expect(f16.locator('.badge.unavailable')).toHaveText('needs shader-f16');
  await f16.click();
  await expect(page.getByTestId('run')).toBeDisabled();
  await expect(page.locator('.right .run-bar').first()).toContainText('This device lacks shader-f16.');
});
