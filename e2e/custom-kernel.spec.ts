import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cursorAfter, editorText, openApp, replaceEditorText, setField } from './helpers';

test('make your own kernel: WGSL, sidecar and reference in the page, checked and kept', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('New kernel').fill('Bad Name');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.new-kernel .field-error')).toContainText('lower-case letters');
  await page.getByLabel('New kernel').fill('scale-me');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/scale-me');
  await expect(page.getByTestId('save-state')).toHaveText('your kernel · saved');
  await expect(page.getByRole('tab', { name: 'sidecar.json' })).toBeVisible();

  // The template runs and is checked against its reference.
  await setField(page, 'N', '5000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // A mistake in the sidecar is named at the sidecar, and Run waits.
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  await cursorAfter(page, '"cost": { "flops": "N",');
  for (let i = 0; i < '", "bytes": "8 * N" }'.length + 1; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('Q');
  await expect(page.getByTestId('custom-problem')).toContainText(`sidecar: cost.flops: "NQ" uses 'NQ', which is neither a parameter nor a constant`);
  await expect(page.getByTestId('run')).toBeDisabled();
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('custom-problem')).toHaveCount(0);

  // A wrong reference makes the verdict "incorrect", not a crash.
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await cursorAfter(page, 'return { y };');
  await page.keyboard.press('Home');
  await page.keyboard.type('y[0] = 1e9; ');
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✗ incorrect');
  // A new reference is a new version of your kernel, even with the same WGSL.
  await expect(page.getByTestId('record')).toContainText('version 2');

  // Everything survives a reload.
  await page.reload();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/scale-me');
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await expect.poll(() => editorText(page)).toContain('y[0] = 1e9;');
  await expect(page.locator('[data-kernel="custom/scale-me"]')).toBeVisible();
});

test('your kernel: a reference that throws is named by file and line, a broken sidecar keeps the last parameters, runs are numbered as versions', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('New kernel').fill('throws');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/throws');
  await setField(page, 'N', '500');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');
  // Your own kernel has no library version: its runs are "version 1", "version 2", ….
  await expect(page.getByTestId('record')).toContainText('version 1');
  await expect(page.getByTestId('record')).not.toContainText('library');

  // A reference that throws: the file, the line and the error, under a heading that says where.
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await cursorAfter(page, 'const y = new Float64Array(N);');
  await page.keyboard.type(' notDefined.x = 1;');
  await expect.poll(() => editorText(page)).toContain('notDefined.x');
  const line = (await editorText(page)).split('\n').findIndex((l) => l.includes('notDefined.x')) + 1;
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('failure')).toContainText("The kernel's description or reference has a problem");
  await expect(page.getByTestId('failure-message')).toContainText(`reference.js, line ${line}, column`);
  await expect(page.getByTestId('failure-message')).toContainText('notDefined is not defined');
  // The heading over the record before it does not call it successful.
  await expect(page.getByRole('heading', { name: /Previous run/ })).toBeVisible();

  // A reference that does not even parse: named at its line and column, and the parameters stay (greyed).
  await cursorAfter(page, 'notDefined.x = 1;');
  await page.keyboard.type(' const z = 1 *;');
  await expect(page.getByTestId('custom-problem')).toContainText(`reference.js, line ${line}, column`);
  await expect(page.getByTestId('custom-problem')).toContainText('does not load');
  await expect(page.getByTestId('params-stale')).toBeVisible();
  await expect(page.locator('.params input[name="N"]')).toHaveValue('500');
  for (let i = 0; i < ' const z = 1 *;'.length; i++) await page.keyboard.press('Backspace');
  await expect(page.getByTestId('custom-problem')).toHaveCount(0);

  // A sidecar that does not parse: the parameters stay, greyed, instead of collapsing.
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  await cursorAfter(page, '"title": "Scale by a constant",');
  await page.keyboard.type(' oops');
  await expect(page.getByTestId('custom-problem')).toContainText('not valid JSON');
  await expect(page.getByTestId('params-stale')).toBeVisible();
  await expect(page.locator('.params input[name="N"]')).toBeDisabled();
  await expect(page.locator('.params input[name="N"]')).toHaveValue('500');
  await expect(page.getByTestId('plan-summary')).toContainText('x 2 KiB');
  await expect(page.getByTestId('plan-summary')).not.toContainText('0 bytes minimum traffic');
});


test('your kernel\'s interface comes from its WGSL: an in-place buffer, a uniform struct with a vector, no reference', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('New kernel').fill('in-place');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/in-place');

  await replaceEditorText(page, `struct Params { n: u32, scale: vec2<f32> }
@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < p.n) { data[gid.x] = data[gid.x] * p.scale.x + p.scale.y; }
}
`);
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  const sidecar = (role: string) => JSON.stringify({
    params: [{ name: 'N', default: 777, max: 100000 }, { name: 'a', default: 2, min: -10, max: 10, integer: false }],
    buffers: [{ name: 'data', elements: 'N', ...(role ? { role } : {}) }],
    uniforms: { values: { n: 'N', scale: ['a', '0.5'] } },
    workgroups: ['ceil(N / 64)'],
    cost: { flops: '2 * N', bytes: '8 * N' },
  }, null, 1);
  await replaceEditorText(page, sidecar(''));
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await replaceEditorText(page, 'export default ({ data }, { a }) => ({ data: Float64Array.from(data, (v) => v * Math.fround(a) + 0.5) });\n');
  await expect(page.getByTestId('run')).toBeEnabled();

  // No role: the buffer is taken as an output, so it starts poisoned and the kernel reads it.
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✗ incorrect');
  await expect(page.getByTestId('check-hint')).toContainText('data[0] was read before it was written');
  await expect(page.getByTestId('check-hint')).toContainText('"role": "inout"');
  await expect(page.getByTestId('unwritten')).toContainText('data[0]');

  // As inout, it starts from defined contents, which the reference receives; the vec2 is read at byte 8.
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  await replaceEditorText(page, sidecar('inout'));
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ correct');

  // A member the uniform does not have is named at the sidecar, with the members it does have.
  await replaceEditorText(page, sidecar('inout').replace('"scale"', '"scal"'));
  await expect(page.getByTestId('custom-problem')).toContainText('"scal" is not a member of Params (its members: n: u32, scale: vec2f)');
  await replaceEditorText(page, sidecar('inout'));

  // Without a reference, outputs are only checked to be written, and the error figures say "—", not ∞.
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await replaceEditorText(page, '');
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✓ written and finite (no reference to compare with)');
  await expect(page.getByTestId('rel-error')).toContainText('—');
  await expect(page.getByTestId('record')).not.toContainText('∞');
});

test('your kernel: one that keeps state between runs is right on the checked run and fails the check after timing, in the page too', async ({ page }) => {
  // The interface case the runner's e2e test also runs (src/test/interface-cases/21-memo-between-runs).
  const dir = 'src/test/interface-cases/21-memo-between-runs';
  await openApp(page);
  await page.getByLabel('New kernel').fill('memo');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText('custom/memo');
  await replaceEditorText(page, readFileSync(`${dir}/center.wgsl`, 'utf8'));
  await page.getByRole('tab', { name: 'sidecar.json' }).click();
  const sidecar = JSON.parse(readFileSync(`${dir}/center.json`, 'utf8')) as Record<string, unknown>;
  delete sidecar.reference;
  await replaceEditorText(page, JSON.stringify(sidecar, null, 1));
  await page.getByRole('tab', { name: 'reference.js' }).click();
  await replaceEditorText(page, readFileSync(`${dir}/center.reference.js`, 'utf8'));
  await expect(page.getByTestId('run')).toBeEnabled();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('verdict')).toHaveText('✗ incorrect', { timeout: 60_000 });
  await expect(page.getByTestId('record')).toContainText('after timing');
});
