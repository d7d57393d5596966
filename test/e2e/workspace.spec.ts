/**
 * The real renderer in Chromium via the web host: the demo book loads with zero console errors,
 * a size edit in the grid changes the margin figure, and an acknowledged edit survives a host
 * crash (the session journal), without a revision per edit.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startHost, tempDatabase, type HostProcess } from './host';

const PRIMARY = 'deribit-pm';

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
  return errors;
}

/** The book's rows in the grid body (not the pinned totals row). */
const bookRows = (page: Page) => page.locator('[data-testid="positions-grid"] .ag-row:not(.ag-row-pinned):not(.pm-subtotal)');

async function sizeCell(page: Page, rowId: string) {
  return page.locator(`[data-testid="positions-grid"] .ag-row[row-id="${rowId}"] [col-id="size"]`);
}

async function editSize(page: Page, rowId: string, value: string): Promise<void> {
  const cell = await sizeCell(page, rowId);
  await cell.dblclick();
  const input = page.locator('[data-testid="positions-grid"] .ag-cell-inline-editing input');
  await input.fill(value);
  await input.press('Enter');
}

async function marginText(page: Page): Promise<string> {
  const el = page.getByTestId(`im-usd-${PRIMARY}`);
  await expect(el).toBeVisible();
  return (await el.textContent()) ?? '';
}

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

test('demo book loads without console errors and a size edit changes the margin', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  const before = await marginText(page);
  expect(before).toMatch(/^[\d,]+\.\d{2}$/);
  // The account view: one row per balance currency, and a distance-to-liquidation row per group.
  await expect(page.locator('[data-testid="account-currencies"] tbody tr')).toHaveCount(3);
  await expect(page.locator('[data-testid="account-liquidation"] tbody tr')).toHaveCount(4);
  await expect(page.locator('[data-testid="account-liquidation"] tbody tr').first()).toContainText(/^BTC\s*BTC\s*96512\.37\s*\+\d+\.\d{2}% @ [\d.]+/);

  // Sell 25 more BTC Dec 100k calls: the short-call book's worst case must get worse.
  await editSize(page, 'p1', '-50');
  await expect(await sizeCell(page, 'p1')).toHaveText('-50');
  // Acknowledged by the service: journalled, not yet a revision.
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');
  await expect.poll(() => marginText(page)).not.toBe(before);
  const after = Number((await marginText(page)).replace(/,/g, ''));
  expect(after).toBeGreaterThan(Number(before.replace(/,/g, '')));

  // Ctrl+S cuts one revision with the note.
  await page.getByTestId('save-note').fill('sold 25 more calls');
  await (await sizeCell(page, 'p1')).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('status')).toContainText('saved revision 2');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 2');

  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/workspace.png' });
  expect(errors).toEqual([]);
});

test('an invalid size is refused with a reason and nothing is saved', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  await editSize(page, 'p2', '12,5x');
  await expect(page.getByTestId('grid-message')).toContainText('size must be a decimal number');
  await expect(await sizeCell(page, 'p2')).toHaveText('15');
  // The reason stays at the cell until a good value is entered.
  await expect(await sizeCell(page, 'p2')).toHaveClass(/pm-refused/);
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1');
  await editSize(page, 'p2', '16');
  await expect(await sizeCell(page, 'p2')).not.toHaveClass(/pm-refused/);
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');
});

test('an acknowledged edit survives SIGKILL of the host right after: the session reopens where it was', async ({ page }) => {
  const db = tempDatabase();
  host = await startHost(db);
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  await editSize(page, 'p8', '-123456.5');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');

  await host.kill('SIGKILL');
  host = await startHost(db);
  await page.goto(host.url);
  await expect(await sizeCell(page, 'p8')).toHaveText('-123,456.5');
  await expect(page.getByTestId('notice')).toContainText('1 unsaved edit recovered from the journal');
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');
  // …and it is still one undo step.
  await (await sizeCell(page, 'p8')).click();
  await page.keyboard.press('Control+z');
  await expect(await sizeCell(page, 'p8')).toHaveText('-450,000');
});

test('the trade ticket shows incremental margin under every method before adding, then adds the trade', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  await page.getByTestId('ticket-instrument').fill('BTC-25DEC26-100000-C');
  await page.getByTestId('ticket-size').fill('-10');
  await page.getByTestId('ticket-check').click();
  // Selling more of the book's largest short call raises PM and SM margin.
  await expect(page.getByTestId('what-if-deribit-pm')).toHaveText(/^\+[\d,]+\.\d{2}$/);
  await expect(page.getByTestId('what-if-deribit-sm')).toHaveText(/^\+[\d,]+\.\d{2}$/);
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1');
  await page.getByRole('button', { name: 'Add to book' }).click();
  await expect(bookRows(page)).toHaveCount(19);
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/trade-ticket.png' });
});

test('hedge search ranks candidate trades by the IM change they cause, best first, without touching the book', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  const before = await marginText(page);
  await page.getByTestId('tab-hedge').click();
  // The book is short BTC calls: buying calls back should rank above selling more.
  await page.getByTestId('hedge-candidates').fill('BTC-25DEC26-100000-C, -10\nBTC-25DEC26-100000-C, 10\nETH-PERPETUAL, 1000');
  await page.getByTestId('hedge-rank').click();
  const ranked = page.locator('[data-testid="hedge-result"] tbody tr');
  await expect(ranked).toHaveCount(3);
  await expect(ranked.first()).toContainText('BTC-25DEC26-100000-C 10');
  const deltas = (await ranked.locator('td.num').allTextContents()).map((t) => Number(t.replace(/[,+]/g, '')));
  expect(deltas[0]).toBeLessThan(0);
  expect([...deltas].sort((a, b) => a - b)).toEqual(deltas);
  await expect(bookRows(page)).toHaveCount(18);
  expect(await marginText(page)).toBe(before);
  await page.screenshot({ path: 'test-results/screenshots/hedge.png' });
});
