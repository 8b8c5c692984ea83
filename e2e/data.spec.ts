/**
 * Loading data in the page and feeding it to a kernel, as a person does it:
 * a sample Parquet file through the picker and its CSV twin dropped on the
 * page; the schema, statistics and a preview that draws only the rows in view;
 * a column as bandwidth/reduce's input, run and checked, the record naming the
 * file and column; a column with nulls that asks what they become; a broken
 * file named with its reason while the earlier one stays; a reload that keeps
 * the files and the picks; and a ~100 MB Parquet file cancelled, then decoded
 * in the Worker while the main thread stays responsive (its longest task
 * measured).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { Field, Float32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { openApp, pickKernel } from './helpers';

const SAMPLE = 'public/data/vectors.parquet';

async function pickFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.getByTestId('data-file-input').setInputFiles(file);
}

/** Drops `bytes` as a file named `name` on `target`, as a drag from the desktop does. */
async function dropFile(page: Page, target: string, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name: n, base64 }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], n));
    return dt;
  }, { name, base64: bytes.toString('base64') });
  await page.dispatchEvent(target, 'dragenter', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await page.dispatchEvent(target, 'drop', { dataTransfer });
}

const schemaRow = (page: Page, column: string) => page.getByTestId('data-schema').locator(`tr[data-column="${column}"]`);

test('a sample Parquet through the picker and its CSV dropped on the page: schema, statistics, preview; a column feeds reduce and the run records it; a reload keeps both', async ({ page }) => {
  await openApp(page);
  await pickFile(page, SAMPLE);
  // Loading opens the panel; the schema comes from the Worker.
  await expect(page.getByTestId('data-facts')).toContainText('vectors.parquet: Parquet, 482.4 KiB, 4,096 rows × 6 columns, 4 row groups');
  await expect(schemaRow(page, 'reading')).toContainText('Float32');
  await expect(schemaRow(page, 'reading').getByTestId('nulls')).toHaveText('114');
  await expect(schemaRow(page, 'x').getByTestId('nulls')).toHaveText('0, not nullable');
  // The schema says it scrolls sideways exactly when it does.
  const schemaBox = page.getByRole('region', { name: 'Schema of vectors.parquet' });
  const overflows = await schemaBox.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  await expect(page.getByTestId('schema-scroll-hint')).toHaveCount(overflows ? 1 : 0);
  expect((await schemaRow(page, 'id').locator('td.num').allTextContents()).slice(0, 2)).toEqual(['0', '4,095']);
  await expect(schemaRow(page, 'embedding')).toContainText('FixedSizeList<Float32>[16]');
  await expect(schemaRow(page, 'embedding')).toContainText('yes, [rows, 16]');
  await expect(schemaRow(page, 'x')).toContainText('snappy');
  // The statistics are the values': x is uniform in [-1, 1).
  const [min, max] = (await schemaRow(page, 'x').locator('td.num').allTextContents()).slice(0, 2).map(Number);
  expect(min).toBeGreaterThanOrEqual(-1);
  expect(min).toBeLessThan(-0.99);
  expect(max).toBeGreaterThan(0.99);
  expect(max).toBeLessThan(1);

  // The preview: 4,096 rows to scroll, a few dozen drawn; a null shows as ∅.
  const preview = page.getByTestId('data-preview');
  await expect(preview).toHaveAttribute('aria-rowcount', '4097');
  const drawn = await preview.locator('[role=row][data-index]').count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn).toBeLessThan(60);
  await expect(preview.locator('[role=row][data-index="5"] [role=cell]').nth(4)).toHaveText('∅');
  await preview.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(preview.locator('[role=row][data-index="4095"]')).toBeVisible();
  expect(await preview.locator('[role=row][data-index]').count()).toBeLessThan(60);

  // The CSV twin, dropped on the editor: a second file, its numbers read as Float64 and no list column.
  await dropFile(page, '.monaco-editor', 'vectors.csv', readFileSync('public/data/vectors.csv'));
  await expect(page.getByTestId('data-facts')).toContainText('vectors.csv: CSV, 188.5 KiB, 4,096 rows × 5 columns');
  await expect(schemaRow(page, 'x')).toContainText('Float64');
  await expect(schemaRow(page, 'reading').getByTestId('nulls')).toHaveText('114');
  await expect(page.getByTestId('data-file')).toHaveText(['vectors.parquet', 'vectors.csv']);

  // x of the Parquet file feeds reduce's src; N follows its rows and is read-only meanwhile.
  await pickKernel(page, 'bandwidth/reduce');
  await page.getByTestId('feed-src').locator('select').selectOption({ label: 'x · Float32' });
  const n = page.locator('.params input[name="N"]');
  await expect(n).toHaveValue('4096');
  await expect(n).toBeDisabled();
  await expect(page.getByTestId('feed-notes-src')).toHaveText('src ← x of vectors.parquet: 4,096 values, sets N; no copy.');
  // Two files are loaded, so the note says which one it reads (with one, the picker's group says it).
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect(page.getByTestId('record-data')).toHaveText('src ← vectors.parquet, column x (4,096 rows)');
  // What ran is the column: the buffer view's src starts with the file's first values.
  await page.getByTestId('buffers-toggle').click();
  await page.getByRole('button', { name: /^src/ }).click();
  await expect(page.getByTestId('buffer-table').locator('[role=row][data-index="0"]')).toContainText('-0.423698');
  await expect(page.getByTestId('buffer-table').locator('[role=row][data-index="1"]')).toContainText('-0.848665');

  // Accessibility of the panel and the picks, with a file shown.
  const found = await new AxeBuilder({ page }).include('[data-testid=data-panel]').include('[data-testid=params]').analyze();
  expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`)).toEqual([]);

  // A reload: both files come back from IndexedDB, decoded again, and src is still fed by x.
  await page.reload();
  await expect(page.getByTestId('data-summary')).toHaveText('vectors.csv · 4,096 rows × 5 columns · 2 files');
  await expect(page.getByTestId('feed-src').locator('select')).toHaveValue('vectors.parquet\u0000x');
  await expect(page.getByTestId('feed-notes-src')).toContainText('sets N');
  await expect(page.locator('.params input[name="N"]')).toBeDisabled();
  // Back to random: N is the user's again.
  await page.getByTestId('feed-src').locator('select').selectOption({ label: '(random)' });
  await expect(page.locator('.params input[name="N"]')).toBeEnabled();
});

test('a column with nulls asks what they become; refusing says why, a fill value runs; a Float64 column is converted with a note', async ({ page }) => {
  await openApp(page);
  await pickFile(page, SAMPLE);
  await expect(page.getByTestId('data-facts')).toBeVisible();
  await pickKernel(page, 'vector/saxpy');
  await page.locator('.params input[name="N"]').fill('100');
  await page.getByTestId('feed-x').locator('select').selectOption({ label: 'reading · Float32 · 114 nulls' });
  await expect(page.getByTestId('run')).toBeDisabled();
  // The rows are known before the nulls are decided: N follows them at once.
  await expect(page.locator('.params input[name="N"]')).toHaveValue('4096');
  await expect(page.locator('.params input[name="N"]')).toBeDisabled();
  await expect(page.getByTestId('run').locator('xpath=..')).toContainText('Choose what the 114 nulls of column reading become (for x) first.');
  await page.getByTestId('feed-nulls-x').selectOption('refuse');
  await expect(page.getByTestId('feed-problem-x')).toHaveText('vectors.parquet: nulls: column "reading" has 114 null values (the first in row 5); choose a value to fill them with, or another column.');
  await expect(page.getByTestId('run')).toBeDisabled();
  await page.getByTestId('feed-nulls-x').selectOption('fill');
  // A fill value that is not one the buffer holds is refused at the field, never replaced by 0, ∞ or the last good value.
  const fill = page.getByTestId('feed-fill-x');
  for (const [typed, why] of [
    ['abc', '"abc" is not a number: give the value the nulls become, e.g. 0 or -1.'],
    ['1e40', 'The fill value 1e40 does not fit in f32 (at most ±3.4028235e+38).'],
    ['', 'Give a value for the nulls (the field is empty).'],
  ] as const) {
    await fill.fill(typed);
    await expect(fill).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('feed-fill-problem-x')).toHaveText(why);
    await expect(page.getByTestId('run')).toBeDisabled();
    await expect(page.getByTestId('run')).toHaveAttribute('title', `The nulls of column reading (for x) need a fill value: ${why}`);
  }
  await fill.fill('-1');
  await expect(fill).not.toHaveAttribute('aria-invalid');
  await expect(page.getByTestId('feed-notes-x')).toContainText('114 nulls filled with -1');
  // y from the Float64 column: converted, and said so; N already follows x, and y agrees.
  await page.getByTestId('feed-y').locator('select').selectOption({ label: 'price · Float64' });
  await expect(page.getByTestId('feed-notes-y')).toContainText('converted from Float64 to f32');
  await expect(page.locator('.params input[name="N"]')).toHaveValue('4096');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await expect(page.getByTestId('record-data')).toHaveText('x ← vectors.parquet, column reading (4,096 rows, nulls filled with -1); y ← vectors.parquet, column price (4,096 rows)');
});

test('Q, K and V from one FixedSizeList column: the note says how the rows split over B·H·N, and the result does not call the inputs random', async ({ page }) => {
  await openApp(page);
  await pickFile(page, SAMPLE);
  await expect(page.getByTestId('data-facts')).toBeVisible();
  await pickKernel(page, 'attention/flash');
  for (const [name, value] of [['B', '1'], ['H', '4'], ['Hkv', '4']] as const) await page.locator(`.params input[name="${name}"]`).fill(value);
  for (const buffer of ['Q', 'K', 'V']) await page.getByTestId(`feed-${buffer}`).locator('select').selectOption({ label: 'embedding · FixedSizeList<Float32>[16]' });
  await expect(page.getByTestId('feed-notes-Q')).toHaveText('Q ← embedding: 4,096 × 16 matrix, sets N and d; 4,096 rows = B·H·N: N = 1,024 with B = 1, H = 4; no copy.');
  await expect(page.getByTestId('feed-notes-K')).toContainText('4,096 rows = B·Hkv·L: L = 1,024 with B = 1, Hkv = 4');
  await expect(page.locator('.params input[name="N"]')).toHaveValue('1024');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct', { timeout: 120_000 });
  await expect(page.getByTestId('record-inputs')).toContainText('all from data;');
  await expect(page.getByTestId('record-inputs')).not.toContainText('random');
});

test('a truncated or corrupt file gets one sentence naming it and the reason, and the file loaded before stays', async ({ page }) => {
  await openApp(page);
  await pickFile(page, SAMPLE);
  await expect(page.getByTestId('data-facts')).toContainText('vectors.parquet');
  const bytes = readFileSync(SAMPLE);
  await pickFile(page, { name: 'cut.parquet', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 200_000) });
  await expect(page.getByTestId('data-problem')).toHaveText('cut.parquet: truncated: it starts with PAR1 like a Parquet file but does not end with PAR1 (200000 bytes): the footer is missing.');
  await expect(page.getByTestId('data-file')).toHaveText(['vectors.parquet']);
  await expect(page.getByTestId('data-facts')).toContainText('vectors.parquet: Parquet');
  // Both magic numbers, but the footer's length points before the start of the file.
  const corrupt = Buffer.from(bytes);
  corrupt.writeUInt32LE(0x7fffffff, corrupt.length - 8);
  await pickFile(page, { name: 'bad-footer.parquet', mimeType: 'application/octet-stream', buffer: corrupt });
  await expect(page.getByTestId('data-problem')).toContainText(/^bad-footer\.parquet: corrupt: /);
  await expect(page.getByTestId('data-file')).toHaveText(['vectors.parquet']);
  // An address on another site is refused before anything is fetched.
  await page.getByTestId('data-url').fill('https://example.com/x.parquet');
  await page.getByTestId('data-url').press('Enter');
  await expect(page.getByTestId('data-problem')).toHaveText(/^https:\/\/example\.com\/x\.parquet: unsupported: only addresses on this page's own site \(http:\/\/127\.0\.0\.1:\d+\) can be loaded here; download the file and pick it, or drop it on the page\.$/);
  // The loader still works for the next file: one dropped, one by its address on this site.
  await dropFile(page, 'body', 'vectors.arrow', readFileSync('public/data/vectors.arrow'));
  await expect(page.getByTestId('data-facts')).toContainText('vectors.arrow: Arrow IPC file');
  await expect(page.getByTestId('data-problem')).toHaveCount(0);
  await page.getByTestId('data-url').fill('/data/vectors.csv');
  await page.getByTestId('data-url').press('Enter');
  await expect(page.getByTestId('data-facts')).toContainText('vectors.csv: CSV');
  await expect(page.getByTestId('data-file')).toHaveText(['vectors.parquet', 'vectors.arrow', 'vectors.csv']);
});

test.describe('a projector (1280×720 at 125%)', () => {
  test.use({ viewport: { width: 1024, height: 576 }, deviceScaleFactor: 1.25 });

  test('with a file loaded and the panel folded, the matmul fed from it keeps Run and the verdict on the first screen', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('data-toggle').click();
    await page.getByTestId('sample-vectors.parquet').click();
    await expect(page.getByTestId('data-facts')).toContainText('vectors.parquet');
    await page.getByTestId('data-toggle').click();
    await expect(page.getByTestId('data-summary')).toHaveText('vectors.parquet · 4,096 rows × 6 columns');
    // A is the embeddings, [4096, 16]: M and K follow; N stays the user's.
    await page.locator('.params input[name="N"]').fill('8');
    await page.getByTestId('feed-A').locator('select').selectOption({ label: 'embedding · FixedSizeList<Float32>[16]' });
    await expect(page.getByTestId('feed-notes-A')).toHaveText('A ← embedding: 4,096 × 16 matrix, sets M and K; no copy.');
    await expect(page.locator('.params input[name="M"]')).toHaveValue('4096');
    await expect(page.locator('.params input[name="K"]')).toHaveValue('16');
    await expect(page.getByTestId('run')).toBeInViewport({ ratio: 1 });
    await page.getByTestId('run').click();
    await expect(page.getByTestId('verdict')).toHaveText('✓ correct', { timeout: 60_000 });
    await expect(page.getByTestId('verdict')).toBeInViewport({ ratio: 1 });
  });
});

test.describe('a phone (420 px)', () => {
  test.use({ viewport: { width: 420, height: 900 } });

  test('the panel with a file shown is no wider than the screen: its tables scroll on their own', async ({ page }) => {
    await openApp(page);
    await pickFile(page, SAMPLE);
    await expect(page.getByTestId('data-preview')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    // The schema is wider than the screen, and says so; scrolled by keyboard, its last column comes into view.
    await expect(page.getByTestId('schema-scroll-hint')).toBeVisible();
    const box = page.getByRole('region', { name: 'Schema of vectors.parquet' });
    await box.focus();
    await box.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    await expect(page.getByTestId('data-schema').locator('thead th').last()).toBeInViewport();
  });
});

/** The longest main-thread task allowed while a 100 MB file loads (see the test). */
const LONGEST_TASK_MS = 200;

test('a ~100 MB Parquet file decodes in the Worker while the main thread stays responsive, and Cancel stops it', async ({ page }) => {
  test.setTimeout(300_000);
  // 4 Float32 columns × 6.5 M rows, uncompressed: 104 MB of values, 99+ MiB on disk.
  const rows = 6_500_000;
  const names = ['a', 'b', 'c', 'd'];
  const fields = names.map((n) => new Field(n, new Float32(), false));
  const children = names.map(() => makeData({ type: new Float32(), length: rows, nullCount: 0, data: Float32Array.from({ length: rows }, Math.random) }));
  const table = new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }))]);
  const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.UNCOMPRESSED).setDictionaryEnabled(false).setMaxRowGroupSize(1 << 20).build();
  const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
  expect(bytes.length).toBeGreaterThan(100e6);
  const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-big-'));
  const path = join(dir, 'big.parquet');
  writeFileSync(path, bytes);
  try {
    await page.addInitScript(() => {
      const w = window as unknown as { longest: number; tasks: number };
      w.longest = 0;
      w.tasks = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.longest = Math.max(w.longest, e.duration);
          w.tasks++;
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    await openApp(page);
    await pickFile(page, SAMPLE);
    await expect(page.getByTestId('data-facts')).toContainText('vectors.parquet');
    // Cancel stops it (reading or decoding) and leaves the file loaded before as it was.
    await pickFile(page, path);
    await page.getByTestId('data-cancel').click();
    await expect(page.getByTestId('data-progress')).toHaveCount(0);
    await expect(page.getByTestId('data-file')).toHaveText(['vectors.parquet']);
    await expect(page.getByTestId('data-problem')).toHaveCount(0);
    await expect(page.locator('.console')).toContainText('big.parquet: loading cancelled; the files loaded before are as they were.');
    // Start counting when the page is idle: the app's own start-up (the editor, the GPU) is not this test's.
    await page.waitForTimeout(1000);
    await page.evaluate(() => Object.assign(window, { longest: 0, tasks: 0 }));
    await pickFile(page, path);
    await expect(page.getByTestId('data-progress')).toBeVisible();
    await expect(page.getByTestId('data-facts')).toContainText(/^big\.parquet: Parquet, 9\d\.\d MiB, 6,500,000 rows × 4 columns/, { timeout: 240_000 });
    await expect(page.getByTestId('data-preview').locator('[role=row][data-index="0"]')).toBeVisible();
    await page.waitForTimeout(500);
    const { longest, tasks } = await page.evaluate(() => {
      const w = window as unknown as { longest: number; tasks: number };
      return { longest: w.longest, tasks: w.tasks };
    });
    // The Long Tasks API reports only tasks of 50 ms or more: none means the longest was shorter.
    console.log(`100 MB Parquet: longest main-thread task ${tasks === 0 ? 'under 50 ms (no long task)' : `${longest.toFixed(0)} ms (${tasks} tasks of 50 ms or more)`}; bound ${LONGEST_TASK_MS} ms`);
    // Decoding this file on the main thread takes seconds. In the Worker, what is left on the page's thread
    // (reading the file in slices of 8 ms, rebuilding the table from the Worker's Arrow IPC answer, drawing
    // the panel) measures 0–70 ms here. The bound is 200 ms, RAIL's 100 ms for answering input doubled for a
    // 2-core machine shared with other work: a click still gets an answer within a fifth of a second.
    expect(longest).toBeLessThan(LONGEST_TASK_MS);
    // The observer is alive: a task of the page's own made long on purpose is seen.
    await page.evaluate(() => void setTimeout(() => {
      const start = performance.now();
      while (performance.now() - start < 120);
    }, 0));
    await expect.poll(() => page.evaluate(() => (window as unknown as { longest: number }).longest)).toBeGreaterThanOrEqual(110);
    // The preview shows 100,000 rows at a time; the window moves to the end.
    await page.getByTestId('data-window-start').fill('6450000');
    await expect(page.getByTestId('data-preview').locator('[role=row][data-index="6450000"]')).toBeVisible();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
