import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, pickKernel, replaceEditorText, setField } from './helpers';

const NAIVE = readFileSync('shaders/matmul/naive.wgsl', 'utf8');
const STORE = 'c[row * dims.N + col] = acc;';

async function run(page: Page, verdict: string): Promise<void> {
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId('verdict')).toHaveText(verdict);
}

/** The colour of the heatmap's pixel for one element (one pixel per element up to 256 a side). */
const pixel = (page: Page, row: number, column: number): Promise<number[]> =>
  page.getByTestId('heatmap').evaluate((c, [r, col]) => [...(c as HTMLCanvasElement).getContext('2d')!.getImageData(col!, r!, 1, 1).data], [row, column]);

test('a deliberately wrong matmul shows its mismatches in the buffer view; a right one shows none', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await pickKernel(page, 'matmul/naive');
  for (const name of ['M', 'N', 'K']) await setField(page, name, '37');

  // Right: nothing is wrong, and nothing to walk to.
  await run(page, '✓ correct');
  const view = page.getByTestId('buffer-view');
  await expect(view.getByTestId('buffers-glance')).toContainText('No element is beyond the tolerance in C.');
  await view.getByTestId('buffers-toggle').click();
  await expect(view.getByTestId('mismatch-count')).toHaveText('0 mismatches');
  await expect(view.getByTestId('buffer-pattern')).toContainText('No element is beyond the tolerance.');
  await expect(view.getByTestId('next-mismatch')).toBeDisabled();
  await expect(view.getByTestId('heatmap')).toHaveAttribute('data-rows', '37');
  await expect(view.locator('.buffer-row.mismatch')).toHaveCount(0);
  // Inputs are there too: A is 37 × 37 values, shown as values.
  await view.getByRole('button', { name: /^A input/ }).click();
  await expect(view.getByTestId('buffer-table')).toHaveAttribute('aria-label', 'A, 1,369 values');
  await expect(view.getByTestId('heatmap')).toHaveAttribute('aria-label', "Heatmap of A's values, 37 rows by 37 columns.");
  await view.getByRole('button', { name: /^C output/ }).click();

  // Wrong on the last row of every 16: a tile's edge.
  await replaceEditorText(page, NAIVE.replace(STORE, 'c[row * dims.N + col] = select(acc, acc + 1.0, row % 16u == 15u);'));
  await run(page, '✗ incorrect');
  await expect(view.getByTestId('buffers-glance')).toContainText('C: 74 of 1,369 elements wrong.');
  await expect(view.getByTestId('mismatch-count')).toHaveText('74 mismatches');
  await expect(view.getByTestId('buffer-pattern')).toContainText("Whole rows are wrong: the last row of every 16 rows (rows ≡ 15 mod 16: a tile's edge); nothing else is (74 elements).");
  // The table highlights them: row 15 starts at index 15 × 37 = 555.
  await view.getByTestId('next-mismatch').click();
  await expect(view.getByTestId('buffer-current')).toContainText('Mismatch 1 of 74: C index 555 (row 15, column 0)');
  await expect(view.locator('.buffer-row.current')).toHaveAttribute('data-index', '555');
  await expect(view.locator('.buffer-row.current')).toHaveClass(/mismatch/);
  await view.getByTestId('next-mismatch').click();
  await expect(view.locator('.buffer-row.current')).toHaveAttribute('data-index', '556');
  // Back past the first wraps to the last: row 31, column 36.
  await view.getByRole('button', { name: 'Previous mismatch' }).click();
  await view.getByRole('button', { name: 'Previous mismatch' }).click();
  await expect(view.getByTestId('buffer-current')).toContainText('Mismatch 74 of 74: C index 1183 (row 31, column 36)');
  // The heatmap paints them in the mismatch colours (red over blue) and the rest within tolerance (blue over red).
  const [r1, , b1] = await pixel(page, 15, 3);
  const [r0, , b0] = await pixel(page, 14, 3);
  expect(r1!).toBeGreaterThan(b1!);
  expect(b0!).toBeGreaterThan(r0!);
  // A click on the heatmap picks that element.
  const box = (await view.getByTestId('heatmap').boundingBox())!;
  await page.mouse.click(box.x + ((10 + 0.5) / 37) * box.width, box.y + ((31 + 0.5) / 37) * box.height);
  await expect(view.getByTestId('buffer-current')).toContainText('C index 1157 (row 31, column 10)');
  await expect(view.locator('.buffer-row.current')).toHaveAttribute('data-index', '1157');
  // From the keyboard, in the table: n moves focus to the next mismatch's row.
  await view.getByTestId('buffer-table').focus();
  await page.keyboard.press('n');
  await expect(view.locator('.buffer-row[data-index="1158"]')).toBeFocused();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await new AxeBuilder({ page }).include('[data-testid=buffer-view]').analyze();
    expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }

  // Wrong at every 4th element, across rows: a stride.
  await replaceEditorText(page, NAIVE.replace(STORE, 'c[row * dims.N + col] = select(acc, acc + 1.0, (row * dims.N + col) % 4u == 3u);'));
  await run(page, '✗ incorrect');
  await expect(view.getByTestId('buffer-pattern')).toContainText('Every 4th element is wrong, and nothing else: indices ≡ 3 mod 4 (342 elements).');
  await view.getByTestId('next-mismatch').click();
  await view.getByTestId('next-mismatch').click();
  await expect(view.locator('.buffer-row.current')).toHaveAttribute('data-index', '7');

  // Only the latest run's buffers are kept: another kernel's run lets these go, and the panel says so.
  await pickKernel(page, 'vector/saxpy');
  await setField(page, 'N', '1000');
  await run(page, '✓ correct');
  await expect(view.getByTestId('buffers-glance')).toContainText('No element is beyond the tolerance in out.');
  await pickKernel(page, 'matmul/naive');
  await expect(page.getByTestId('buffers-missing')).toContainText('another kernel has run since');
  // The contents live in memory: after a reload the panel says so instead of showing an empty table.
  await page.reload();
  await expect(page.getByTestId('verdict')).toHaveText('✗ incorrect');
  await expect(page.getByTestId('buffers-missing')).toContainText('after a reload there are none to show');
});

test('a million elements: the table draws only the rows in view and the heatmap is one canvas', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await pickKernel(page, 'matmul/naive');
  // 1024 × 1024 outputs of one product each: a million elements, cheap to compute.
  for (const [name, value] of [['M', '1024'], ['N', '1024'], ['K', '1']] as const) await setField(page, name, value);
  await replaceEditorText(page, NAIVE.replace(STORE, 'c[row * dims.N + col] = select(acc, acc + 1.0, (row * dims.N + col) % 64u == 63u);'));
  await run(page, '✗ incorrect');
  const view = page.getByTestId('buffer-view');
  await expect(view.getByTestId('buffers-glance')).toContainText('C: 16,384 of 1,048,576 elements wrong.');
  await view.getByTestId('buffers-toggle').click();
  await expect(view.getByTestId('buffer-pattern')).toContainText('Whole columns are wrong: the last column of every 64 columns (columns ≡ 63 mod 64: a tile\'s edge); nothing else is (16,384 elements).');
  // Drawn in 4×4 blocks (worst element each), never scaled down by the browser: no mismatch column can vanish.
  await expect(view.getByTestId('heatmap')).toHaveJSProperty('width', 256);
  const wrongColumns = await view.getByTestId('heatmap').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, 1).data;
    let n = 0;
    for (let x = 0; x < c.width; x++) if (d[4 * x]! > d[4 * x + 1]! + 40 && d[4 * x]! > d[4 * x + 2]! + 40) n++;
    return n;
  });
  expect(wrongColumns).toBe(16);
  // The table scrolls to the last of the 1,048,576 rows.
  await view.getByTestId('buffer-table').evaluate((t) => t.scrollTo(0, t.scrollHeight));
  await expect(view.locator('.buffer-row[data-index="1048575"]')).toBeVisible();
  await view.getByTestId('buffer-table').evaluate((t) => t.scrollTo(0, 0));
  await expect(view.getByTestId('buffer-table')).toHaveAttribute('aria-rowcount', '1048577');
  // Back from the start wraps to the last mismatch, a million rows down.
  await view.getByRole('button', { name: 'Previous mismatch' }).click();
  await expect(view.getByTestId('buffer-current')).toContainText('Mismatch 16,384 of 16,384: C index 1048575 (row 1023, column 1023)');
  await expect(view.locator('.buffer-row.current')).toHaveAttribute('data-index', '1048575');
  const drawn = await view.locator('.buffer-row[data-index]').count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(100);
  await view.getByTestId('next-mismatch').click();
  await expect(view.locator('.buffer-row.current')).toHaveAttribute('data-index', '63');
});
