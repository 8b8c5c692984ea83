/**
 * Lessons (notebooks/*.md) in the built app: every lesson opens and runs all
 * its cells on the small preset; its exercise fails untouched and passes with
 * the solution; edits persist, reset, and travel in a Share link to a fresh
 * browser; and a lesson whose prose carries a script, an image with a handler
 * and a javascript: link renders all three inert.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readLessonFragment } from '../src/share/lesson-link';
import { pasteInto } from './helpers';

const LESSONS = readdirSync('notebooks').filter((f) => /^\d.*\.md$/.test(f)).map((f) => f.replace(/\.md$/, ''));

async function openLesson(page: Page, id: string): Promise<void> {
  await page.goto(`/?lesson=${id}`);
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', id);
  await expect(page.getByTestId('device-chip')).not.toHaveText(/Looking for a GPU/);
  await expect(page.getByTestId('lesson-run-all')).toBeEnabled();
}

/** Replace the text of a cell's editor as a paste (typing would auto-indent); the editor then shows its last line. */
async function replaceCellText(page: Page, cell: string, text: string): Promise<void> {
  const lines = page.getByTestId(`cell-${cell}`).locator('.monaco-editor .view-lines');
  await pasteInto(page, lines, text);
  await expect.poll(async () => (await lines.innerText()).replace(/\u00a0/g, ' ')).toContain(text.split('\n').findLast((l) => l.trim())!.trim());
}

const statusOf = (page: Page, cell: string) => page.getByTestId(`cell-${cell}`).getByTestId('cell-status');

test.describe('lessons', () => {
  for (const id of LESSONS) {
    test(`${id}: runs every cell on the small preset; the exercise fails untouched and passes with the solution`, async ({ page }) => {
      test.setTimeout(300_000);
      await openLesson(page, id);
      await page.getByRole('combobox', { name: 'Sizes' }).selectOption('small');
      const cells = page.locator('[data-testid^="cell-"][data-cell-type]');
      const count = await cells.count();
      expect(count).toBeGreaterThan(3);
      await page.getByTestId('lesson-run-all').click();
      await expect(page.getByTestId('lesson-run-all')).toBeVisible({ timeout: 280_000 });
      const exercises = await page.locator('[data-cell-type=exercise]').count();
      // An untouched exercise is the student's to do: "waiting", not "not ok".
      await expect(page.getByTestId('lesson-progress')).toHaveText(`${count} of ${count} cells run, ${exercises} exercise${exercises === 1 ? '' : 's'} waiting.`);
      // Every cell ran without an error; only the untouched exercise is waiting for the student.
      const statuses = await cells.evaluateAll((list) => list.map((c) => `${c.getAttribute('data-cell-type')} ${c.getAttribute('data-testid')}: ${c.querySelector('[data-testid=cell-status]')?.getAttribute('data-status')} ${c.querySelector('[data-testid=cell-status]')?.textContent ?? ''}`));
      for (const s of statuses) expect(s).toMatch(s.startsWith('exercise') ? /: waiting → Waiting for you: the exercise as the lesson gives it does not pass its check yet \(/ : /: ok ✓ /);
      // Charts drew their points.
      for (const chart of await page.getByTestId('lesson-chart').all()) expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);

      const exercise = page.locator('[data-cell-type=exercise]');
      await exercise.getByTestId('show-solution').click();
      await exercise.getByTestId('use-solution').click();
      await exercise.getByTestId('cell-run').click();
      await expect(exercise.getByTestId('cell-status')).toHaveText(/^✓ Pass: error [\d.]+e[+-]\d+ against a tolerance of/, { timeout: 60_000 });
    });
  }

  test('edits persist and reset, and a shared link opens the lesson with them in a fresh browser', async ({ page, browser }) => {
    await openLesson(page, '05-fusion');
    const mark = '// my fix, ünïcode ✓';
    const cell = page.getByTestId('cell-rescale');
    await cell.getByTestId('show-solution').click();
    const reference = await page.getByTestId('solution').locator('pre').innerText();
    const edit = `${reference.trimEnd()}\n${mark}\n`;
    await replaceCellText(page, 'rescale', edit);
    await expect(cell.locator('.view-lines')).toContainText('my fix');
    await expect(cell.locator('.badge')).toHaveText('edited');

    // A reload keeps the edit (the editor opens at its top: the badge says it is there).
    await page.reload();
    await expect(cell.locator('.badge')).toHaveText('edited');

    // Share: a link that opens the lesson with the edit, whole, in a browser that never saw it.
    await page.getByTestId('lesson-share').click();
    const link = await page.getByTestId('lesson-share-link').inputValue();
    expect(new URL(link).search).toBe('?lesson=05-fusion');
    expect(readLessonFragment(new URL(link).hash)).toEqual({ format: 1, lesson: '05-fusion', edits: { rescale: edit } });
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByTestId('lesson-notice')).toContainText('Opened with the edits from the link (1 cell)');
    await expect(other.getByTestId('cell-rescale').locator('.badge')).toHaveText('edited');
    // The fragment leaves the address bar, so a reload does not apply it again.
    expect(new URL(other.url()).hash).toBe('');
    // The untouched exercise fails; the link's edit (the solution) passes.
    await expect(other.getByTestId('lesson-run-all')).toBeEnabled();
    await other.getByTestId('cell-rescale').getByTestId('cell-run').click();
    await expect(statusOf(other, 'rescale')).toHaveText(/^✓ Pass: /, { timeout: 60_000 });
    await fresh.close();

    // Reset brings the original back; Undo reset, the edit.
    await page.getByTestId('lesson-reset').click();
    await expect(cell.locator('.badge')).toHaveCount(0);
    await expect(page.getByTestId('lesson-notice')).toContainText('back to the lesson');
    await page.getByRole('button', { name: 'Undo reset' }).click();
    await expect(cell.locator('.badge')).toHaveText('edited');
  });

  test('Cancel stops Run all, and the bar says it was cancelled and where', async ({ page }) => {
    await openLesson(page, '04-matmul');
    await page.getByRole('combobox', { name: 'Sizes' }).selectOption('small');
    await page.getByTestId('lesson-run-all').click();
    await expect(page.getByTestId('lesson-progress')).toContainText('Cell 2 of', { timeout: 60_000 });
    await page.getByTestId('lesson-cancel').click();
    await expect(page.getByTestId('lesson-progress')).toHaveText(/^\d+ of \d+ cells run(, [^;]+)?; cancelled at [\w-]+\.$/, { timeout: 60_000 });
  });

  test('Share makes a fresh link for the edits as they are; a change of edits closes the old one; Close closes it', async ({ page }) => {
    await openLesson(page, '05-fusion');
    await replaceCellText(page, 'rescale', '// one\n');
    await expect(page.getByTestId('cell-rescale').locator('.badge')).toHaveText('edited');
    const share = page.getByTestId('lesson-share');
    const box = page.getByTestId('lesson-share-box');
    await share.click();
    await expect(box).toContainText('(1 cell,');
    expect(readLessonFragment(new URL(await page.getByTestId('lesson-share-link').inputValue()).hash).edits).toEqual({ rescale: '// one\n' });
    // Reset changes the edits: the old link's panel goes, with its Copy.
    await page.getByTestId('lesson-reset').click();
    await expect(box).toHaveCount(0);
    await expect(share).toHaveAttribute('aria-expanded', 'false');
    await page.getByRole('button', { name: 'Undo reset' }).click();
    await expect(box).toHaveCount(0);
    // Pressed again after more edits, Share makes a new link rather than closing the panel.
    await share.click();
    await expect(box).toContainText('(1 cell,');
    await replaceCellText(page, 'rescale', '// two\n');
    await expect(box).toHaveCount(0);
    await share.click();
    await expect(box).toBeVisible();
    await share.click();
    await expect(box).toBeVisible();
    expect(readLessonFragment(new URL(await page.getByTestId('lesson-share-link').inputValue()).hash).edits).toEqual({ rescale: '// two\n' });
    await page.getByTestId('lesson-share-close').click();
    await expect(box).toHaveCount(0);
    await expect(share).toHaveAttribute('aria-expanded', 'false');
  });

  test('the library lists the lessons; a lesson has its own address, back and forward move between it and the workbench', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('device-chip')).not.toHaveText(/Looking for a GPU/);
    // The library starts open on a wide screen.
    await expect(page.getByTestId('library-toggle')).toHaveAttribute('aria-expanded', 'true');
    const links = page.getByTestId('lesson-list').getByRole('link');
    await expect(links).toHaveCount(LESSONS.length);
    await links.filter({ hasText: 'Fusion' }).click();
    await expect(page).toHaveURL(/\?lesson=05-fusion$/);
    await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', '05-fusion');
    await expect(links.filter({ hasText: 'Fusion' })).toHaveAttribute('aria-current', 'page');
    // Picking a kernel goes back to the workbench; Back returns to the lesson.
    await page.locator('[data-kernel="vector/saxpy"]').click();
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    await expect(page.locator('.editor-head h2 code')).toHaveText('vector/saxpy');
    await page.goBack();
    await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', '05-fusion');
    // An address naming no lesson says so and leaves the workbench working.
    await page.goto('/?lesson=99-nothing');
    await expect(page.getByTestId('no-lesson')).toContainText('There is no lesson “99-nothing”');
    await expect(page.locator('.monaco-editor .view-lines').first()).toBeVisible();
  });

  test('a calculator cell starts at the lesson\'s setup, each on its own, and passes axe', async ({ page }) => {
    await openLesson(page, '09-training-at-scale');
    const zero = page.getByTestId('cell-zero');
    const server = page.getByTestId('cell-server');
    await expect(zero.getByTestId('memory-total-dp')).toHaveText('120 GB');
    // 70 B on 8 GPUs: 16 bytes a parameter on each under data parallelism, an eighth under stage 3.
    await expect(server.getByTestId('memory-total-dp')).toHaveText('1.12 TB');
    await expect(server.getByTestId('memory-total-zero3')).toHaveText('140 GB');
    await server.getByLabel('Data-parallel GPUs').fill('16');
    await expect(server.getByTestId('memory-total-zero3')).toHaveText('70.0 GB');
    await expect(zero.getByTestId('memory-total-zero3')).toHaveText('1.88 GB');
    // A value that cannot be used is named under its field; the last figures stay.
    await server.getByLabel('Data-parallel GPUs').fill('2.5');
    await expect(server.getByRole('alert')).toContainText('whole number');
    await expect(server.getByTestId('memory-total-zero3')).toHaveText('70.0 GB');
    const found = await new AxeBuilder({ page }).include('[data-testid=cell-server]').include('[data-testid=cell-zero]').analyze();
    expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });

  test('Run all shows its progress and stops at Cancel, keeping what ran', async ({ page }) => {
    await openLesson(page, '04-matmul');
    await page.getByRole('combobox', { name: 'Sizes' }).selectOption('small');
    await page.getByTestId('lesson-run-all').click();
    await expect(page.getByTestId('lesson-progress')).toHaveText(/^Cell 2 of 6 \(ladder\): \[\d+\/12\]/, { timeout: 60_000 });
    await page.getByTestId('lesson-cancel').click();
    await expect(page.getByTestId('lesson-run-all')).toBeVisible({ timeout: 30_000 });
    await expect(statusOf(page, 'naive')).toHaveText(/^✓ /);
    // The cancelled cell and those after it have no outcome; nothing is marked as an error.
    await expect(page.getByTestId('cell-ladder').getByTestId('cell-status')).toHaveCount(0);
    await expect(page.locator('[data-status=error]')).toHaveCount(0);
    await expect(page.getByTestId('lesson-progress')).toHaveText('1 of 6 cells run; cancelled at ladder.');
  });

  test('a lesson whose prose carries a script, an image with a handler and a javascript: link renders them inert', async ({ page }) => {
    const F = '```';
    const hostile = [
      '# Hostile <script>window.kernelLabPwned = 1</script>',
      '',
      'Text <script>window.kernelLabPwned = 2</script> and <img src="x" onerror="window.kernelLabPwned = 3"> and [click](javascript:window.kernelLabPwned=4) and [ok](https://example.org).',
      '',
      '<div onmouseover="window.kernelLabPwned = 5">raw block</div>',
      '',
      '![pic](javascript:window.kernelLabPwned=6)',
      '',
      `${F}kernel k spec=vector/saxpy`,
      F,
    ].join('\n');
    const file = join(tmpdir(), `hostile-${process.pid}.md`);
    writeFileSync(file, hostile);
    await page.goto('/');
    await expect(page.getByTestId('library-toggle')).toHaveAttribute('aria-expanded', 'true');
    await page.getByTestId('lesson-file').setInputFiles(file);
    const lesson = page.getByTestId('lesson');
    await expect(lesson).toContainText('Text <script>window.kernelLabPwned = 2</script> and <img src="x" onerror="window.kernelLabPwned = 3">');
    expect(await lesson.locator('script, img, iframe, [onerror], [onmouseover]').count()).toBe(0);
    const hrefs = await lesson.locator('.prose a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://example.org']);
    await lesson.getByText('raw block').hover();
    await lesson.getByText('[click](javascript:window.kernelLabPwned=4)').click().catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { kernelLabPwned?: number }).kernelLabPwned)).toBeUndefined();
    // The lesson still works: its kernel cell is there.
    await expect(page.getByTestId('cell-k')).toBeVisible();
  });

  test('a lesson reads at 420 px and on a projector, and passes axe in both themes', async ({ page }) => {
    for (const [viewport, colorScheme] of [[{ width: 420, height: 900 }, 'light'], [{ width: 1024, height: 576 }, 'dark']] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize(viewport);
      await openLesson(page, '03-memory-wall');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(viewport.width);
      await expect(page.getByTestId('lesson-run-all')).toBeInViewport();
      // Outcomes and a chart are part of what must read: run the first kernel.
      await page.getByTestId('cell-copy').getByTestId('cell-run').click();
      await expect(statusOf(page, 'copy')).toHaveText(/^✓ /, { timeout: 60_000 });
      const found = await new AxeBuilder({ page }).include('[data-testid=lesson]').analyze();
      expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${viewport.width} ${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    }
  });
});
