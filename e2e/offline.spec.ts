/**
 * Offline: after one visit the built app opens, shows a library kernel, runs it to a verdict and loads a
 * sample file with the network off (the service worker's precache, vite.config.ts); a share link opens
 * too. And a newly deployed build is announced, not swapped in: "A new version … is ready", Reload.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { BUILT_APP_DIR } from './built-app';
import { editorText, pickKernel, setField } from './helpers';

test.use({ serviceWorkers: 'allow' });

/** Open the app online and wait until its service worker controls the page (the precache is then complete). */
async function visitOnline(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
}

/** The URLs in the service worker's precache, as the page sees them. */
async function precached(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('workbox-precache'));
    const lists = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)));
    return lists.flat();
  });
}

/** Navigate to `path` in a fresh tab of `context` (offline or not) and wait for the page to be up. */
async function openTab(context: BrowserContext, path: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(path);
  await expect(tab.getByTestId('device-chip')).not.toHaveText(/Looking for a GPU/);
  await expect(tab.locator('.monaco-editor .view-lines')).toBeVisible();
  return tab;
}

/**
 * Addresses of the app that must open with the network off, beyond the library and a share link tested
 * below, each with what must then show: a lesson, by its address (`/?lesson=09-training-at-scale`).
 */
const MORE_OFFLINE_ADDRESSES: readonly { readonly path: string; shows(page: Page): Promise<void> }[] = [
  {
    // A lesson never opened online: its text is bundled, its page, editors, math and charts precached.
    path: '/?lesson=09-training-at-scale',
    async shows(page) {
      await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', '09-training-at-scale');
      await expect(page.getByTestId('lesson').getByRole('heading', { level: 1 })).toHaveText('Training at scale: memory on paper, LoRA in a kernel');
      await expect(page.locator('[data-testid=lesson] .katex').first()).toBeVisible();
      // Its first cell, the calculator, computes; its exercise's editor loads.
      await expect(page.getByTestId('cell-zero').getByTestId('memory-total-zero3')).toHaveText('1.88 GB');
      await page.getByTestId('cell-zero').getByTestId('cell-run').click();
      await expect(page.getByTestId('cell-zero').getByTestId('cell-status')).toContainText('ZeRO stage 3 1.88 GB');
      await expect(page.getByTestId('cell-adapter').locator('.monaco-editor .view-lines')).toBeVisible();
    },
  },
];

test('after one visit the app opens, runs a kernel, loads a sample file and opens a share link with the network off', async ({ page, context }) => {
  await visitOnline(page);
  const cached = await precached(page);
  // Monaco (its chunk and its editor worker, its icon font), parquet-wasm's binary, the samples, the page.
  for (const file of [/\/assets\/editor\.worker-.*\.js$/, /\/assets\/codicon-.*\.ttf$/, /\/assets\/parquet_wasm_bg-.*\.wasm$/, /^\/data\/vectors\.parquet$/, /^\/data\/index\.json$/, /^\/index\.html$/]) {
    expect(cached.some((u) => file.test(u)), `${file} in the precache`).toBe(true);
  }

  await context.setOffline(true);
  // The network is off for the worker too: what it did not precache cannot be had.
  expect(await page.evaluate(() => fetch('/screenshot.png').then((r) => `status ${r.status}`, () => 'failed'))).toBe('failed');

  await page.reload();
  await expect(page.getByTestId('device-chip')).not.toHaveText(/Looking for a GPU/);
  await pickKernel(page, 'vector/saxpy');
  await expect.poll(() => editorText(page)).toContain('override WG: u32 = 256;');
  await setField(page, 'N', '1000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // A sample never loaded online comes from the precache, decoded by parquet-wasm in its Worker.
  await page.getByTestId('data-toggle').click();
  await page.getByTestId('sample-vectors.parquet').click();
  await expect(page.getByTestId('data-facts')).toContainText('vectors.parquet: Parquet, 482.4 KiB, 4,096 rows × 6 columns, 4 row groups');
  await expect(page.getByTestId('data-problem')).toHaveCount(0);

  // A share link (its kernel travels in the #fragment) opens in a new tab.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const opened = await openTab(context, link);
  await expect(opened.locator('.editor-head h2 code')).toHaveText(/^shared\/vector-saxpy-[0-9a-f]{8}$/);

  for (const { path, shows } of MORE_OFFLINE_ADDRESSES) await shows(await openTab(context, path));
});

test('a newly deployed build is announced, not swapped in: Reload takes it, and a second tab is told rather than reloaded', async ({ page, context }) => {
  await visitOnline(page);
  const second = await openTab(context, '/');
  await expect.poll(() => second.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const sw = join(BUILT_APP_DIR, 'sw.js');
  const original = readFileSync(sw, 'utf8');
  try {
    // A new deployment: the worker's script changes (any byte does), the browser installs it beside the old.
    writeFileSync(sw, `${original}\n// deployed again ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const banner = page.getByTestId('update-ready');
    await expect(banner).toContainText('A new version of Kernel Lab is ready');
    // Nothing reloaded on its own: the old worker still serves both tabs.
    await expect(second.getByTestId('update-ready')).toBeVisible();

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    // The other tab kept its page and says why it should reload.
    await expect(second.getByTestId('update-taken-over')).toContainText('updated in another tab');
  } finally {
    writeFileSync(sw, original);
  }
});
