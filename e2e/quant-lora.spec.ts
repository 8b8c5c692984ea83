/**
 * The quantization and training-at-scale kernels and calculator in the page:
 * quant/gemv-int4 picked from the library and run to a correct verdict with
 * its error against f32 and tokens/s; the training-memory calculator opened,
 * its inputs changed by keyboard and its numbers following, a bad value named
 * under its field with the last figures kept, at 420 px, with no serious axe
 * violations.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp, pickKernel, setField } from './helpers';

test('quant/gemv-int4 from the library: a correct verdict, the error it costs and tokens/s', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('[data-kernel="quant/gemv-f32"]')).toBeVisible();
  await expect(page.locator('[data-kernel="lora/unmerged"]')).toBeVisible();
  await pickKernel(page, 'quant/gemv-int4');
  await setField(page, 'N', '64');
  await setField(page, 'K', '256');
  await setField(page, 'G', '12');
  // Not a multiple of 8: named under G, and Run waits.
  await expect(page.locator('.params')).toContainText('G (group size) must be a multiple of 8 for int4');
  await setField(page, 'G', '32');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  // Normal weights in groups of 32: about a tenth of the f32 product's norm.
  await expect(page.getByTestId('figure-quantError')).toHaveText(/^\d\.\d\de-(1|2) /);
  await expect(page.getByTestId('figure-tokensPerS')).toContainText('tokens/s');
});

test.describe('the training-memory calculator at 420 px', () => {
  test.use({ viewport: { width: 420, height: 900 } });

  test('changes with its inputs, names a bad one under it, and reads without sideways scrolling', async ({ page }) => {
    await page.goto('/');
    const panel = page.getByTestId('training-memory');
    await panel.getByRole('button', { name: /Training memory/ }).click();
    const calc = panel.getByTestId('memory-calculator');
    // The ZeRO paper's example is where it starts: 7.5 B parameters on 64 GPUs.
    await expect(calc.getByTestId('memory-total-dp')).toHaveText('120 GB');
    await expect(calc.getByTestId('memory-total-zero1')).toHaveText('31.4 GB');
    await expect(calc.getByTestId('memory-total-zero2')).toHaveText('16.6 GB');
    await expect(calc.getByTestId('memory-total-zero3')).toHaveText('1.88 GB');
    await expect(calc.getByTestId('memory-total-fsdp')).toHaveText('1.88 GB');
    await expect(calc.locator('.recharts-bar-rectangle')).toHaveCount(15);
    // The strategy axis is as wide as its labels: each on one line, none cut.
    // (Recharts 3 draws tick labels in a layer of their own; the GB ticks are the x axis'.)
    const labels = () => calc.locator('.recharts-cartesian-axis-tick-value').evaluateAll((list) => list.map((t) => ({ text: t.textContent, lines: t.querySelectorAll('tspan').length })).filter((t) => !t.text?.endsWith('GB')));
    await expect.poll(labels).toEqual(['data parallel', 'ZeRO stage 1', 'ZeRO stage 2', 'ZeRO stage 3', 'FSDP'].map((text) => ({ text, lines: 1 })));

    // By keyboard: 8 GPUs instead of 64.
    const gpus = calc.getByLabel('Data-parallel GPUs');
    await gpus.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('8');
    await expect(calc.getByTestId('memory-total-zero3')).toHaveText('15.0 GB');
    await expect(calc.getByTestId('memory-total-dp')).toHaveText('120 GB');
    await calc.getByLabel('Parameters (billions)').fill('1');
    await expect(calc.getByTestId('memory-total-dp')).toHaveText('16.0 GB');
    await calc.getByLabel('Precision').selectOption('fp32');
    await expect(calc.getByTestId('memory-total-zero1')).toHaveText('9.00 GB');

    // A bad value: said under its field, the last figures stay.
    await gpus.fill('2.5');
    await expect(calc.getByRole('alert')).toHaveText('GPUs must be a whole number of at least 1 (got 2.5).');
    await expect(gpus).toHaveAttribute('aria-invalid', 'true');
    await expect(calc.getByTestId('memory-total-zero1')).toHaveText('9.00 GB');

    // Activations add the same to every strategy.
    await gpus.fill('8');
    await calc.getByLabel(/Add activations/).check();
    await expect(calc.locator('thead')).toContainText('activations');
    await expect(calc.getByTestId('memory-total-dp')).not.toHaveText('16.0 GB');

    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const found = await new AxeBuilder({ page }).include('[data-testid="training-memory"]').analyze();
    const bad = found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });
});
