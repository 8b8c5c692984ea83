/**
 * The history beside the code: exported as CSV, Arrow and Parquet (read back
 * here with Arrow JS), cleared only after a yes, and put back by Undo; both survive a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { download, openApp, pickKernel, setField } from './helpers';

const heading = (page: Page) => page.locator('.history h2');

test('export the history as CSV, Arrow and Parquet, clear it with a yes, undo, and keep it over a reload', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'bandwidth/copy');
  await setField(page, 'N', '3001');
  for (let i = 1; i <= 2; i++) {
    await page.getByTestId('run').click();
    await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
    await expect(heading(page)).toContainText(`(${i} run`);
  }

  const csv = (await download(page, 'Export CSV')).toString('utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^kernel,params,constants,timing,samples,/);
  expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['bandwidth/copy', 'bandwidth/copy']);

  const arrow = tableFromIPC(await download(page, 'Export Arrow'));
  expect(arrow.numRows).toBe(2);
  expect(arrow.getChild('kernel')?.toArray()).toEqual(['bandwidth/copy', 'bandwidth/copy']);

  const bytes = await download(page, 'Export Parquet');
  expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
  const table = tableFromIPC(parquet.readParquet(new Uint8Array(bytes)).intoIPCStream());
  expect(table.numRows).toBe(2);
  expect(table.getChild('params')?.get(0)).toBe('{"N":3001}');
  expect(table.getChild('correct')?.toArray()).toEqual([true, true]);

  // Clearing asks first; Keep changes nothing.
  await page.getByRole('button', { name: 'Clear…' }).click();
  await expect(page.getByRole('group', { name: 'Clear the history?' })).toContainText('Delete 2 runs of bandwidth/copy?');
  await page.getByRole('button', { name: 'Keep' }).click();
  await expect(heading(page)).toContainText('(2 runs)');

  await page.getByRole('button', { name: 'Clear…' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(heading(page)).toContainText('(0 runs)');
  await page.getByRole('button', { name: 'Undo clear (2)' }).click();
  await expect(heading(page)).toContainText('(2 runs)');
  await page.reload();
  await expect(heading(page)).toContainText('(2 runs)');

  await page.getByRole('button', { name: 'Clear…' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(heading(page)).toContainText('(0 runs)');
  await page.reload();
  await expect(page.locator('.editor-head h2 code')).toHaveText('bandwidth/copy');
  await expect(heading(page)).toContainText('(0 runs)');
});
