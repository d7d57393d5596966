/**
 * File → New portfolio, Portfolio → Compare… and the remembered portfolio and market, in Chromium
 * through the web host on a real database: Ctrl+N asks a name, opens an empty book as the working
 * session, a row added and saved is in the store and in the lists; Ctrl+Shift+C opens the
 * two-book Compare view (not History); after a restart of the host on the same database a fresh
 * page shows the portfolio and market that were open last.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { call } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

interface Summary { id: string; name: string; revision: number; positionCount?: number }
interface Book { id: string; name: string; positions: { id: string; instrument: string; size: string }[] }

const bookRows = (page: Page) => page.locator('[data-testid="positions-grid"] .ag-row:not(.ag-row-pinned):not(.pm-subtotal)');

async function ready(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"]').first()).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
}

test('Ctrl+N: name the new portfolio, add a row, save: it is stored and listed', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await ready(page);
  const before = await call<Summary[]>(page, 'portfolio:list', undefined);

  await page.keyboard.press('Control+n');
  const dialog = page.getByTestId('new-portfolio-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('new-portfolio-name').fill('E2E desk');
  await page.getByTestId('new-portfolio-name').press('Enter');
  await expect(dialog).toBeHidden();

  // The new book is the one open: selected in the header, no rows in the grid.
  const select = page.getByTestId('portfolio-select');
  await expect(select.locator('option:checked')).toHaveText('E2E desk');
  await expect(bookRows(page)).toHaveCount(0);

  await page.getByTestId('add-row').click();
  await expect(bookRows(page)).toHaveCount(1);
  const rowId = await bookRows(page).first().getAttribute('row-id');
  const size = page.locator(`[data-testid="positions-grid"] .ag-row[row-id="${rowId}"] [col-id="size"]`);
  await size.dblclick();
  const input = page.locator('[data-testid="positions-grid"] .ag-cell-inline-editing input');
  await input.fill('3');
  await input.press('Enter');
  await expect(size).toHaveText('3');
  await expect(page.getByTestId('save')).toBeEnabled();
  await page.getByTestId('save-note').fill('first rows');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save')).toBeDisabled();

  const after = await call<Summary[]>(page, 'portfolio:list', undefined);
  expect(after).toHaveLength(before.length + 1);
  const created = after.find((p) => p.name === 'E2E desk');
  expect(created).toBeDefined();
  const book = await call<Book>(page, 'portfolio:get', { id: created!.id });
  expect(book.positions.map((p) => [p.instrument, p.size])).toEqual([['BTC-PERPETUAL', '3']]);
  const history = await call<{ revision: number; note?: string; positionCount: number }[]>(page, 'portfolio:history', { id: created!.id });
  expect(history.find((h) => h.note === 'first rows')?.positionCount).toBe(1);
  // Listed in the header and in the switcher.
  await expect(select.locator('option', { hasText: 'E2E desk' })).toHaveCount(1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+p');
  await expect(page.getByTestId('portfolio-switcher').getByRole('option', { name: /E2E desk/ })).toBeVisible();
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/new-portfolio.png' });
});

test('New… beside the portfolio select opens the same dialog (a browser keeps Ctrl+N for itself)', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await ready(page);
  await page.getByTestId('new-portfolio').click();
  await page.getByTestId('new-portfolio-name').fill('From the button');
  await page.getByTestId('new-portfolio-create').click();
  await expect(page.getByTestId('portfolio-select').locator('option:checked')).toHaveText('From the button');
  expect((await call<Summary[]>(page, 'portfolio:list', undefined)).map((p) => p.name)).toContain('From the button');
});

test('New portfolio: Esc cancels and nothing is stored', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await ready(page);
  const before = await call<Summary[]>(page, 'portfolio:list', undefined);
  await page.keyboard.press('Control+n');
  await expect(page.getByTestId('new-portfolio-dialog')).toBeVisible();
  await page.getByTestId('new-portfolio-name').press('Escape');
  await expect(page.getByTestId('new-portfolio-dialog')).toBeHidden();
  expect(await call<Summary[]>(page, 'portfolio:list', undefined)).toHaveLength(before.length);
});

test('Compare… (Ctrl+Shift+C) opens the two-book Compare view, not History', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await ready(page);
  await page.keyboard.press('Control+Shift+C');
  await expect(page.getByTestId('book-compare')).toBeVisible();
  await expect(page.getByTestId('risk-tab-compare')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-history')).toHaveAttribute('aria-selected', 'false');
});

test('the last open portfolio and market come back after a restart of the host on the same database', async ({ page, browser }) => {
  const db = tempDatabase();
  host = await startHost(db);
  await page.goto(host.url);
  await ready(page);
  // A second portfolio and a second market snapshot, both opened.
  const [first] = await call<Summary[]>(page, 'portfolio:list', undefined);
  const book = await call<Book>(page, 'portfolio:get', { id: first.id });
  const second = await call<Summary>(page, 'portfolio:save', { portfolio: { ...book, id: 'e2e-second', name: 'Second book', positions: book.positions.slice(0, 2) }, note: 'e2e' });
  const [m] = await call<{ id: string; name: string }[]>(page, 'market:list', undefined);
  const exported = await call<{ text: string }>(page, 'document:export', { kind: 'market', id: m.id });
  const imported = await call<{ document: { id: string } }>(page, 'document:import', { kind: 'market', text: exported.text, name: 'Second market', note: 'e2e' });
  await page.reload();
  await ready(page);
  await page.getByTestId('portfolio-select').selectOption(second.id);
  await expect(bookRows(page)).toHaveCount(2);
  await page.getByTestId('market-select').selectOption(imported.document.id);
  // Kept in the store (window-state) once both are open.
  await expect.poll(async () => (await call<{ portfolioId?: string; marketId?: string | null }>(page, 'window-state:get', { key: 'main' })))
    .toMatchObject({ portfolioId: second.id, marketId: imported.document.id });

  await host.kill();
  host = await startHost(db);
  const fresh = await browser.newContext();
  const again = await fresh.newPage();
  await again.goto(host.url);
  await expect(again.getByTestId('portfolio-select').locator('option:checked')).toHaveText('Second book');
  await expect(again.getByTestId('market-select').locator('option:checked')).toHaveText('Second market');
  await expect(bookRows(again)).toHaveCount(2);
  await fresh.close();
});
