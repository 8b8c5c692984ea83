/**
 * The README's first command, `npm run dev`, as a newcomer meets it: React's
 * StrictMode and Vite's unbundled modules are only there, and once hid every
 * kernel's code behind an empty editor while the built app was fine.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cursorAfter, editorText, openApp, pickKernel, setField } from './helpers';

const firstLine = (path: string): string => readFileSync(path, 'utf8').split('\n')[0]!;

test('the dev server shows each kernel\'s code, keeps an edit, and runs it', async ({ page }) => {
  await openApp(page);
  // The code is there on the first screen, not an empty buffer.
  await expect.poll(() => editorText(page)).toContain(firstLine('shaders/matmul/naive.wgsl'));

  await pickKernel(page, 'vector/saxpy');
  await expect.poll(() => editorText(page)).toContain(firstLine('shaders/vector/saxpy.wgsl'));
  await setField(page, 'N', '1000');

  // An edit goes into the library code, not over it.
  await cursorAfter(page, 'struct Params {');
  await page.keyboard.type(' // dev edit');
  // Monaco renders typed text a frame later: wait for it, then check nothing was overwritten.
  await expect.poll(() => editorText(page)).toContain('struct Params { // dev edit');
  expect(await editorText(page)).toContain(firstLine('shaders/vector/saxpy.wgsl'));
  await expect(page.getByTestId('save-state')).toHaveText('edited · saved');

  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // And it is still there after a reload, with each console line once (StrictMode mounts the page twice here).
  const lines = await page.getByTestId('console').locator('li').allInnerTexts();
  // The console is written 250 ms after its last line (useConsoleLog): let that happen before reloading.
  await page.waitForTimeout(750);
  await page.reload();
  await expect.poll(() => editorText(page)).toContain('struct Params { // dev edit');
  await expect(page.getByTestId('console').locator('li')).toHaveCount(lines.length);

  // Share works through Vite's dev modules too (lz-string is CommonJS): the link opens the edit as a shared kernel.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.goto(link);
  await expect(page.locator('.editor-head h2 code')).toHaveText(/^shared\/vector-saxpy-/);
  await expect.poll(() => editorText(page)).toContain('struct Params { // dev edit');
});
