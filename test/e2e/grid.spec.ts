/**
 * The positions grid as a spreadsheet (issue 9 §2), in Chromium through the web host on a real
 * SQLite file: paste of a spreadsheet TSV block and of a venue CSV, a paste with bad lines (listed
 * with their line and reason, nothing applied until the valid part is accepted), fill down,
 * Delete, copy as TSV, undo/redo across edits, pastes and deletes and after a reload, grouping
 * with subtotal rows, two tabs on one portfolio. A screenshot per spec.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { HostProcess } from './host';
import { bookRows, cell, grid, openDemoGrid, pasteText } from './grid-page';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const journalled = (page: Page, n: number) => expect(page.getByTestId('revision-state')).toHaveText(n === 0 ? /^revision \d+$/ : new RegExp(`unsaved edit${n === 1 ? '' : 's'} \\(journalled\\)$`));

async function openDemo(page: Page): Promise<void> {
  host = await openDemoGrid(page);
}

const paste = pasteText;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

test('a TSV block from a spreadsheet overwrites cells from the focused one; a TSV with headings adds rows; one undo per paste', async ({ page }) => {
  await openDemo(page);
  const im = await page.getByTestId('im-usd-deribit-pm').textContent();
  // A column of sizes copied from Excel/LibreOffice (thousands separators as shown there), pasted at p17's size.
  await cell(page, 'p17', 'size').click();
  await paste(page, '-60,000\n30\n');
  await expect(cell(page, 'p17', 'size')).toHaveText('-60,000');
  await expect(cell(page, 'p18', 'size')).toHaveText('30');
  await expect(page.getByTestId('grid-message')).toContainText('2 cells updated');
  await journalled(page, 1);
  await expect.poll(() => page.getByTestId('im-usd-deribit-pm').textContent()).not.toBe(im);
  // A block with headings (Google Sheets copy): read as records, added after the last row.
  await paste(page, 'Instrument\tSize\tAvg price\nBTC-PERPETUAL\t1,000\t96,000.5\nETH-PERPETUAL\t-2,500\t\n');
  await expect(bookRows(page)).toHaveCount(20);
  await expect(page.getByTestId('grid-message')).toContainText('2 rows added');
  await journalled(page, 2);
  await shot(page, 'grid-paste-tsv');

  await page.keyboard.press('Control+z');
  await expect(bookRows(page)).toHaveCount(18);
  await page.keyboard.press('Control+z');
  await expect(cell(page, 'p17', 'size')).toHaveText('-50,000');
  await expect(cell(page, 'p18', 'size')).toHaveText('25');
  await expect.poll(() => page.getByTestId('im-usd-deribit-pm').textContent()).toBe(im);
  await page.keyboard.press('Control+Shift+z');
  await expect(cell(page, 'p17', 'size')).toHaveText('-60,000');
});

test('a venue CSV with a header is read as records; bad lines are listed with line and reason and nothing changes until the valid part is accepted', async ({ page }) => {
  await openDemo(page);
  await cell(page, 'p1', 'size').click();
  // Deribit's positions export (signed sizes, direction column).
  const csv = [
    'instrument_name,size,direction,average_price,mark_price',
    'BTC-25DEC26-100000-C,-5,sell,0.0512,0.05',
    'BTC-PERPETUAL,12.5x,buy,96000,96500',
    'ETH-25DEC26-3600-C,10,buy,0.07,0.07',
    'BTC-26MAR27,100,hold,97000,97000',
  ].join('\n');
  await paste(page, csv);
  const dialog = page.getByTestId('paste-problems');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('2 lines cannot be pasted');
  await expect(dialog.locator('li').nth(0)).toContainText('line 3');
  await expect(dialog.locator('li').nth(0)).toContainText('size');
  await expect(dialog.locator('li').nth(1)).toContainText('line 5');
  await expect(dialog.locator('li').nth(1)).toContainText('side "hold" is not buy/sell/long/short');
  await expect(bookRows(page)).toHaveCount(18);
  await journalled(page, 0);
  await shot(page, 'grid-paste-problems');
  await page.getByTestId('paste-apply-valid').click();
  await expect(dialog).toBeHidden();
  await expect(bookRows(page)).toHaveCount(20);
  await expect(page.getByTestId('grid-message')).toContainText('Deribit positions export');
  await journalled(page, 1);

  // Cancel leaves the book alone.
  await cell(page, 'p1', 'size').click();
  await paste(page, 'instrument,size\nBTC-PERPETUAL,abc\n');
  await expect(dialog).toContainText('1 line cannot be pasted');
  await page.getByTestId('paste-cancel').click();
  await expect(bookRows(page)).toHaveCount(20);
  await expect(page.getByTestId('grid-message')).toHaveText('paste cancelled: nothing changed');
});

test('keys pressed at once after a click are not lost: three Shift+Down without a wait select four cells, a click then Ctrl+Delete deletes the clicked row', async ({ page }) => {
  await openDemo(page);
  await cell(page, 'p2', 'size').click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
  await expect(page.locator(`${grid} .pm-in-range`)).toHaveCount(4);
  const before = await bookRows(page).count();
  await cell(page, 'p8', 'instrument').click();
  await page.keyboard.press('Control+Delete');
  await expect(page.getByTestId('grid-message')).toHaveText(/deleted 1 row/);
  await expect(bookRows(page)).toHaveCount(before - 1);
  await expect(page.locator(`${grid} .ag-row[row-id="p8"]`)).toHaveCount(0);
});

test('range actions: shift+arrows select, Ctrl+D fills down, Delete clears, Ctrl+C copies exact TSV; Delete of rows and its undo survive a reload', async ({ page }) => {
  await openDemo(page);
  await page.evaluate(() => {
    document.addEventListener('copy', (e) => { (window as unknown as { copied: string }).copied = e.clipboardData?.getData('text/plain') ?? ''; });
  });
  // Size column, rows p3..p5: fill down from p3 (10).
  await cell(page, 'p3', 'size').click();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.locator(`${grid} .pm-in-range`)).toHaveCount(2);
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.locator(`${grid} .pm-in-range`)).toHaveCount(3);
  await page.keyboard.press('Control+d');
  await expect(cell(page, 'p4', 'size')).toHaveText('10');
  await expect(cell(page, 'p5', 'size')).toHaveText('10');
  // Copy the range: raw values, one per line.
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => (window as unknown as { copied?: string }).copied)).toBe('10\n10\n10');
  await shot(page, 'grid-range');

  // Delete on an instrument cell is refused with the reason; on the note column it clears.
  // The keys right after a click apply to the clicked cell (the range follows the click at
  // pointerdown, not the grid's later focus event), with no wait in between.
  await cell(page, 'p3', 'instrument').click();
  await page.keyboard.press('Delete');
  await expect(page.locator(`${grid} .pm-in-range`)).toHaveCount(0); // a single cell is not drawn as a range
  await expect(page.getByTestId('grid-message')).toContainText('instrument cannot be empty');

  // Delete rows p6 and p7 (checked), then reload: undo still brings them back.
  await cell(page, 'p6', 'instrument').click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Control+Delete');
  await expect(bookRows(page)).toHaveCount(16);
  await page.reload();
  await expect(bookRows(page)).toHaveCount(16);
  await expect(page.getByTestId('undo')).toBeEnabled();
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /delete 2 rows/);
  await page.getByTestId('undo').click();
  await expect(bookRows(page)).toHaveCount(18);
  await expect(cell(page, 'p6', 'instrument')).toHaveText('BTC-27NOV26-95000-C');
  await page.getByTestId('undo').click(); // the fill down
  await expect(cell(page, 'p4', 'size')).toHaveText('-12.5');
});

test('grouping by underlying shows exact subtotal rows and a totals row; a column hidden stays hidden after reload', async ({ page }) => {
  await openDemo(page);
  await page.getByTestId('group-by').selectOption('underlying');
  const subs = page.locator(`${grid} .ag-row.pm-subtotal:not(.ag-row-pinned)`);
  await expect(subs).toHaveCount(2);
  await expect(subs.nth(0)).toContainText('Σ BTC · 11 positions');
  await expect(subs.nth(1)).toContainText('Σ ETH · 7 positions');
  await expect(page.locator(`${grid} .ag-row-pinned`)).toContainText('Σ Total · 18 positions');
  await shot(page, 'grid-groups');

  // The grid follows the window's theme: dark rows by default, light rows in the light theme.
  const rowBg = () => page.locator(`${grid} .ag-root-wrapper`).evaluate((el) => {
    const m = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(el).backgroundColor)!;
    return (Number(m[1]) + Number(m[2]) + Number(m[3])) / 3;
  });
  expect(await rowBg()).toBeLessThan(80);
  await page.evaluate(() => document.documentElement.classList.add('light'));
  await expect.poll(rowBg).toBeGreaterThan(200);
  await shot(page, 'grid-groups-light');
  await page.evaluate(() => document.documentElement.classList.remove('light'));
  await expect.poll(rowBg).toBeLessThan(80);

  await page.getByTestId('columns-button').click();
  await page.getByTestId('columns-popover').getByLabel('Kind').uncheck();
  await expect(page.locator(`${grid} .ag-header-cell[col-id="kind"]`)).toHaveCount(0);
  await page.reload();
  await expect(bookRows(page)).toHaveCount(18);
  await expect(page.locator(`${grid} .ag-header-cell[col-id="underlying"]`)).toHaveCount(1);
  await expect(page.locator(`${grid} .ag-header-cell[col-id="kind"]`)).toHaveCount(0);
  // Kept in the store, not the browser: a new browser profile (empty localStorage) on the same database sees it too.
  const other = await page.context().browser()!.newContext({ viewport: { width: 1440, height: 900 } });
  const fresh = await other.newPage();
  await fresh.goto(host!.url);
  await expect(bookRows(fresh)).toHaveCount(18);
  await expect(fresh.locator(`${grid} .ag-header-cell[col-id="underlying"]`)).toHaveCount(1);
  await expect(fresh.locator(`${grid} .ag-header-cell[col-id="kind"]`)).toHaveCount(0);
  await other.close();
});

test('two tabs on one portfolio: an edit in one appears in the other, never a silent overwrite', async ({ page, context }) => {
  await openDemo(page);
  const other = await context.newPage();
  await other.goto(host!.url);
  await expect(bookRows(other)).toHaveCount(18);
  await cell(page, 'p2', 'size').dblclick();
  const input = page.locator(`${grid} .ag-cell-inline-editing input`);
  await input.fill('42');
  await input.press('Enter');
  await journalled(page, 1);
  await expect(cell(other, 'p2', 'size')).toHaveText('42');
  await expect(other.getByTestId('notice')).toContainText('another window edited this book');
  await expect(other.getByTestId('im-usd-deribit-pm')).toHaveText((await page.getByTestId('im-usd-deribit-pm').textContent()) ?? '');
  await shot(other, 'grid-two-tabs');
});
