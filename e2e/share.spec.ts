import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TEMPLATE_REFERENCE, TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../src/kernels/custom-template';
import { shareLink } from '../src/share/link';
import { cursorAfter, download, editorText, openApp, pickKernel, setField } from './helpers';

const title = (page: Page) => page.locator('.editor-head h2 code');

/** Share the kernel in the editor and return the link. */
async function share(page: Page): Promise<string> {
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#share=1\./);
  return link;
}

test('share a modified kernel: the link opens in a fresh browser beside nothing of theirs, runs the same, and Keep makes it yours', async ({ page, browser }) => {
  await openApp(page);
  await pickKernel(page, 'vector/saxpy');
  await cursorAfter(page, 'fn main');
  await page.keyboard.type(' // shared edit 42');
  await setField(page, 'N', '1234');
  await setField(page, 'a', '-0.5');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  const link = await share(page);
  await expect(page.getByTestId('share-box')).toContainText('nothing is uploaded');
  // The open box follows the editor: a changed parameter is a new link, and back again the same one.
  await setField(page, 'a', '-0.25');
  await expect(page.getByTestId('share-link')).not.toHaveValue(link);
  await setField(page, 'a', '-0.5');
  await expect(page.getByTestId('share-link')).toHaveValue(link);

  // Someone else opens it: a shared copy, with the same code and parameters, that runs the same way.
  const other = await browser.newContext();
  const them = await other.newPage();
  await them.goto(link);
  await expect(title(them)).toHaveText(/^shared\/vector-saxpy-[0-9a-f]{8}$/);
  await expect(them.getByTestId('save-state')).toContainText('shared, from a link');
  await expect.poll(() => editorText(them)).toContain('// shared edit 42');
  await expect(them.locator('.params input[name="N"]')).toHaveValue('1234');
  await expect(them.locator('.params input[name="a"]')).toHaveValue('-0.5');
  // The fragment is gone from the address bar: a reload does not open it again.
  expect(new URL(them.url()).hash).toBe('');
  await them.getByTestId('run').click();
  await expect(them.getByTestId('verdict')).toHaveText('✓ correct');
  // Its original is what the link carried, not the library's: no "Reset to original" here.
  await expect(them.getByRole('button', { name: 'Reset to original' })).toHaveCount(0);
  // Their own vector/saxpy is untouched.
  await them.locator('[data-kernel="vector/saxpy"]').click();
  await expect(them.getByTestId('save-state')).toHaveText('library version');
  // Keep: the shared edit becomes their version of the library kernel.
  await them.getByTestId('shared-kernels').locator('button').first().click();
  await them.getByTestId('keep').click();
  await expect(title(them)).toHaveText('vector/saxpy');
  await expect(them.getByTestId('save-state')).toContainText('edited');
  await expect.poll(() => editorText(them)).toContain('// shared edit 42');
  await expect(them.getByTestId('shared-kernels')).toHaveCount(0);
  // The shared kernel's run came along into the kept kernel's history.
  await expect(them.getByRole('heading', { name: /^History/ })).toContainText('(1 run)');
  await other.close();

  // Opening the link where the sharer has edited on: their draft stays as it is.
  await cursorAfter(page, 'fn main');
  await page.keyboard.type(' // and more');
  await expect(page.getByTestId('save-state')).toHaveText('edited · saved');
  await page.goto(link);
  await expect(title(page)).toHaveText(/^shared\/vector-saxpy-/);
  await page.locator('[data-kernel="vector/saxpy"]').click();
  await expect.poll(() => editorText(page)).toContain('// shared edit 42 // and more');
});

test('an unsafe link stays inert: its title is text, its reference runs nowhere until allowed, and then only in a sandbox', async ({ page }) => {
  await openApp(page);
  const pageTitle = await page.title();
  const link = shareLink(
    {
      kernel: 'custom/scale',
      title: '<img src=x onerror="window.kernelLabPwned = 1"> Scale',
      wgsl: TEMPLATE_WGSL,
      sidecar: TEMPLATE_SIDECAR,
      // Tries to reach the page as soon as it is loaded, and again when it is called.
      reference: `window.kernelLabPwned = 2; document.title = 'pwned';\n${TEMPLATE_REFERENCE}`,
      params: { N: 100 },
      constants: {},
    },
    page.url(),
  );
  await page.goto(link);
  await expect(title(page)).toHaveText(/^shared\/custom-scale-/);
  const shared = page.getByTestId('shared-kernels');
  await expect(shared).toContainText('<img src=x onerror="window.kernelLabPwned = 1"> Scale');
  await expect(page.locator('.editor-head h2')).toContainText('<img src=x');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  // Run waits for agreement; the reference tab says why and offers it.
  await expect(page.getByTestId('run')).toBeDisabled();
  await expect(page.getByText('Read the shared reference.js and allow it to run first.')).toBeVisible();
  await expect(page.getByTestId('custom-problem')).toContainText('it runs only after you allow it');
  await page.getByRole('tab', { name: /reference\.js/ }).click();
  await expect.poll(() => editorText(page)).toContain("document.title = 'pwned'");
  expect(await page.evaluate(() => (window as { kernelLabPwned?: number }).kernelLabPwned)).toBeUndefined();
  await page.getByTestId('allow-reference').click();
  // Allowed, it loads in the sandbox's Worker, where there is no window or document: it fails there.
  await expect(page.getByTestId('custom-problem')).toContainText(/reference\.js.*does not load: .*window is not defined/);
  expect(await page.evaluate(() => (window as { kernelLabPwned?: number }).kernelLabPwned)).toBeUndefined();
  expect(await page.title()).toBe(pageTitle);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  // Reloading keeps the shared kernel, and still runs nothing on the page.
  await page.reload();
  await expect(title(page)).toHaveText(/^shared\/custom-scale-/);
  expect(await page.evaluate(() => (window as { kernelLabPwned?: number }).kernelLabPwned)).toBeUndefined();
});

test('a shared kernel of your own, with a reference, runs once allowed, and a damaged link is named without touching your work', async ({ page }) => {
  await openApp(page);
  const link = shareLink({ kernel: 'custom/scale', title: 'Scale', wgsl: TEMPLATE_WGSL, sidecar: TEMPLATE_SIDECAR, reference: TEMPLATE_REFERENCE, params: { N: 333 }, constants: {} }, page.url());
  await page.goto(link);
  await page.getByRole('tab', { name: /reference\.js/ }).click();
  await page.getByTestId('allow-reference').click();
  await expect(page.getByTestId('custom-problem')).toHaveCount(0);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  // Keep asks first: its reference will then load on the page like your own code.
  await page.getByTestId('keep').click();
  await page.getByTestId('keep-confirm').click();
  await expect(title(page)).toHaveText('custom/scale');
  await expect(page.locator('[data-kernel="custom/scale"]')).toBeVisible();

  await page.goto(`${link.slice(0, link.length - 30)}`);
  await expect(page.getByTestId('link-problem')).toContainText('This link did not open: This link is damaged');
  await expect(page.getByTestId('link-problem')).toContainText('Nothing of yours was changed.');
  await expect(title(page)).toHaveText('custom/scale');
});

test('open a run from an exported results file (JSON and Parquet), and from the history', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await pickKernel(page, 'vector/saxpy');
  await cursorAfter(page, 'fn main');
  await page.keyboard.type(' // run to reopen');
  await setField(page, 'N', '2000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  const dir = tmpdir();
  const json = join(dir, `kernel-lab-open-${process.pid}.json`);
  writeFileSync(json, await download(page, 'Export JSON'));
  const parquet = join(dir, `kernel-lab-open-${process.pid}.parquet`);
  writeFileSync(parquet, await download(page, 'Export Parquet'));
  // The draft moves on; the file still holds the code that ran.
  await page.getByRole('button', { name: 'Reset to original' }).click();

  for (const file of [json, parquet]) {
    await page.locator('[data-kernel="vector/saxpy"]').click();
    await page.getByTestId('open-runs-file').setInputFiles(file);
    const rows = page.getByTestId('open-runs').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('vector/saxpy');
    await rows.first().getByRole('button', { name: 'Open' }).click();
    await expect(title(page)).toHaveText(/^shared\/vector-saxpy-/);
    await expect.poll(() => editorText(page)).toContain('// run to reopen');
    await expect(page.locator('.params input[name="N"]')).toHaveValue('2000');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  }
  // Both files held the same run: one shared kernel.
  await expect(page.getByTestId('shared-kernels').locator('li')).toHaveCount(1);

  // A file that is not results: named, and nothing else changes.
  const bad = join(dir, `kernel-lab-open-${process.pid}.arrow`);
  writeFileSync(bad, 'not arrow at all');
  await page.getByTestId('open-runs-file').setInputFiles(bad);
  await expect(page.getByTestId('open-runs-problem')).toContainText(/kernel-lab-open-\d+\.arrow could not be read as Arrow IPC/);
  const csv = join(dir, `kernel-lab-open-${process.pid}.csv`);
  writeFileSync(csv, await download(page, 'Export CSV'));
  await page.getByTestId('open-runs-file').setInputFiles(csv);
  await expect(page.getByTestId('open-runs-problem')).toContainText('is a CSV export, which keeps no code');

  // From the history: the latest run of the library kernel, as it ran.
  await page.locator('[data-kernel="vector/saxpy"]').click();
  await setField(page, 'N', '999');
  await page.getByTestId('run').click();
  // The verdict of the first run is still on show: wait for the second run in the history.
  await expect(page.getByRole('heading', { name: /^History/ })).toContainText('(2 runs)');
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await page.getByTestId('open-this-run').click();
  await expect(title(page)).toHaveText(/^shared\/vector-saxpy-/);
  await expect(page.locator('.params input[name="N"]')).toHaveValue('999');

  // Any run of the history, from "Compare two runs": run #1 is the one the files held.
  await page.locator('[data-kernel="vector/saxpy"]').click();
  await page.getByRole('button', { name: /Compare two runs/ }).click();
  await page.getByTestId('open-history-run').first().click();
  await expect(page.locator('.params input[name="N"]')).toHaveValue('2000');
  await expect.poll(() => editorText(page)).toContain('// run to reopen');
  await expect(page.getByTestId('shared-kernels').locator('li')).toHaveCount(2);
});

test('an allowed shared reference cannot reach the page\'s storage or the network: the sandbox answers only with numbers', async ({ page }) => {
  await openApp(page);
  const origin = new URL(page.url()).origin;
  // Adds to every value whatever it managed to reach: a correct verdict means it reached nothing.
  const reference = `let reached = 0;
try { indexedDB.open('kernel-lab'); reached += 1; } catch {}
try { await fetch('${origin}/'); reached += 10; } catch {}
try { caches; await caches.keys(); reached += 100; } catch {}
export default function reference({ x }, { N }, { S }) {
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) y[i] = Math.fround(S) * x[i] + reached;
  return { y };
}
`;
  const link = shareLink({ kernel: 'custom/scale', title: 'Scale, curious', wgsl: TEMPLATE_WGSL, sidecar: TEMPLATE_SIDECAR, reference, params: { N: 257 }, constants: {} }, page.url());
  await page.goto(link);
  await page.getByRole('tab', { name: /reference\.js/ }).click();
  await page.getByTestId('allow-reference').click();
  await expect(page.getByTestId('custom-problem')).toHaveCount(0);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
});

