/**
 * Storage through the real UI: edits are journalled and Ctrl+S cuts a revision that can be
 * diffed and restored (unsaved edits are saved first, never lost); an
 * import is checked first (nothing written), bad rows are listed with row, column and reason, and
 * only an explicit accept writes the valid rows.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { startHost, tempDatabase, type HostProcess } from './host';
import { call } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

/** The book's rows in the grid body (not the pinned totals row). */
const rows = (page: Page) => page.locator('[data-testid="positions-grid"] .ag-row:not(.ag-row-pinned):not(.pm-subtotal)');

/** Ctrl+S: one revision of the journalled edits. */
async function save(page: Page, revision: number): Promise<void> {
  await page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"] [col-id="instrument"]').click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-state')).toHaveText(`revision ${revision}`);
}

async function editSize(page: Page, rowId: string, value: string): Promise<void> {
  await page.locator(`[data-testid="positions-grid"] .ag-row[row-id="${rowId}"] [col-id="size"]`).dblclick();
  const input = page.locator('[data-testid="positions-grid"] .ag-cell-inline-editing input');
  await input.fill(value);
  await input.press('Enter');
}

test('an edit shows up in the history diff and restoring the old revision brings the size back', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(rows(page)).toHaveCount(18);
  await editSize(page, 'p3', '7.25');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');
  await save(page, 2);

  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('rev-2')).toBeVisible();
  await expect(page.getByTestId('diff')).toContainText('BTC-29JAN27-110000-C: size 10 → 7.25');
  await page.getByTestId('restore-1').click();
  await expect(page.getByTestId('rev-3')).toContainText('restored revision 1');
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p3"] [col-id="size"]')).toHaveText('10');

  // A saved run pins the revisions it used: after a later edit, re-running it reproduces it exactly.
  await page.getByTestId('save-run').click();
  await expect(page.getByTestId('runs')).toContainText('deribit-pm');
  await editSize(page, 'p3', '2');
  // Restoring with an unsaved edit saves it first (revision 4), then restores (revision 5).
  await page.getByTestId('restore-2').click();
  await expect(page.getByTestId('rev-5')).toContainText('restored revision 2');
  await expect(page.getByTestId('rev-4')).toContainText('before restoring revision 2');
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p3"] [col-id="size"]')).toHaveText('7.25');
  await page.getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByTestId('runs')).toContainText('identical');
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/history.png' });
});

test('an import is checked first, lists every bad row, and writes only after an explicit accept', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(rows(page)).toHaveCount(18);
  const good = readFileSync('test/fixtures/imports/deribit-positions.csv', 'utf8').trimEnd();
  const csv = `${good}\nBTC-99XXX99-1-C,option,buy,abc,0,0,0,0,0,0,0\n`;

  await page.getByTestId('tab-files').click();
  await page.getByTestId('import-file').setInputFiles({ name: 'deribit-positions.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-format')).toHaveValue('deribit');
  await page.getByTestId('import-preview').click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('nothing written');
  await expect(report).toContainText('5 valid of 7 rows');
  await expect(report).toContainText('size');
  await expect(rows(page)).toHaveCount(18);
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1');

  await page.getByTestId('import-accept').click();
  await expect(page.getByTestId('files-message')).toContainText('imported 5 rows');
  await expect(rows(page)).toHaveCount(23);
  await page.screenshot({ path: 'test-results/screenshots/import.png' });
});

test('a pasted Deribit model_params file becomes a parameter set and changes the PM figure', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  const pm = page.getByTestId('im-usd-deribit-pm');
  await expect(pm).toHaveText(/^[\d,]+\.\d{2}$/);
  const before = Number((await pm.textContent())!.replace(/,/g, ''));

  await page.getByTestId('tab-files').click();
  const modelParams = { general: { mm_factor: 0.8 }, currency_pair: { btc_usd: { price_range: 0.3 }, eth_usd: { price_range: 0.3 } } };
  await page.getByTestId('import-params').setInputFiles({ name: 'wide-range.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelParams)) });
  await expect(page.getByTestId('files-message')).toContainText('parameter set "wide-range" saved');
  await expect(page.getByTestId('params-select')).toHaveValue(/.+/);

  await page.getByRole('tab', { name: 'Margin' }).click();
  await expect.poll(async () => Number((await pm.textContent())!.replace(/,/g, ''))).toBeGreaterThan(before);
});

test('two windows on one book: each sees the other\'s edit, and neither overwrites the other', async ({ page, context }) => {
  host = await startHost(tempDatabase());
  const other = await context.newPage();
  await page.goto(host.url);
  await other.goto(host.url);
  await expect(rows(page)).toHaveCount(18);
  await expect(rows(other)).toHaveCount(18);
  const size = (p: Page, id: string) => p.locator(`[data-testid="positions-grid"] .ag-row[row-id="${id}"] [col-id="size"]`);
  await editSize(page, 'p5', '-9');
  await expect(size(other, 'p5')).toHaveText('-9');
  await expect(other.getByTestId('notice')).toContainText('another window edited this book');
  await editSize(other, 'p6', '6');
  await expect(size(page, 'p6')).toHaveText('6');
  await expect(size(page, 'p5')).toHaveText('-9');
  await expect(size(other, 'p5')).toHaveText('-9');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 2 unsaved edits (journalled)');
});

test('the positions report downloads one row per position with every method\'s explanation, decimals as shown', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(rows(page)).toHaveCount(18);
  const pnlCell = page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"] [col-id="pnlInBinding"]');
  // Columns are virtualised: scroll right until the P&L column is drawn.
  await expect.poll(async () => {
    await page.locator('[data-testid="positions-grid"] .ag-body-horizontal-scroll-viewport').evaluate((el) => { el.scrollLeft += 400; });
    return pnlCell.count();
  }).toBeGreaterThan(0);
  await expect(pnlCell).toHaveText(/\d/); // the first run has filled the explanation columns
  const shownPnl = (await pnlCell.textContent())?.trim();
  await page.getByTestId('tab-files').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-positions-report').click()]);
  expect(download.suggestedFilename()).toMatch(/-positions-margin\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(19);
  // Every method the registry lists (app:info), in its order; deribit-pm and deribit-sm first.
  const methods = (await call<{ methods: { id: string }[] }>(page, 'app:info', undefined)).methods.map((m) => m.id);
  expect(methods.slice(0, 3)).toEqual(['deribit-pm', 'deribit-pm-cross', 'deribit-sm']);
  expect(lines[0]).toBe('id,instrument,size,averagePrice,note,' + methods.flatMap((m) => [`${m}:group`, `${m}:pnlInBinding`, `${m}:marginalIM`]).join(','));
  const p1 = lines[1].split(',');
  expect(p1.slice(0, 3)).toEqual(['p1', 'BTC-25DEC26-100000-C', '-25']);
  // The grid shows the PM P&L in the binding scenario at 6 places; the file has the full digits.
  expect(Number(p1[6]).toFixed(6)).toBe(shownPnl);
  expect(p1[6].split('.')[1]?.length ?? 0).toBeGreaterThan(6);
  expect([p1[11], p1[13]]).toEqual(['BTC', expect.stringMatching(/^\d+\.\d+$/)]); // deribit-sm: its group and the short call's own IM
});
