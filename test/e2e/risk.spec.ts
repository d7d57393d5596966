/**
 * The Risk view (issue 13) in Chromium via the web host, on the demo book: the explain panel's
 * figures equal the service's margin:run on the same inputs, a clicked grid cell lists P&L that
 * sums to the method's vector entry, the margin heatmap's unshifted cell equals the plain run, the
 * payoff chart draws every curve, compare lists every method the registry lists; each chart's PNG
 * export decodes; screenshots in both themes; axe-core finds no serious or critical violation.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { auto, axe as axeOn, bothThemes, call, fmt, pngDecodes, openedDemo } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

/** Screenshots in both themes through the Risk view's own theme button. */
async function both(page: Page, name: string, at?: string): Promise<void> {
  await bothThemes(page, `risk-${name}`, async () => {
    const was = await page.getByTestId('risk-view').getAttribute('data-theme');
    await page.getByTestId('theme-toggle').click();
    await expect(page.getByTestId('risk-view')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  }, at);
}

const axe = (page: Page) => axeOn(page, '[data-testid="risk-view"]');

async function open(page: Page): Promise<{ portfolio: unknown; marketId: string }> {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  const { portfolio, marketId } = await openedDemo(page);
  // View → Risk view by its shortcut (the web host's keyboard fallback of the command table).
  await page.locator('body').press('Control+Shift+X');
  await expect(page.getByTestId('risk-view')).toBeVisible();
  return { portfolio, marketId };
}

interface Entry { id: string; preAggregated: string }
interface Run { outcomes: { methodId: string; ok: boolean; result: { totals: { initialMarginUsd: string }; byCurrency: Record<string, { currency: string; initialMargin: string; addOns: Record<string, string>; usdRate: number; groups: { key: string; vector: Entry[] }[]; contributions: { instrument: string; pnlInBinding: string }[] }> } }[] }

test('explain panel: figures equal margin:run, a clicked cell sums to its vector entry, margin heatmap centre = plain run', async ({ page }) => {
  const { portfolio, marketId } = await open(page);
  const info = await call<{ methods: { id: string }[] }>(page, 'app:info', undefined);
  const detail = await page.getByTestId('explain-method').inputValue();
  const run = await call<Run>(page, 'margin:run', { portfolio, marketId, methods: [detail] });
  const res = run.outcomes[0].result;
  // Every method the registry lists is offered.
  await expect(page.getByTestId('explain-method').locator('option')).toHaveCount(info.methods.length);
  for (const c of Object.values(res.byCurrency)) {
    await expect(page.getByTestId(`explain-im-${c.currency}`)).toHaveText(fmt(c.initialMargin, 6));
  }
  // The waterfall's first bar is the first add-on, its last the IM, exact in the tooltip.
  const c0 = Object.values(res.byCurrency)[0];
  const [first] = Object.keys(c0.addOns);
  await page.getByTestId(`waterfall-${c0.currency}`).locator('.plot').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId(`waterfall-${c0.currency}-tip`)).toContainText(`add-on: ${first}`);
  await expect(page.getByTestId(`waterfall-${c0.currency}-tip`)).toContainText(`${c0.currency}: ${auto(c0.addOns[first])}`);
  await page.keyboard.press('End');
  await expect(page.getByTestId(`waterfall-${c0.currency}-tip`)).toContainText(`${c0.currency}: ${auto(c0.initialMargin)}`);
  // The contribution bars' first position is the largest |P&L in binding| of the full run (sorted here).
  // Ranked in USD: each row's settlement-currency P&L at its currency's index (usdRate).
  const all = Object.values(res.byCurrency).flatMap((c) => c.contributions.map((x) => ({ ...x, usd: Math.abs(Number(x.pnlInBinding) * c.usdRate) })));
  const largest = [...all].sort((a, b) => b.usd - a.usd)[0];
  await page.getByTestId('contributions').locator('.plot').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('contributions-tip')).toContainText(`${largest.instrument} ${auto(largest.pnlInBinding)}`);

  const g = Object.values(res.byCurrency).flatMap((c) => c.groups)[0];
  const entry = g.vector.find((e) => e.id === 'std-1-up')!;
  await page.getByTestId(`cell-${g.key}-std-1-up`).click();
  const shown = (await page.getByTestId(`scenario-group-${g.key}`).textContent())!.replace(/,/g, '');
  expect(Math.abs(Number(shown) - Number(entry.preAggregated))).toBeLessThan(1e-6 * Math.max(1, Math.abs(Number(entry.preAggregated))));
  await expect(page.getByTestId('scenario-positions').locator('tbody tr').first()).toBeVisible();

  await page.getByTestId('run-margin-heatmap').click();
  await expect(page.getByTestId('margin-heatmap')).toBeVisible({ timeout: 30_000 });
  const plain = await call<Run>(page, 'margin:run', { portfolio, marketId, methods: [detail], detailFor: detail });
  const centre = Math.round(Number(plain.outcomes[0].result.totals.initialMarginUsd)).toLocaleString('en-US');
  await expect(page.getByTestId('mheat-0-0')).toHaveText(centre);

  await pngDecodes(page, `waterfall-${Object.keys(res.byCurrency)[0]}`);
  await both(page, 'explain');
  await both(page, 'explain-heatmap', 'margin-heatmap');
  await axe(page);
});

test('payoff chart: a curve for today and each expiry, liquidation lines, exact figures by keyboard', async ({ page }) => {
  const { portfolio, marketId } = await open(page);
  await page.getByTestId('risk-tab-payoff').click();
  const u = await page.getByTestId('payoff-underlying').inputValue();
  const expected = await call<{ curves: { label: string; pnlUsd: number[] }[]; prices: number[] }>(page, 'analysis:payoff', { portfolio, marketId, underlying: u, lowerMove: -0.5, upperMove: 0.5, points: 400, othersBeta: 0 });
  await expect(page.getByTestId('payoff-chart')).toBeVisible();
  await expect(page.getByTestId('payoff-run')).toHaveText('Draw'); // today's curve, then every date: both answered
  await page.getByTestId('payoff-chart').locator('.plot').focus();
  await page.keyboard.press('Home');
  const tip = page.getByTestId('payoff-chart-tip');
  await expect(tip).toContainText(`today: ${expected.curves[0].pnlUsd[0].toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  for (const c of expected.curves) await expect(tip).toContainText(c.label);
  // The other underlyings moved by β × this one's move (a correlation scenario), redrawn with Draw.
  const beta = await call<typeof expected>(page, 'analysis:payoff', { portfolio, marketId, underlying: u, lowerMove: -0.5, upperMove: 0.5, points: 400, othersBeta: 0.5 });
  expect(beta.curves[0].pnlUsd[0]).not.toBe(expected.curves[0].pnlUsd[0]);
  await page.getByTestId('payoff-beta').fill('0.5');
  await page.getByTestId('payoff-run').click(); // (Draw did nothing before the form's novalidate: −50 was a step mismatch)
  const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // Home again until the redrawn chart (both requests answered) is the one under the keyboard cursor.
  await expect(async () => {
    await page.getByTestId('payoff-chart').locator('.plot').focus();
    await page.keyboard.press('Home');
    await expect(tip).toContainText(`today: ${money(beta.curves[0].pnlUsd[0])}`, { timeout: 500 });
    await expect(tip).toContainText(`${beta.curves[1].label}: ${money(beta.curves[1].pnlUsd[0])}`, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await page.getByTestId('payoff-beta').fill('0');
  await page.getByTestId('payoff-run').click();
  await expect(page.getByTestId('payoff-run')).toHaveText('Draw');
  // The liquidation and IM-breach lines are the account view of margin:run, with their distance in %.
  const info = await call<{ methods: { id: string }[] }>(page, 'app:info', undefined);
  const method = info.methods[0].id;
  type Line = { move: number; price: number } | null;
  const acc = await call<{ outcomes: { result: { account: { liquidation: { underlying: string; currency: string; toMaintenance: Line; toInitial: Line }[] } } }[] }>(page, 'margin:run', { portfolio, marketId, methods: [method], detailFor: method, accountFor: method });
  const liq = acc.outcomes[0].result.account.liquidation.filter((l) => l.underlying === u && l.toMaintenance);
  expect(liq.length).toBeGreaterThan(0);
  const signed = (m: number) => `${m > 0 ? '+' : ''}${(m * 100).toFixed(2)}%`;
  for (const l of liq) await expect(page.getByTestId(`payoff-distance-${l.currency}-liquidation`)).toHaveText(signed(l.toMaintenance!.move));
  // Lines beyond ±50 %: widening the range draws them; the last point lies beyond the farthest line.
  const far = Math.max(...liq.map((l) => l.toMaintenance!.price));
  if (far > expected.prices[expected.prices.length - 1]) {
    await page.getByTestId('payoff-include-lines').click();
    await expect(page.getByTestId('payoff-include-lines')).toHaveCount(0);
    await page.getByTestId('payoff-chart').locator('.plot').focus();
    await page.keyboard.press('End');
    const shown = Number((await tip.locator('strong').first().textContent())!.replace(/,/g, ''));
    expect(shown).toBeGreaterThan(far);
  }
  await pngDecodes(page, 'payoff-chart');
  await both(page, 'payoff');
  await axe(page);
});

test('compare: every listed method side by side, table and bar chart', async ({ page }) => {
  const { portfolio, marketId } = await open(page);
  await page.getByTestId('risk-tab-compare').click();
  const info = await call<{ methods: { id: string }[] }>(page, 'app:info', undefined);
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(info.methods.length);
  const run = await call<Run>(page, 'margin:run', { portfolio, marketId, methods: info.methods.map((m) => m.id), detailFor: info.methods[0].id });
  for (const o of run.outcomes.filter((x) => x.ok)) {
    await expect(page.getByTestId(`compare-im-${o.methodId}`)).toHaveText(fmt(o.result.totals.initialMarginUsd, 2));
  }
  // Saving and binding component: the rows margin:run (and pmdesk margin --method all) give.
  const rows = (run as unknown as { comparison: { methodId: string; ok: boolean; bindingAddOn?: string | null; savingAgainst?: string; savingUsd?: string }[] }).comparison;
  expect(rows.filter((r) => r.savingUsd !== undefined).length).toBeGreaterThan(0);
  for (const r of rows.filter((x) => x.ok)) {
    await expect(page.getByTestId(`compare-saving-${r.methodId}`)).toHaveText(r.savingUsd !== undefined ? fmt(r.savingUsd, 2) : '');
    await expect(page.getByTestId(`compare-against-${r.methodId}`)).toHaveText(r.savingAgainst ?? '');
    await expect(page.getByTestId(`compare-binding-${r.methodId}`)).toHaveText(r.bindingAddOn ?? '—');
  }
  await pngDecodes(page, 'compare-chart');
  // The help overlay lists the Risk view's shortcut from the command table.
  await page.locator('body').press('F1');
  await expect(page.getByTestId('shortcut-help')).toContainText('Risk view');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);
  await both(page, 'compare');
  await axe(page);
});
