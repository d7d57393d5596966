/**
 * The Risk view (issue 13) in Chromium via the web host, on the demo book: the explain panel's
 * figures equal the service's margin:run on the same inputs, a clicked grid cell lists P&L that
 * sums to the method's vector entry, the margin heatmap's unshifted cell equals the plain run, the
 * payoff chart draws today and the chosen expiries (and a custom date) as the service answers the
 * same request, compare lists every method the registry lists; each chart's PNG
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

type Payoff = { curves: { label: string; pnlUsd: number[] }[]; prices: number[]; expiriesAhead: string[] };
const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The curves drawn, read from the keyboard readout at the first point: label → shown P&L text. */
async function drawnCurves(page: Page): Promise<[string, string][]> {
  await page.getByTestId('payoff-chart').locator('.plot').focus();
  await page.keyboard.press('Home');
  const spans = await page.getByTestId('payoff-chart-tip').locator('span').allTextContents();
  return spans.slice(1).map((t) => { const i = t.lastIndexOf(': '); return [t.slice(0, i), t.slice(i + 2)] as [string, string]; });
}

/** Draw pressed: the curves on screen are exactly `want`'s (labels, order, figures at the first point). */
async function drawnAre(page: Page, want: Payoff): Promise<void> {
  await page.getByTestId('payoff-run').click();
  await expect(async () => {
    await expect(page.getByTestId('payoff-run')).toHaveText('Draw', { timeout: 500 });
    expect(await drawnCurves(page)).toEqual(want.curves.map((c) => [c.label, money(c.pnlUsd[0])]));
  }).toPass({ timeout: 15_000 });
}

test('payoff chart: today and the chosen expiries (default the next 3) and a custom date, liquidation lines, exact figures by keyboard', async ({ page }) => {
  const { portfolio, marketId } = await open(page);
  // The view's own requests: the first names the open session at its version instead of resending the rows.
  const sent: { req: { session?: { sessionId: string; version: number }; portfolio?: unknown } }[] = [];
  page.on('request', (r) => { if (r.url().endsWith(`/api/${encodeURIComponent('analysis:payoff')}`)) sent.push(r.postDataJSON()); });
  await page.getByTestId('risk-tab-payoff').click();
  await expect.poll(() => sent.length).toBeGreaterThan(0);
  expect(sent[0].req.session).toEqual({ sessionId: expect.any(String), version: expect.any(Number) });
  expect(sent[0].req.portfolio).toBeUndefined();
  const u = await page.getByTestId('payoff-underlying').inputValue();
  const req = { portfolio, marketId, underlying: u, lowerMove: -0.5, upperMove: 0.5, points: 400, othersBeta: 0 };
  const expected = await call<Payoff>(page, 'analysis:payoff', { ...req, nextExpiries: 3 });
  const ahead = expected.expiriesAhead;
  expect(ahead.length).toBeGreaterThan(1); // else there is no choice to make
  await expect(page.getByTestId('payoff-chart')).toBeVisible();
  await expect(page.getByTestId('payoff-run')).toHaveText('Draw'); // today's curve, then the chosen dates: both answered
  // By default today and the next 3 expiries (fewer if the book has fewer): the service's figures for that request.
  expect(expected.curves.map((c) => c.label)).toEqual(['today', ...ahead.slice(0, 3).map((d) => `expiry ${d.slice(0, 10)}`)]);
  await expect(page.getByTestId('payoff-expiries')).toHaveValue(String(Math.min(3, ahead.length)));
  expect(await drawnCurves(page)).toEqual(expected.curves.map((c) => [c.label, money(c.pnlUsd[0])]));
  await expect(page.getByTestId('payoff-elapsed')).toContainText(`${expected.curves.length} curves × 400 points`);
  const tip = page.getByTestId('payoff-chart-tip');
  // The select offers none, next 1 … and all of the book's expiries, by keyboard.
  await expect(page.getByTestId('payoff-expiries').locator('option')).toHaveCount(1 + Math.min(ahead.length, 6));
  await expect(page.getByTestId('payoff-expiries').locator('option').last()).toHaveText(ahead.length <= 6 ? `all ${ahead.length} (to ${ahead[ahead.length - 1].slice(0, 10)})` : /^next 6 of /);
  // Next 1 and a custom date: three curves, as the service answers that request.
  await page.getByTestId('payoff-expiries').focus();
  await page.getByTestId('payoff-expiries').selectOption('1');
  await page.getByTestId('payoff-date').fill('2027-02-10');
  const one = await call<Payoff>(page, 'analysis:payoff', { ...req, nextExpiries: 1, dates: ['2027-02-10T08:00:00Z'] });
  expect(one.curves.map((c) => c.label)).toEqual(['today', `expiry ${ahead[0].slice(0, 10)}`, 'custom 2027-02-10']);
  await drawnAre(page, one);
  await both(page, 'payoff-next-1');
  // None: today's curve alone (the custom date cleared).
  await page.getByTestId('payoff-date').fill('');
  await page.getByTestId('payoff-expiries').selectOption('0');
  await drawnAre(page, await call<Payoff>(page, 'analysis:payoff', { ...req, expiries: false }));
  // All: every expiry (at most 6), the service's answer with its default dates.
  await page.getByTestId('payoff-expiries').selectOption(String(Math.min(ahead.length, 6)));
  const all = await call<Payoff>(page, 'analysis:payoff', req);
  expect(all.curves).toHaveLength(1 + Math.min(ahead.length, 6));
  await drawnAre(page, all);
  await page.getByTestId('payoff-expiries').selectOption('3');
  await drawnAre(page, expected);
  // The other underlyings moved by β × this one's move (a correlation scenario), redrawn with Draw.
  const beta = await call<Payoff>(page, 'analysis:payoff', { portfolio, marketId, underlying: u, lowerMove: -0.5, upperMove: 0.5, points: 400, othersBeta: 0.5 });
  expect(beta.curves[0].pnlUsd[0]).not.toBe(expected.curves[0].pnlUsd[0]);
  await page.getByTestId('payoff-beta').fill('0.5');
  await page.getByTestId('payoff-run').click(); // (Draw did nothing before the form's novalidate: −50 was a step mismatch)
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
