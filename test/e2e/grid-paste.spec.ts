/**
 * Venue CSV paste into the positions grid (issue 9 §2 "Ctrl+V … from an exchange CSV"), in Chromium
 * through the web host on a real SQLite file: the OKX and the Bybit fixture exports
 * (test/fixtures/imports/) pasted as the browser delivers Ctrl+V; the rows the user sees carry the
 * importer's symbols and sizes (OKX contracts converted, Bybit symbols mapped, Bybit's flat row
 * skipped), and the margin on screen moves. A screenshot, looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostProcess } from './host';
import { bookRows, grid, openDemoGrid, pasteText } from './grid-page';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const fixture = (name: string) => readFileSync(join('test/fixtures/imports', name), 'utf8');

async function openDemo(page: Page): Promise<void> {
  // Tall enough that the demo book and the pasted rows are all rendered (no virtual scrolling in the way).
  host = await openDemoGrid(page, { width: 1600, height: 1500 });
}

const paste = pasteText;

/** Instrument and size of every book row as displayed, in display order. */
async function shownRows(page: Page): Promise<[string, string][]> {
  // A row may be split over the pinned and centre containers: its cells are gathered by row index.
  return bookRows(page).evaluateAll((rows) => {
    const byIndex = new Map<number, [string, string]>();
    for (const r of rows) {
      const at = Number(r.getAttribute('row-index'));
      const cur = byIndex.get(at) ?? ['', ''];
      const ins = r.querySelector('[col-id="instrument"]')?.textContent?.trim();
      const size = r.querySelector('[col-id="size"]')?.textContent?.trim();
      byIndex.set(at, [ins ?? cur[0], size ?? cur[1]]);
    }
    return [...byIndex].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  });
}

async function pasteFixture(page: Page, file: string, label: string, expected: [string, string][], skipped: string) {
  await openDemo(page);
  const im = await page.getByTestId('im-usd-deribit-pm').textContent();
  await page.locator(`${grid} .ag-row[row-id="p1"] [col-id="size"]`).click();
  await paste(page, fixture(file));
  await expect(page.getByTestId('paste-problems')).toHaveCount(0);
  await expect(page.getByTestId('grid-message')).toContainText(`pasted (${label}): ${expected.length} rows added`);
  await expect(page.getByTestId('grid-message')).toContainText(skipped);
  await expect(bookRows(page)).toHaveCount(18 + expected.length);
  const rows = await shownRows(page);
  expect(rows.slice(18)).toEqual(expected);
  await expect.poll(() => page.getByTestId('im-usd-deribit-pm').textContent(), { timeout: 15_000 }).not.toBe(im);
  await expect(page.getByTestId('revision-state')).toHaveText(/unsaved edit \(journalled\)$/);
}

test('the OKX positions export pasted: instIds mapped, contracts converted to coin/USD sizes, the margin moves', async ({ page }) => {
  await pasteFixture(page, 'okx-positions.csv', 'OKX positions export', [
    ['BTC-PERPETUAL', '-25,000'],
    ['BTC-25DEC26', '4,000'],
    ['BTC-25DEC26-100000-C', '-25'],
    ['ETH-25DEC26-2000-P', '15'],
    ['ETH_USDT-PERPETUAL', '-12.5'],
    ['BTC_USDT-PERPETUAL', '0.3'],
  ], 'rows added');
});

test('the Bybit positions export pasted: symbols mapped (USDC options stay USDC), the flat SOLUSDT row skipped, the margin moves', async ({ page }) => {
  await pasteFixture(page, 'bybit-positions.csv', 'Bybit positions export', [
    ['BTC_USDT-PERPETUAL', '0.5'],
    ['ETH_USDT-PERPETUAL', '-12.5'],
    ['BTC_USDC-PERPETUAL', '-0.25'],
    ['BTC-PERPETUAL', '10,000'],
    ['BTC_USDC-25DEC26-100000-C', '-3'],
    ['ETH_USDT-25DEC26-2000-P', '10'],
  ], '1 flat row skipped (line 8)');
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/grid-paste-bybit.png' });
});

test('a Bybit export with bad lines: each listed with its line and the importer\'s reason, the flat row named as skipped, nothing applied until the valid part is accepted', async ({ page }) => {
  await openDemo(page);
  const text = `${fixture('bybit-positions.csv').replace(/\n$/, '')}\ninverse,BTCUSDH27,Buy,1000,1,1,1,1,1,0\nlinear,XRPUSDT,None,5,0.5,1,1,1,1,0\n`;
  await page.locator(`${grid} .ag-row[row-id="p1"] [col-id="size"]`).click();
  await paste(page, text);
  const dialog = page.getByTestId('paste-problems');
  await expect(dialog).toContainText('2 lines cannot be pasted');
  await expect(dialog.locator('li').nth(0)).toContainText('line 9');
  await expect(dialog.locator('li').nth(0)).toContainText('BTCUSDH27 is a Bybit inverse dated future');
  await expect(dialog.locator('li').nth(1)).toContainText('line 10');
  await expect(dialog.locator('li').nth(1)).toContainText('an open position needs side Buy or Sell');
  await expect(page.getByTestId('paste-skipped')).toContainText('1 flat row skipped, as the import skips them (line 8)');
  await expect(bookRows(page)).toHaveCount(18);
  await page.getByTestId('paste-apply-valid').click();
  await expect(dialog).toBeHidden();
  await expect(bookRows(page)).toHaveCount(24);
  await expect(page.getByTestId('grid-message')).toContainText('pasted (Bybit positions export): 6 rows added · 1 flat row skipped (line 8)');
});
