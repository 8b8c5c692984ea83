/**
 * The serving simulation in the page: the sample trace loaded from the
 * panel, both policies run on a small budget with step times measured on
 * this device, their figures and charts, the block view played and stepped,
 * a table that is not a trace refused with its reason, and the result still
 * there after a reload.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

/** No serious or critical axe violation inside the panel, in both colour schemes. */
async function accessible(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await new AxeBuilder({ page }).include('[data-testid="serving"]').analyze();
    const bad = found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${scheme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }
}

/** Nothing in the panel wider than its pane: the tables scroll in their own boxes. */
async function fits(page: Page): Promise<void> {
  const over = await page.getByTestId('serving').evaluate((panel) => {
    const box = panel.getBoundingClientRect();
    return [...panel.querySelectorAll('h3, p, .run-bar, .block-grid, figure, .table-scroll')]
      .filter((el) => el.getBoundingClientRect().right > box.right + 1)
      .map((el) => `${el.tagName}.${el.className}`);
  });
  expect(over).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test('run the sample trace on a small budget: both policies\' figures, charts, and the block view played and stepped', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const panel = page.getByTestId('serving');
  await panel.getByRole('button', { name: /Serving: paged KV cache/ }).click();
  await panel.getByTestId('serving-load-sample').click();
  await expect(panel.getByRole('combobox', { name: 'Trace' })).toHaveValue('sharegpt-trace.csv', { timeout: 60_000 });
  // The page starts from the runner's default budget.
  await expect(panel.getByLabel('KV budget (MiB)')).toHaveValue('8');
  await panel.getByLabel('KV budget (MiB)').fill('0');
  await expect(panel.getByText('The budget is a number of MiB above 0.')).toBeVisible();
  await expect(panel.getByTestId('serving-run')).toBeDisabled();
  await panel.getByLabel('KV budget (MiB)').fill('1');
  await expect(panel.getByText('2,048 tokens of K and V at 512 bytes each')).toBeVisible();
  await panel.getByLabel('Samples per request').selectOption('2');
  await panel.getByLabel('Requests').fill('40');
  // Two samples reserve two 2048-token rows: more than 1 MiB holds. Said in the panel, nothing run.
  await panel.getByTestId('serving-run').click();
  await expect(panel.getByTestId('serving-problem')).toContainText('The KV budget holds 2048 tokens, less than one request\'s reservation (2 samples × 2048 tokens)');
  await panel.getByLabel('KV budget (MiB)').fill('2');
  await panel.getByTestId('serving-run').click();
  await expect(panel.getByTestId('serving-progress')).toBeVisible();
  const result = panel.getByTestId('serving-result');
  await expect(result).toBeVisible({ timeout: 240_000 });
  await expect(result).toContainText('sharegpt-trace.csv: 40 requests on 2 MiB');
  await expect(result).toContainText(/Step times measured on this device .* at \d+ batch shapes, each policy's with its layout's decode kernel: reserved with kv\/contiguous-decode, paged with kv\/paged-decode\./);
  for (const policy of ['reserved', 'paged']) {
    await expect(result.getByTestId(`serving-row-${policy}`)).toContainText(new RegExp(`^${policy}[\\d,.]+\\d+\\.\\d%`));
    const memory = result.getByTestId(`serving-memory-${policy}`);
    await expect(memory.locator('.recharts-area').first()).toBeVisible();
    // Whole percents on the axis (never 100.00000000000006%), and the parts told apart by pattern and words.
    await expect(memory.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')).toHaveText(['0%', '25%', '50%', '75%', '100%']);
    await expect(memory.locator('.serving-legend li')).toHaveText([/^holding tokens \(solid\): \d+\.\d%$/, /^internal fragmentation \(hatched\): /, /^reserved, unused \(cross-hatched\): /, /^free \(dotted\): /]);
  }
  await expect(result.getByTestId('serving-ratio')).toContainText(/Paged runs ×\d+\.\d\d the reserved policy's concurrent sequences \(time-averaged (while requests waited|over the whole run: no request ever waited)/);
  await expect(result.getByTestId('serving-ratio')).toContainText('on the sample trace paged reaches it at 8 MiB, the default');
  await expect(result.getByTestId('serving-concurrency').locator('.recharts-line')).toHaveCount(2);

  // The block view: a step at a time, then played; two samples share their prompt's blocks.
  const view = result.getByTestId('block-view');
  const summary = view.getByTestId('block-summary');
  await expect(summary).toContainText('Step 0, 0.00 s simulated: 0 of 256 blocks in use');
  await view.getByTestId('block-step').click();
  await expect(summary).toContainText(/^Step 1, .* by 2 sequences, \d+ shared/);
  await expect(view.locator('.block.shared').first()).toBeVisible();
  // A cell carries its request's number, not only its colour; a shared one says so in words.
  await expect(view.locator('.block.shared').first()).toHaveText(/^\d+$/);
  await expect(view.locator('.block.shared').first()).toHaveAttribute('aria-label', /^Block \d+: request \d+, \d+ of 16 slots written, shared by 2 sequences$/);
  // The keyboard reads the grid: focus it, move with the arrows, the focused block said under it.
  const grid = view.getByRole('listbox', { name: /The block pool/ });
  await grid.focus();
  await expect(view.getByTestId('block-focus')).toHaveText(/^Block 0: (request \d+|free)/);
  await page.keyboard.press('ArrowRight');
  await expect(view.getByTestId('block-focus')).toHaveText(/^Block 1: (request \d+|free)/);
  await page.keyboard.press('End');
  await expect(view.getByTestId('block-focus')).toHaveText(/^Block 255: /);
  await expect(grid).toHaveAttribute('aria-activedescendant', /-255$/);
  await view.getByLabel('Speed').selectOption('100');
  await view.getByTestId('block-play').click();
  await expect(view.getByTestId('block-play')).toHaveText('Pause');
  await expect(summary).toContainText(/^Step (\d{2,}),/);
  await view.getByTestId('block-play').click();
  const paused = await summary.textContent();
  await page.waitForTimeout(300);
  await expect(summary).toHaveText(paused ?? '');
  await expect(view.getByRole('table')).toContainText('block table');
  await accessible(page);
  // A phone, and a projector (1280×720 at 125%): everything readable, nothing sideways.
  // (The layout changes between them, and the panel may start folded again: its result stays.)
  for (const viewport of [{ width: 420, height: 900 }, { width: 1024, height: 576 }]) {
    await page.setViewportSize(viewport);
    const toggle = page.getByTestId('serving').getByRole('button', { name: /Serving: paged KV cache/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expect(page.getByTestId('block-step')).toBeVisible();
    // The grid scrolls in its own box: Play and Step stay in view beside it; "Speed" stays with its select.
    const box = await page.getByTestId('block-grid').boundingBox();
    expect(box!.height).toBeLessThan(viewport.height / 2);
    const [label, select] = await Promise.all([page.getByText('Speed', { exact: true }).boundingBox(), page.getByLabel('Speed').boundingBox()]);
    expect(Math.abs(label!.y + label!.height / 2 - (select!.y + select!.height / 2))).toBeLessThan(select!.height / 2);
    await fits(page);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // A reload keeps the result, and a table that is not a trace is refused by name, the result kept.
  const figures = await result.getByTestId('serving-table').locator('tbody').textContent();
  await page.reload();
  await page.getByTestId('serving').getByRole('button', { name: /Serving: paged KV cache/ }).click();
  await expect(page.getByTestId('serving-table').locator('tbody')).toHaveText(figures ?? '');
  // The form comes back with the kept result's settings, not the defaults; the heading names them.
  const form = page.getByTestId('serving');
  await expect(form.getByLabel('KV budget (MiB)')).toHaveValue('2');
  await expect(form.getByLabel('Samples per request')).toHaveValue('2');
  await expect(form.getByLabel('Requests')).toHaveValue('40');
  await expect(form.getByTestId('serving-result')).toContainText('40 requests on 2 MiB, blocks of 16, 2 samples per request');
  const data = page.getByTestId('data-panel');
  if ((await data.getByTestId('data-toggle').getAttribute('aria-expanded')) !== 'true') await data.getByTestId('data-toggle').click();
  await data.getByTestId('sample-vectors.csv').click();
  const serving = page.getByTestId('serving');
  await serving.getByRole('combobox', { name: 'Trace' }).selectOption('vectors.csv', { timeout: 60_000 });
  await serving.getByTestId('serving-run').click();
  await expect(serving.getByTestId('serving-problem')).toHaveText('vectors.csv: no such column: a trace needs the columns "arrival_s", "prompt_tokens", "output_tokens"; there is no "arrival_s" (the columns are "x", "y", "id", "reading", "price").');
  await expect(page.getByTestId('serving-table').locator('tbody')).toHaveText(figures ?? '');
});
