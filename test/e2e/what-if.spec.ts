/**
 * The what-if ticket (issue 13 §6) in Chromium via the web host, on the demo book: symbol
 * completion from the snapshot, the incremental IM/MM under every method equal to margin:what-if
 * on the same inputs, the explained method's account view before and after (available funds =
 * equity − IM, the trade at mark), Ctrl+Enter adds the trade, a ranked hedge is added with one
 * click; screenshots in both themes (View → Toggle dark theme, Ctrl+Shift+L); axe-core smoke.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { auto, axe, bothThemes, call, fmt } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const bookRows = (page: Page) => page.locator('[data-testid="positions-grid"] .ag-row:not(.ag-row-pinned):not(.pm-subtotal)');
type Figures = { byCurrency: Record<string, { initialMargin: string }>; initialMarginUsd: string; maintenanceMarginUsd: string };
interface WhatIf { methodId: string; before: Figures; after: Figures; incremental: Figures }

test('ticket: completion, incremental margin per method = margin:what-if, account change, Ctrl+Enter adds; hedge added in one click', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(bookRows(page)).toHaveCount(18);
  await expect(page.getByTestId('account-currencies')).toBeVisible({ timeout: 15_000 });
  const [p] = await call<{ id: string }[]>(page, 'portfolio:list', undefined);
  const portfolio = await call<{ positions: unknown[] }>(page, 'portfolio:get', { id: p.id });
  const [m] = await call<{ id: string }[]>(page, 'market:list', undefined);
  const info = await call<{ methods: { id: string }[] }>(page, 'app:info', undefined);
  const methods = info.methods.map((x) => x.id);
  const detail = methods[0];

  // Completion lists the snapshot's symbols that start with what is typed.
  await page.getByTestId('ticket-instrument').fill('BTC-25DEC26-1');
  const options = await page.locator('#ticket-symbols option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options.length).toBeGreaterThan(0);
  expect(options.every((o) => o.startsWith('BTC-25DEC26-1'))).toBe(true);

  const trade = { instrument: 'BTC-25DEC26-100000-C', size: '-10' };
  await page.getByTestId('ticket-instrument').fill(trade.instrument);
  await page.getByTestId('ticket-size').fill(trade.size);
  await page.getByTestId('ticket-size').press('Enter');
  const expected = await call<WhatIf[]>(page, 'margin:what-if', { portfolio, marketId: m.id, methods, trades: [trade] });
  for (const r of expected) {
    const inc = r.incremental.initialMarginUsd;
    await expect(page.getByTestId(`what-if-${r.methodId}`)).toHaveText(`${inc.startsWith('-') ? '' : '+'}${fmt(inc, 2)}`);
  }
  // Account change of the explained method: available = equity − IM, before and after.
  const run = await call<{ outcomes: { result: { account: { currencies: { currency: string; equity: string }[] } } }[] }>(page, 'margin:run', { portfolio, marketId: m.id, methods: [detail], detailFor: detail, accountFor: detail });
  const own = expected.find((r) => r.methodId === detail)!;
  for (const a of run.outcomes[0].result.account.currencies) {
    const before = own.before.byCurrency[a.currency]?.initialMargin, after = own.after.byCurrency[a.currency]?.initialMargin;
    if (before === undefined && after === undefined) continue;
    // Decimal-exact in the view; here to the 9 places of a coin, through scaled integers.
    const sub = (x: string, y: string) => ((BigInt(Math.round(Number(x) * 1e9)) - BigInt(Math.round(Number(y) * 1e9))));
    const text = (n: bigint) => { const neg = n < 0n; const s = (neg ? -n : n).toString().padStart(10, '0'); return `${neg ? '-' : ''}${s.slice(0, -9)}.${s.slice(-9)}`.replace(/0+$/, '').replace(/\.$/, ''); };
    const cell = page.getByTestId(`what-if-available-${a.currency}`);
    await expect(cell).toHaveText(`${auto(text(sub(a.equity, before ?? '0')))} → ${auto(text(sub(a.equity, after ?? '0')))}`);
  }
  // The shortcut is not taken inside a text field: leave the field first.
  const toggleTheme = async () => { await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); await page.keyboard.press('Control+Shift+L'); };
  await bothThemes(page, 'what-if-ticket', toggleTheme, 'what-if-account');
  await axe(page, '[data-testid="trade-ticket"]');

  // Ctrl+Enter in the ticket adds the trade (one key).
  await page.getByTestId('ticket-size').focus();
  await page.keyboard.press('Control+Enter');
  await expect(bookRows(page)).toHaveCount(19);
  await expect(page.getByTestId('revision-state')).toHaveText('revision 1 · 1 unsaved edit (journalled)');

  // Hedge search, then one click adds the best candidate.
  await page.getByTestId('tab-hedge').click();
  await page.getByTestId('hedge-candidates').fill('BTC-25DEC26-100000-C, 10\nETH-PERPETUAL, 1000');
  await page.getByTestId('hedge-rank').click();
  await expect(page.locator('[data-testid="hedge-result"] tbody tr')).toHaveCount(2);
  await page.getByTestId('hedge-add-0').click();
  await expect(bookRows(page)).toHaveCount(20);
  await expect(page.locator('[data-testid="hedge-result"] tbody tr')).toHaveCount(1);
  await axe(page, '[data-testid="trade-ticket"]');
});
