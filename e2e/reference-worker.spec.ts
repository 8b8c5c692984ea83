import { expect, test } from '@playwright/test';
import { openApp, pickKernel, setField } from './helpers';

test('a big reference is computed off the main thread: the page answers, and Cancel stops it at once', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await pickKernel(page, 'matmul/vec4');
  // 1024³ is about 10⁹ multiply-adds of JavaScript: seconds of reference on this machine.
  for (const name of ['M', 'N', 'K']) await setField(page, name, '1024');
  await page.getByTestId('run').click();
  const progress = page.getByTestId('progress');
  await expect(progress).toContainText('Computing the float64 reference', { timeout: 60_000 });

  // The main thread is free: the page answers while the reference is still being computed
  // (on the main thread, this would return only after it, and the progress would have moved on).
  expect(await page.evaluate(() => document.querySelector('[data-testid=progress]')?.textContent)).toContain('Computing the float64 reference');
  await expect(progress).toContainText('Computing the float64 reference');

  // Cancel terminates the Worker (an idle one would live on) instead of waiting for the reference to end.
  const referenceWorkers = () => page.workers().filter((w) => w.url().includes('reference-worker-entry')).length;
  // Playwright learns of a new Worker by an event that can come after the progress line: poll.
  await expect.poll(referenceWorkers).toBe(1);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('failure')).toContainText('Cancelled');
  await expect.poll(referenceWorkers).toBe(0);

  // The next run gets a fresh worker.
  for (const name of ['M', 'N', 'K']) await setField(page, name, '40');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect.poll(referenceWorkers).toBe(1);
});
