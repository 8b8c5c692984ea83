/**
 * The attention sweep in the page at the small preset (N = L = 64…256, what a
 * software adapter runs in seconds): time and memory charts with a line per
 * variant, the table of every point, the software adapter's note, and every
 * run on the roofline beside the other sweep runs.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('the attention sweep charts time and memory per variant, tables every point and puts every run on the roofline', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  // A fresh page has no runs with arithmetic: the roofline is drawn by the sweep's.
  await expect(page.getByText('No runs with arithmetic yet.')).toBeVisible();
  const roofline = page.getByTestId('roofline');

  await page.getByRole('combobox', { name: 'sweep' }).selectOption({ label: 'Attention: time and memory vs length' });
  await expect(page.locator('#sweep-size')).toHaveValue('small');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByRole('button', { name: 'Run sweep' })).toBeEnabled({ timeout: 100_000 });

  const chart = page.getByTestId('sweep-attention');
  await expect(chart).toHaveAttribute('data-points', '9');
  await expect(chart).toHaveAttribute('data-refused', '0');
  for (const id of ['attention-time', 'attention-memory']) {
    const one = chart.getByTestId(id);
    await expect(one.locator('.recharts-line-curve')).toHaveCount(3);
    await expect(one.locator('.recharts-legend-item-text')).toHaveText(['unfused', 'fused', 'flash']);
  }
  // Memory is written in binary units on the axis as in the table.
  const memoryTicks = await chart.getByTestId('attention-memory').locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
  expect(memoryTicks.length).toBeGreaterThan(1);
  for (const t of memoryTicks) expect(t).toMatch(/^\d+(\.\d)? (bytes|KiB|MiB|GiB)$/);
  const rows = chart.locator('tbody tr');
  await expect(rows).toHaveCount(9);
  // At 256 unfused holds its 256 KiB score matrix beside Q, K, V and O (64 KiB each); flash only those four.
  await expect(rows.filter({ hasText: 'unfused' }).filter({ hasText: /^256/ })).toContainText('512 KiB');
  await expect(rows.filter({ hasText: 'flash' }).filter({ hasText: /^256/ })).toContainText('256 KiB');
  await expect(rows.filter({ hasText: '✓' })).toHaveCount(9);
  await expect(chart).toContainText('This is a software adapter: it has no real memory hierarchy');
  await expect(roofline).toHaveAttribute('data-points', '9');
  await expect(roofline.getByTestId('roofline-legend').locator('[data-kind=suite]')).toHaveText('calibration, sweep and peer runs');
  // Times at three significant digits, as everywhere else ("60.0 ms", never "60.01 ms").
  for (const text of await rows.allInnerTexts()) expect(text).not.toMatch(/\b\d{2,}\.\d{2} ms/);
  // The sweep on show is remembered over a reload.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'sweep' })).toHaveValue('attention');
  // On a phone the table scrolls in its own box and says so; the check stays in sight beside the variant.
  await page.setViewportSize({ width: 420, height: 900 });
  const firstRow = page.getByTestId('sweep-attention').locator('tbody tr').first();
  await firstRow.scrollIntoViewIfNeeded();
  await expect(firstRow.locator('td').nth(2)).toHaveText('✓');
  await expect(firstRow.locator('td').nth(2)).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('attention-table-scroll-hint')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
