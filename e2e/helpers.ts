import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** Open the app and wait until the GPU is ready and the editor is up. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('device-chip')).not.toHaveText(/Looking for a GPU/);
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
}

export async function pickKernel(page: Page, id: string): Promise<void> {
  await page.locator(`[data-kernel="${id}"]`).click();
  await expect(page.locator('.editor-head h2 code')).toHaveText(id);
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
}

export async function setField(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`.params input[name="${name}"]`);
  await input.fill(value);
}

/**
 * Put the cursor at the end of the first editor line containing `text`. The
 * click lands near the line's start: a line element is as wide as the longest
 * line, and a click at its middle would scroll a narrow editor sideways.
 */
export async function cursorAfter(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-line', { hasText: text }).first().click({ position: { x: 4, y: 4 } });
  await page.keyboard.press('End');
}

export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** The vertical centre of line `n`'s number in the gutter. */
export async function lineCentre(page: Page, n: number): Promise<{ y: number; half: number }> {
  const box = await page.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^${n}$`) }).boundingBox();
  if (!box) throw new Error(`line ${n} is not on screen`);
  return { y: box.y + box.height / 2, half: box.height / 2 };
}

/** Click a button that downloads a file, and return the file's bytes. */
export async function download(page: Page, button: string): Promise<Buffer> {
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  return readFileSync(await (await pending).path());
}

/**
 * Replace the editor's text as a paste (typing would auto-indent), and wait
 * until Monaco shows it: its first line, or an empty editor.
 */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  await pasteInto(page, page.locator('.monaco-editor .view-lines'), text);
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  await expect.poll(() => editorText(page)).toContain(first.trim());
}

/** Select all of a Monaco editor's text (its `.view-lines`) and paste `text` over it, as a user's paste. */
export async function pasteInto(page: Page, lines: Locator, text: string): Promise<void> {
  await lines.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
