import { expect, test } from '@playwright/test';

test('without WebGPU the page says so, says what to try, and still shows the kernels', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
  });
  await page.goto('/');
  const banner = page.getByTestId('no-webgpu');
  await expect(banner).toContainText('This browser does not offer WebGPU');
  await expect(banner).toContainText('Chrome or Edge 113+');
  await expect(page.getByTestId('device-chip')).toHaveText(/No WebGPU/);
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('@compute');
  await expect(page.getByTestId('run')).toBeDisabled();
  await page.locator('[data-kernel="vector/saxpy"]').click();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('params.a');
});

test('with WebGPU but no adapter the page explains that instead', async ({ page }) => {
  await page.addInitScript(() => {
    const gpu = navigator.gpu;
    if (gpu) Object.defineProperty(gpu, 'requestAdapter', { value: async () => null });
  });
  await page.goto('/');
  await expect(page.getByTestId('no-webgpu')).toContainText('offered no adapter');
  await page.getByTestId('device-chip').click();
  await expect(page.getByTestId('device-panel')).toContainText('chrome://gpu');
});
