/**
 * The data lessons in the page: formats (the same table as CSV, Arrow and
 * Parquet three ways) and the pump (batches streamed to the GPU at prefetch
 * depths 0, 1, 2, 4), at the small size: tables, charts, a timeline, export.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('measure the formats and run the pump: tables, charts, a timeline, and results to export', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const panel = page.getByTestId('data-lessons');
  await panel.getByRole('button', { name: /Data: formats and the pump/ }).click();
  await panel.getByTestId('measure-formats').click();
  await expect(panel.getByTestId('lesson-progress')).toBeVisible();
  // Run waits while the lesson measures.
  await expect(page.getByTestId('run')).toBeDisabled();
  const formats = panel.getByTestId('formats-result');
  await expect(formats).toBeVisible({ timeout: 240_000 });
  // Five formats with all columns, then one column of each Parquet file.
  await expect(formats.locator('tbody tr')).toHaveCount(8);
  await expect(formats.locator('tbody tr').first()).toContainText('CSV');
  await expect(formats.locator('tbody')).not.toContainText('✗');
  await expect(formats).toContainText(/One column of twenty from Parquet, against all twenty: .*×[\d.]+ (faster|slower)/);
  await expect(formats).not.toContainText(/×0\.\d+ faster/);
  await expect(formats).toContainText(/ours against hyparquet: .*×[\d.]+ (faster|slower)/);
  await expect(formats).not.toContainText(/×0\.\d+ (faster|slower)/);
  // A result that contradicts the lesson is said to, beside it, with the reason; one that does not, is not.
  const factors = await formats.locator('p.muted', { hasText: 'One column of twenty from Parquet' }).textContent() ?? '';
  const missed = factors.includes('slower');
  await expect(formats.getByTestId('formats-misses')).toHaveCount(missed ? 1 : 0);
  if (missed) await expect(formats.getByTestId('formats-misses')).toContainText('measure at medium');
  await expect(panel.getByTestId('formats-chart').locator('.recharts-bar-rectangle')).toHaveCount(5);
  const pending = page.waitForEvent('download');
  await formats.getByRole('button', { name: 'Export JSON' }).click();
  const file = JSON.parse(readFileSync(await (await pending).path(), 'utf8')) as { schema: string; results: { suite?: string }[] };
  expect(file.schema).toBe('kernel-lab/results@1');
  expect(file.results.length).toBeGreaterThan(0);
  expect(file.results.every((r) => r.suite === 'formats')).toBe(true);

  await panel.getByTestId('measure-pump').click();
  const pump = panel.getByTestId('pump-result');
  await expect(pump).toBeVisible({ timeout: 240_000 });
  await expect(pump).toContainText('every batch checked ✓');
  // Two upload paths at four depths.
  await expect(pump.locator('tbody tr')).toHaveCount(8);
  // Depth 2 or 4 idle above the 10% goal (or slower than depth 0) is said to, beside the results.
  const idles = await pump.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const overGoal = idles.some(([, depth, , idle]) => Number(depth) >= 2 && parseFloat(idle ?? '0') > 10);
  if (overGoal) await expect(pump.getByTestId('pump-misses')).toContainText('more than the 10.0% goal');
  // One row per batch, three bars each; any run can be drawn.
  const timeline = panel.getByTestId('pump-timeline');
  await expect(timeline.locator('.timeline-bar.compute').first()).toBeVisible();
  const batches = await timeline.locator('.timeline-row').count();
  expect(batches).toBeGreaterThan(1);
  await expect(timeline.locator('.timeline-bar')).toHaveCount(3 * batches);
  await panel.getByRole('combobox', { name: 'Timeline of' }).selectOption('write-buffer');
  await panel.getByRole('combobox', { name: 'at depth' }).selectOption('0');
  await expect(timeline).toHaveAttribute('aria-label', /write-buffer upload, prefetch depth 0/);
  await expect(page.getByTestId('run')).toBeEnabled();

  // A reload keeps both results: the same tables, and the timeline can still be drawn.
  const formatsText = await formats.locator('tbody').textContent() ?? '';
  await page.reload();
  await page.getByTestId('data-lessons').getByRole('button', { name: /Data: formats and the pump/ }).click();
  await expect(page.getByTestId('formats-result').locator('tbody')).toHaveText(formatsText);
  await expect(page.getByTestId('pump-result')).toContainText('every batch checked ✓');
  await expect(page.getByTestId('pump-timeline').locator('.timeline-bar.compute').first()).toBeVisible();
});

test.describe('on a phone (420 px)', () => {
  test.use({ viewport: { width: 420, height: 900 } });
  test('the formats table scrolls in its own box, not the page', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page);
    const panel = page.getByTestId('data-lessons');
    await panel.getByRole('button', { name: /Data: formats and the pump/ }).click();
    await panel.getByTestId('measure-formats').click();
    await expect(panel.getByTestId('formats-result')).toBeVisible({ timeout: 240_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    // The columns out of sight are said to be, and the box takes the keyboard (arrow keys scroll it).
    await expect(panel.getByTestId('formats-table-scroll-hint')).toHaveText('The table scrolls sideways: MB/s and rows/s are to the right.');
    const region = panel.getByRole('region', { name: 'Formats table' });
    await region.focus();
    await expect(region).toBeFocused();
    // The chart's longest format name is drawn whole, inside the chart (not clipped at its left edge).
    const label = panel.getByTestId('formats-chart').locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value', { hasText: /uncompressed/ });
    await expect(label).toHaveCount(1);
    const [chartBox, labelBox] = [await panel.getByTestId('formats-chart').locator('svg.recharts-surface').boundingBox(), await label.boundingBox()];
    expect(labelBox!.x).toBeGreaterThanOrEqual(chartBox!.x);
  });
});

