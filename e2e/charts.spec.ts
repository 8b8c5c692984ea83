/**
 * The charts read true: axes fit the data rather than a far ceiling, the
 * ceiling is drawn only where it fits and named otherwise, every multi-series
 * chart has a legend, the roofline ticks at powers of ten, and the history
 * keeps each shape on its own line. Small presets: SwiftShader is slow.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp, pickKernel, setField } from './helpers';

const PREFIX: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3, 'µ': 1e-6, n: 1e-9 };
const SUPER = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** "200 MB/s" → 0.2 (GB/s); "50 MFLOP/s" → 0.05 (GFLOP/s). A tick without its unit fails. */
function rate(text: string): number {
  const m = /^([\d.]+) ([kMGTmµn]?)(B\/s|FLOP\/s)$/.exec(text.trim());
  if (!m) throw new Error(`tick "${text}" is not a rate with its unit`);
  return (Number(m[1]) * PREFIX[m[2]!]!) / 1e9;
}

/** "0.01", "100", "10⁴", "10⁻⁵" → the number. */
function decade(text: string): number {
  const m = /^10(⁻?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(text);
  if (!m) return Number(text);
  const k = Number([...m[2]!].map((c) => SUPER.indexOf(c)).join(''));
  return 10 ** (m[1] ? -k : k);
}

/** An axis's tick labels, once it has at least two (Recharts draws them in a layer of their own). */
async function ticks(chart: Locator, axis: 'xAxis' | 'yAxis'): Promise<string[]> {
  const labels = chart.locator(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`);
  await expect(labels.nth(1)).toBeAttached();
  return (await labels.evaluateAll((texts) => texts.map((t) => t.textContent ?? ''))).map((t) => t.trim());
}

async function runSweep(page: Page, title: string, testid: string): Promise<Locator> {
  await page.getByRole('combobox', { name: 'sweep' }).selectOption({ label: title });
  await expect(page.locator('#sweep-size')).toHaveValue('small');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  const chart = page.getByTestId(testid);
  await expect(page.getByRole('button', { name: 'Run sweep' })).toBeEnabled({ timeout: 240_000 });
  await expect(chart.locator('.recharts-line-curve')).not.toHaveCount(0);
  return chart;
}

/**
 * The y axis spans the points, not a far ceiling; the ceiling is either the
 * labelled line, in range, or named in the caption as off the chart's top.
 */
async function expectScaledToData(chart: Locator, ceilingName: string): Promise<void> {
  const caption = chart.getByTestId('ceiling-caption');
  const unit = '[kMG]?(?:B|FLOP)/s';
  const sentence = new RegExp(`^Best point ([\\d.]+ ${unit}), [\\d.]+% of the ${ceilingName} ([\\d.]+ ${unit})`);
  await expect(caption).toHaveText(sentence);
  const text = await caption.innerText();
  const [, bestText, ceilingText] = sentence.exec(text)!;
  const best = rate(bestText!);
  const ceiling = rate(ceilingText!);
  const values = (await ticks(chart, 'yAxis')).map(rate);
  expect(values.length).toBeGreaterThanOrEqual(3);
  const top = Math.max(...values);
  const line = chart.locator('.ceiling-label');
  if (text.includes("off the chart's top")) {
    expect(top).toBeLessThanOrEqual(2 * best);
    expect(top).toBeLessThan(ceiling);
    await expect(line).toHaveCount(0);
  } else {
    expect(text).toContain('(the dashed line)');
    await expect(line).toContainText(`${ceilingName} ${ceilingText}`);
    // Drawn only within reach of the points (at least half of it), or it would flatten them.
    expect(2 * best).toBeGreaterThanOrEqual(ceiling);
    expect(top).toBeLessThanOrEqual(2 * Math.max(best, ceiling));
  }
  if ((await chart.getAttribute('data-scale')) === 'log') {
    for (const v of values) expect([1, 2, 5]).toContain(Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9)));
  } else {
    expect(Math.min(...values)).toBe(0);
  }
}

test('sweeps are scaled to their points, the ceiling drawn or named, and the roofline ticks at powers of ten with a legend', async ({ page }) => {
  test.setTimeout(420_000);
  await openApp(page);
  await page.getByTestId('device-chip').click();
  await page.getByTestId('device-panel').getByRole('button', { name: 'Measure this device' }).click();
  await expect(page.getByTestId('ceiling-gbps')).toBeVisible({ timeout: 240_000 });
  await page.keyboard.press('Escape');

  // With ceilings measured, a run says how much of its roof it reached, and which roof.
  await pickKernel(page, 'vector/saxpy');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct', { timeout: 60_000 });
  await expect(page.getByTestId('roof-fraction')).toHaveText(/^\d[\d.]*% of the bandwidth roof at [\d.]+ FLOP\/byte, [\d.,]+ [kMGT]?FLOP\/s/);

  const workingSet = await runSweep(page, 'Bandwidth vs working set', 'sweep-working-set');
  await expectScaledToData(workingSet, 'bandwidth ceiling');
  const intensity = await runSweep(page, 'Intensity sweep', 'sweep-intensity');
  await expectScaledToData(intensity, 'compute ceiling');

  // Calibration and the sweep are suite runs on the roofline: decades on both axes, and a legend.
  const roofline = page.getByTestId('roofline');
  for (const axis of ['xAxis', 'yAxis'] as const) {
    const texts = await ticks(roofline, axis);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const t of texts) expect(Math.log10(decade(t)) % 1).toBeCloseTo(0, 9);
  }
  await expect(roofline).toContainText('arithmetic intensity (FLOP/byte)');
  const legend = roofline.getByTestId('roofline-legend');
  await expect(legend.locator('[data-kind=suite]')).toHaveText('calibration, sweep and peer runs');
  await expect(legend).toContainText('bandwidth roof');
  await expect(legend).toContainText('compute roof');
});

test('the matmul ladder has a legend entry for every variant it drew', async ({ page }) => {
  test.setTimeout(420_000);
  await openApp(page);
  const chart = await runSweep(page, 'Matmul ladder', 'sweep-matmul-ladder');
  // The variants with a best figure in the table (not "—", not "not on this device").
  const rows = await chart.locator('.ladder-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const measured = rows.filter((r) => /\d/.test(r[1] ?? '')).map((r) => r[0]!);
  expect(measured.length).toBeGreaterThanOrEqual(2);
  const legend = await chart.locator('.recharts-legend-item-text').allInnerTexts();
  expect(legend).toEqual(measured.map((v) => v.replace('matmul/', '')));
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(measured.length);
  for (const t of await ticks(chart, 'yAxis')) rate(t);
  await expect(chart).toContainText('Measure this device (device panel) to compare with its compute ceiling.');
});

test('the history keeps each shape on its own line, named by the shape', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await pickKernel(page, 'matmul/naive');
  const chart = page.getByTestId('history-chart');
  for (const [i, n] of ['16', '24', '16'].entries()) {
    for (const name of ['M', 'N', 'K']) await setField(page, name, n);
    await page.getByTestId('run').click();
    await expect(chart).toHaveAttribute('data-points', String(i + 1));
    await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  }
  await expect(chart.locator('.recharts-legend-item-text')).toHaveText(['M=16 N=16 K=16', 'M=24 N=24 K=24']);
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(2);
  await expect(chart.locator('.run-dot')).toHaveCount(3);
  await expect(chart).toContainText('#1 library');
  for (const t of await ticks(chart, 'yAxis')) expect(t).toMatch(/FLOP\/s$/);
  await chart.getByRole('button', { name: 'GB/s' }).click();
  await expect(chart.getByRole('button', { name: 'GB/s' })).toHaveAttribute('aria-pressed', 'true');
  for (const t of await ticks(chart, 'yAxis')) expect(t).toMatch(/B\/s$/);
});

test('every autotune bar is labelled with its constants', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await pickKernel(page, 'bandwidth/copy');
  await setField(page, 'N', '3000');
  await page.getByRole('button', { name: 'Autotune' }).click();
  const chart = page.getByTestId('tune-chart');
  await expect(chart).toHaveAttribute('data-candidates', /^[1-9]\d*$/, { timeout: 150_000 });
  const count = Number(await chart.getAttribute('data-candidates'));
  // The quick search: every candidate, named by its constants (and its tags).
  const quick = page.getByTestId('tune-quick');
  await expect(quick.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')).toHaveCount(count);
  const names = await ticks(quick, 'yAxis');
  for (const n of names) expect(n).toMatch(/^WG=\d+( · [a-z, ]+)?$/);
  expect(new Set(names.map((n) => n.split(' · ')[0])).size).toBe(count);
  // The finalists, measured in full: the winner (or the fastest, on a tie) is the longest bar, green, tagged in its name,
  // and its figure is the one the verdict quotes, so the chart and the verdict cannot disagree.
  const full = page.getByTestId('tune-full');
  const finalists = await ticks(full, 'yAxis');
  const winner = (await chart.getAttribute('data-winner'))!;
  await expect(page.getByTestId('tune-best')).toContainText(winner);
  const row = finalists.findIndex((n) => n.split(' · ')[0] === winner);
  expect(row).toBe(0);
  expect(finalists[row]).toMatch(/ · (winner|fastest, a tie)/);
  await expect(full.locator('.recharts-bar-rectangle path[fill="#1a7f37"]')).toHaveCount(1);
  const fills = await full.locator('.recharts-bar-rectangle path').evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
  expect(fills[0]).toBe('#1a7f37');
  const figure = (await full.locator('.tune-bar-label.winner').textContent())!.trim();
  await expect(page.getByTestId('tune-best')).toContainText(figure);
  await expect(quick.locator('.recharts-bar-rectangle path[fill="#1a7f37"]')).toHaveCount(0);
});
