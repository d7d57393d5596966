/**
 * The positions grid as the grid specs drive it: its locators, the demo book opened in a fresh
 * web host (every row rendered: the viewport is tall enough that virtual scrolling is not in the
 * way), and a paste as the browser delivers Ctrl+V.
 */
import { expect, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';

export const grid = '[data-testid="positions-grid"]';
/** The book's rows in the grid body (not the pinned totals row, not subtotal rows). */
export const bookRows = (page: Page) => page.locator(`${grid} .ag-row:not(.ag-row-pinned):not(.pm-subtotal)`);
export const cell = (page: Page, rowId: string, col: string) => page.locator(`${grid} .ag-row[row-id="${rowId}"] [col-id="${col}"]`);

/** Start a host on a new database and open the demo book (18 rows) with its first margin on screen; `size` sets the viewport first. */
export async function openDemoGrid(page: Page, size?: { width: number; height: number }): Promise<HostProcess> {
  if (size) await page.setViewportSize(size);
  const host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  await expect(page.getByTestId('im-usd-deribit-pm')).toBeVisible();
  return host;
}

/** Paste `text` at the focused element, as the browser delivers Ctrl+V (a paste event with the clipboard's text). */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}
