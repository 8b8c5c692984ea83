/**
 * The page as a teacher at a projector and a person at a small window meet it:
 * the editor, the parameters, Run and the verdict on the first screen; the
 * device panel over the page, not pushing it down; the keyboard can leave the
 * editor and close what it opened; no serious accessibility violation.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cursorAfter, editorText, openApp, pickKernel, setField } from './helpers';

/** Wholly inside the viewport, not scrolled away or cut by a pane. */
async function onFirstScreen(what: Locator): Promise<void> {
  await expect(what).toBeInViewport({ ratio: 1 });
}

async function runSmallMatmul(page: Page): Promise<void> {
  for (const name of ['M', 'N', 'K']) await setField(page, name, '24');
  await onFirstScreen(page.getByTestId('run'));
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
}

for (const size of [
  { name: 'a projector (1280×720 at 125%)', viewport: { width: 1024, height: 576 }, deviceScaleFactor: 1.25 },
  { name: 'an 800 px window', viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 },
]) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('editor, parameters, Run and the verdict are on the first screen', async ({ page }) => {
      await openApp(page);
      await onFirstScreen(page.locator('.monaco-editor').first());
      await onFirstScreen(page.getByTestId('params').getByRole('heading', { name: 'Parameters' }));
      await onFirstScreen(page.locator('.params input[name="M"]'));
      await runSmallMatmul(page);
      await onFirstScreen(page.getByTestId('verdict'));
      // The page itself does not scroll: each pane does.
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);

      // The library starts folded away here, and one button brings it back.
      const toggle = page.getByTestId('library-toggle');
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await toggle.click();
      await expect(page.locator('[data-kernel="vector/saxpy"]')).toBeVisible();
      await pickKernel(page, 'vector/saxpy');
      await onFirstScreen(page.getByTestId('run'));

      // Nothing a person reads is cut: the sweep picker's longest choice, and a compile error's hover with its actions.
      const picker = page.getByRole('combobox', { name: 'sweep' });
      await picker.scrollIntoViewIfNeeded();
      const fits = await picker.evaluate((el) => {
        const s = el as HTMLSelectElement;
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(s).font;
        probe.style.whiteSpace = 'nowrap';
        probe.textContent = [...s.options].map((o) => o.text).reduce((a, b) => (b.length > a.length ? b : a), '');
        document.body.append(probe);
        const need = probe.getBoundingClientRect().width;
        probe.remove();
        return s.getBoundingClientRect().width >= need;
      });
      expect(fits).toBe(true);
      await cursorAfter(page, 'n: u32,');
      await page.keyboard.type(' zz');
      const squiggle = page.locator('.squiggly-error').first();
      await expect(squiggle).toBeVisible();
      const at = (await squiggle.boundingBox())!;
      await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
      await page.mouse.move(at.x + at.width / 2 + 1, at.y + at.height / 2);
      const status = page.locator('.monaco-hover .hover-row.status-bar').first();
      await expect(status).toBeVisible();
      await expect(status).toContainText('View Problem');
      expect(await status.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    });
  });
}

test('sizes dragged on a wide screen do not follow the page to a projector', async ({ page }) => {
  await openApp(page);
  const separator = page.getByRole('separator', { name: 'Resize the editor and the run column' });
  const box = (await separator.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 250, box.y + 200, { steps: 5 }); // a wider editor, a narrower run column
  await page.mouse.up();
  await page.setViewportSize({ width: 1024, height: 576 });
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
  await onFirstScreen(page.locator('.params input[name="M"]'));
  await runSmallMatmul(page);
  await onFirstScreen(page.getByTestId('verdict'));
  // And back on the wide screen, the dragged sizes are still there.
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.reload();
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
  expect((await page.getByRole('separator', { name: 'Resize the editor and the run column' }).boundingBox())!.x).toBeGreaterThan(box.x + 150);
});

test('the device panel lies over the page, Escape closes it, and the chip marks a software adapter', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('software-adapter')).toHaveText('software (CPU)');
  const editor = page.locator('.monaco-editor').first();
  const before = (await editor.boundingBox())!;
  const chip = page.getByTestId('device-chip');
  await chip.click();
  const panel = page.getByTestId('device-panel');
  await expect(panel).toBeVisible();
  expect((await editor.boundingBox())!.y).toBe(before.y); // nothing was pushed down
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(chip).toBeFocused();
  await chip.click();
  await page.locator('.monaco-editor').first().click({ position: { x: 40, y: 40 }, force: true });
  await expect(panel).toBeHidden(); // a press elsewhere closes it too
});

test('the charts get room on a wide screen, and the panes can be resized', async ({ page }) => {
  await openApp(page);
  const history = page.getByRole('region', { name: 'History' });
  const wide = (await history.boundingBox())!.width;
  expect(wide).toBeGreaterThan(480);
  const separator = page.getByRole('separator', { name: 'Resize the editor and the run column' });
  const box = (await separator.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x - 200, box.y + 200, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await history.boundingBox())!.width).toBeGreaterThan(wide + 150);
});

test('the keyboard: Tab can leave the editor, Escape closes a question, the selected kernel is announced', async ({ page }) => {
  await openApp(page);
  await pickKernel(page, 'bandwidth/copy');
  await expect(page.locator('[data-kernel="bandwidth/copy"]')).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('[data-kernel="vector/saxpy"]')).not.toHaveAttribute('aria-current', /.*/);

  // By default Tab indents, as in any code editor…
  await page.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('End');
  const inEditor = (): Promise<boolean> => page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor')));
  await page.keyboard.press('Tab');
  expect(await inEditor()).toBe(true);
  await page.keyboard.press('Control+z');
  // …and Ctrl+M (or the toggle shown above the editor) makes it move focus on.
  await page.keyboard.press('Control+m');
  await expect(page.getByTestId('tab-moves-focus')).toBeChecked();
  const text = await editorText(page);
  await page.keyboard.press('Tab');
  await expect.poll(inEditor).toBe(false);
  expect(await editorText(page)).toBe(text);
  await page.getByTestId('tab-moves-focus').uncheck();

  // A question ("Delete 1 run?") goes away with Escape, deleting nothing.
  await setField(page, 'N', '2000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  await page.getByRole('button', { name: 'Clear…' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Clear the history?' })).toBeVisible();
  // Focus goes to the safe answer, and comes back to the button that asked.
  await expect(page.getByRole('button', { name: 'Keep', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: 'Clear the history?' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Clear…' })).toBeFocused();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations in the main views (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    const check = async (where: string): Promise<void> => {
      const found = await new AxeBuilder({ page }).analyze();
      const bad = found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${where}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    };
    await check('the workbench');
    await runSmallMatmul(page);
    await check('after a run');
    await page.getByTestId('device-chip').click();
    await expect(page.getByTestId('device-panel')).toBeVisible();
    await check('the device panel');
  });
}

test.describe('a phone (420 px)', () => {
  test.use({ viewport: { width: 420, height: 900 } });

  test('one column, nothing wider than the screen, and Share fits', async ({ page }) => {
    await openApp(page);
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('device-chip')).toBeInViewport({ ratio: 1 });
    // Stacked: Run is further down the page, under the editor.
    for (const name of ['M', 'N', 'K']) await setField(page, name, '24');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
    await page.getByTestId('share').click();
    await expect(page.getByTestId('share-link')).toBeInViewport({ ratio: 1 });
    expect(await sideways()).toBeLessThanOrEqual(0);
  });
});

