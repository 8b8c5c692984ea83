/**
 * A kernel that never ends. On SwiftShader it wedges the browser's GPU process
 * for good, so this test gets a browser of its own and kills it at the end.
 */
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../src/cli/browser';
import { cursorAfter, openApp, pickKernel, setField } from './helpers';

test('an endless loop: the page says what it looks like, and Cancel gives the page back', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const server = await chromium.launchServer(chromiumLaunchOptions());
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage({ baseURL: baseURL! });
    await openApp(page);
    await pickKernel(page, 'bandwidth/copy');
    await setField(page, 'N', '1');
    // The step comes from a uniform (n − n), so no compiler can prove the loop ends.
    await cursorAfter(page, 'dst[i] = src[i];');
    await page.keyboard.insertText(' var k = 1u; loop { k = k + params.n - params.n; dst[i] = f32(k); if (k == 0u) { break; } }');
    await expect(page.locator('.squiggly-error')).toHaveCount(0);
    await page.getByTestId('run').click();

    await expect(page.getByTestId('stuck-hint')).toContainText('a kernel that never ends', { timeout: 60_000 });
    await page.getByTestId('progress').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('failure-message')).toContainText('Cancelled while the GPU was still running the kernel.');
    await expect(page.getByTestId('progress')).toHaveCount(0);
    // The page is usable again: the editor keeps the code, and Run is offered.
    await expect(page.getByTestId('run')).toBeEnabled();
    await expect(page.locator('.monaco-editor .view-lines')).toContainText('loop {');
  } finally {
    await server.kill();
  }
});
