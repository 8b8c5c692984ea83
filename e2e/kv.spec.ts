import { expect, test } from '@playwright/test';
import { openApp, pickKernel, setField } from './helpers';

test('paged KV decode from the library: inputs from the block manager, checked against the reference', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('[data-kernel="kv/append"]')).toBeVisible();
  await expect(page.locator('[data-kernel="kv/contiguous-decode"]')).toBeVisible();
  await pickKernel(page, 'kv/paged-decode');
  // Small for SwiftShader: lengths 601, 301 and 1 (a one-token sequence; the longest past a 512-token partition).
  for (const [name, value] of [['S', '3'], ['H', '4'], ['Hkv', '2'], ['L', '601'], ['d', '32'], ['bs', '8']] as const) await setField(page, name, value);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct', { timeout: 90_000 });
  // A block size the manager does not offer is refused at its field, naming the sizes it does, in range or not.
  for (const bs of ['12', '64']) {
    await setField(page, 'bs', bs);
    await expect(page.locator('.params')).toContainText(`bs (block size) must be 8, 16 or 32 (got ${bs}).`);
  }
});
