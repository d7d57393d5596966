/**
 * The journal's edits in the History panel (issue 9 §1: "the journal's edits are still listed in
 * the revision they went into"): two size edits, an undo and a note, Ctrl+S cuts revision 2; the
 * History panel expands revision 2 to its edits — time, operation, row (instrument), field,
 * old → new — and revision 1 (the bundled book, saved whole) says it has none. A screenshot.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startHost, tempDatabase, type HostProcess } from './host';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const rows = (page: Page) => page.locator('[data-testid="positions-grid"] .ag-row:not(.ag-row-pinned):not(.pm-subtotal)');
const cell = (page: Page, rowId: string, col: string) => page.locator(`[data-testid="positions-grid"] .ag-row[row-id="${rowId}"] [col-id="${col}"]`);

async function edit(page: Page, rowId: string, col: string, value: string): Promise<void> {
  await cell(page, rowId, col).dblclick();
  const input = page.locator('[data-testid="positions-grid"] .ag-cell-inline-editing input');
  await input.fill(value);
  await input.press('Enter');
}

test('a revision lists the journalled edits that went into it: time, op, row, field, old → new', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(rows(page)).toHaveCount(18);
  await edit(page, 'p3', 'size', '7.25');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');
  await edit(page, 'p3', 'size', '8');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 2 unsaved edits (journalled)');
  await cell(page, 'p1', 'instrument').click();
  await page.keyboard.press('Control+z');
  await expect(cell(page, 'p3', 'size')).toHaveText('7.25');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 2');

  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('rev-2')).toBeVisible();
  await page.getByTestId('edits-toggle-2').click();
  const list = page.getByTestId('edits-2');
  await expect(list).toBeVisible();
  const changes = list.getByTestId('edit-change');
  await expect(changes).toHaveCount(3);
  const text = async (k: number) => (await changes.nth(k).locator('td').allInnerTexts()).map((t) => t.trim());
  const time = /^\d\d:\d\d:\d\d$/;
  const [first, second, third] = [await text(0), await text(1), await text(2)];
  expect(first[0]).toMatch(time);
  expect(first.slice(1)).toEqual(['set', 'BTC-29JAN27-110000-C', 'size', '10 → 7.25']);
  expect(second.slice(1)).toEqual(['set', 'BTC-29JAN27-110000-C', 'size', '7.25 → 8']);
  expect(third.slice(1)).toEqual(['undo · set', 'BTC-29JAN27-110000-C', 'size', '8 → 7.25']);
  // The bundled book was saved whole: no journalled edits.
  await page.getByTestId('edits-toggle-1').click();
  await expect(page.getByTestId('edits-1')).toContainText('No journalled edits');
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/history-edits.png' });
  // Collapsing hides the list again.
  await page.getByTestId('edits-toggle-2').click();
  await expect(page.getByTestId('edits-2')).toHaveCount(0);
});
