/**
 * The sweep view (issue 13 §5) in Chromium via the web host, on the demo book: Deribit's
 * `currency_pair.btc_usd.price_range` is listed with each method's range and the source of its
 * value; a sweep over it draws one line per method that has the parameter, and the table's IM and
 * MM at every point equal `analysis:sweep` called directly with the same request; a value outside
 * the range is refused with the service's reason (naming the parameter and its bound) and a
 * non-integer number of points too; PNG export of the chart decodes; screenshots in both themes;
 * axe-core finds no serious or critical violation.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { auto, axe, bothThemes, call, pngDecodes, openedDemo } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const PARAM = 'currency_pair.btc_usd.price_range';

interface Info { methods: { id: string; parameters: { source: string; params: { example: string; range: string; default: string | null }[] } }[] }
interface Sweep { values: string[]; methods: ({ methodId: string; ok: true; points: { initialMarginUsd: string; maintenanceMarginUsd: string }[] } | { methodId: string; ok: false; error: string })[]; skipped: { methodId: string }[] }

async function open(page: Page) {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  const { portfolio, marketId } = await openedDemo(page);
  await page.getByTestId('tab-sweep').click();
  await expect(page.getByTestId('sweep-view')).toBeVisible();
  return { portfolio, marketId };
}

test('sweep a Deribit parameter: ranges and sources listed, table equals analysis:sweep, bad values refused with the reason', async ({ page }) => {
  const { portfolio, marketId } = await open(page);
  const info = await call<Info>(page, 'app:info', undefined);
  const holders = info.methods.filter((m) => m.parameters.params.some((p) => p.example === PARAM));
  expect(holders.map((m) => m.id)).toContain('deribit-pm');

  await page.getByTestId('sweep-param-select').selectOption(PARAM);
  await expect(page.getByTestId('sweep-param')).toHaveValue(PARAM);
  // Every method declaring the parameter is listed with the range its parser applies and the source of the defaults.
  await expect(page.getByTestId('sweep-holders').locator('tbody tr')).toHaveCount(holders.length);
  for (const m of holders) {
    const p = m.parameters.params.find((x) => x.example === PARAM)!;
    await expect(page.getByTestId(`sweep-range-${m.id}`)).toHaveText(p.range);
    await expect(page.getByTestId(`sweep-holder-${m.id}`)).toContainText(m.parameters.source);
  }

  // Another pair: the same declared parameter, listed for the same methods with the same range.
  await page.getByTestId('sweep-param').fill('currency_pair.eth_usd.price_range');
  await expect(page.getByTestId('sweep-holders').locator('tbody tr')).toHaveCount(holders.length);
  await page.getByTestId('sweep-param').fill('currency_pair.btc_usd.no_such_field');
  await expect(page.getByTestId('sweep-unknown-path')).toBeVisible();
  await page.getByTestId('sweep-param').fill(PARAM);
  await page.getByTestId('sweep-from').fill('0.05');
  await page.getByTestId('sweep-to').fill('0.25');
  await page.getByTestId('sweep-steps').fill('5');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-table')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sweep-run')).toHaveText('Sweep');

  const expected = await call<Sweep>(page, 'analysis:sweep', { portfolio, marketId, methods: info.methods.map((m) => m.id), param: PARAM, from: '0.05', to: '0.25', steps: 5 });
  expect(expected.values).toEqual(['0.05', '0.1', '0.15', '0.2', '0.25']);
  const ran = expected.methods.flatMap((m) => (m.ok ? [m] : []));
  expect(ran.map((m) => m.methodId)).toContain('deribit-pm');
  // IM rises with the price range: the sweep is not flat (the figures would not tell a wrong parameter apart otherwise).
  const dpm = ran.find((m) => m.methodId === 'deribit-pm')!;
  expect(Number(dpm.points[4]!.initialMarginUsd)).toBeGreaterThan(Number(dpm.points[0]!.initialMarginUsd));
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(5);
  for (const m of ran) {
    for (const [i, pt] of m.points.entries()) {
      await expect(page.getByTestId(`sweep-value-${i}`)).toHaveText(expected.values[i]!);
      await expect(page.getByTestId(`sweep-im-${m.methodId}-${i}`)).toHaveText(auto(pt.initialMarginUsd));
      await expect(page.getByTestId(`sweep-mm-${m.methodId}-${i}`)).toHaveText(auto(pt.maintenanceMarginUsd));
    }
  }
  await expect(page.getByTestId('sweep-skipped')).toContainText(expected.skipped[0]!.methodId);

  // The chart: one line per method that ran; the tooltip gives the exact IM by keyboard.
  await page.getByTestId('sweep-chart').locator('.plot').focus();
  await page.keyboard.press('End');
  const tip = page.getByTestId('sweep-chart-tip');
  for (const m of ran) await expect(tip).toContainText(`${m.methodId}: ${auto(m.points[4]!.initialMarginUsd)}`);
  await pngDecodes(page, 'sweep-chart');
  await bothThemes(page, 'sweep', async () => {
    const was = await page.getByTestId('sweep-view').getAttribute('data-theme');
    await page.getByTestId('sweep-theme-toggle').click();
    await expect(page.getByTestId('sweep-view')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  });
  await axe(page, '[data-testid="sweep-view"]');

  // A value outside the range: refused with the reason (the parameter and its bound), the last sweep kept.
  const range = holders[0]!.parameters.params.find((x) => x.example === PARAM)!.range;
  await page.getByTestId('sweep-to').fill('1.5');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-error')).toContainText(`${PARAM}`);
  await expect(page.getByTestId('sweep-error')).toContainText(`1.5 is outside ${range}`);
  await expect(page.getByTestId('sweep-table')).toBeVisible();
  // Not a decimal, and a non-integer number of points: each refused with its reason.
  await page.getByTestId('sweep-to').fill('0.2x');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-error')).toContainText('decimal');
  await page.getByTestId('sweep-to').fill('0.25');
  await page.getByTestId('sweep-steps').fill('2.5');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-error')).toContainText('steps must be an integer');
  await bothThemes(page, 'sweep-refused', async () => {
    await page.getByTestId('sweep-theme-toggle').click();
  });
});

test('parameter-set editor: ranges and sources shown, a bad value refused with the reason, saved as a new set and a new revision', async ({ page }) => {
  await open(page);
  const info = await call<Info>(page, 'app:info', undefined);
  const dpm = info.methods.find((m) => m.id === 'deribit-pm')!;
  const p = dpm.parameters.params.find((x) => x.example === PARAM)!;
  await page.getByTestId('sweep-tab-params').click();
  await page.getByTestId('pe-method').selectOption('deribit-pm');
  await expect(page.getByTestId('pe-table').locator('tbody tr')).toHaveCount(dpm.parameters.params.length);
  const row = page.getByTestId(`pe-row-${PARAM}`);
  await expect(row).toContainText(p.range);
  await expect(row).toContainText(p.default!);
  await expect(row.locator('td').nth(3)).toHaveAttribute('title', `default ${dpm.parameters.source}`);

  // Outside the range: refused by the method's parser with the parameter and its bound; nothing written.
  await page.getByTestId(`pe-value-${PARAM}`).fill('1.5');
  await page.getByTestId('pe-name').fill('Wide BTC range');
  await page.getByTestId('pe-save-new').click();
  await expect(page.getByTestId('pe-error')).toContainText(`deribit-pm: ${PARAM}: must be in ${p.range}, got 1.5`);
  expect(await call<unknown[]>(page, 'document:list', { kind: 'parameter-set' })).toEqual([]);
  await page.getByTestId(`pe-value-${PARAM}`).fill('0.2x');
  await page.getByTestId('pe-save-new').click();
  await expect(page.getByTestId('pe-error')).toContainText(`${PARAM}: "0.2x" is not a decimal number`);

  await page.getByTestId(`pe-value-${PARAM}`).fill('0.2');
  await page.getByTestId('pe-save-new').click();
  await expect(page.getByTestId('pe-notice')).toContainText('revision 1');
  const [doc] = await call<{ id: string; name: string; revision: number }[]>(page, 'document:list', { kind: 'parameter-set' });
  expect(doc).toMatchObject({ name: 'Wide BTC range', revision: 1 });
  const stored = await call<{ text: string }>(page, 'document:export', { kind: 'parameter-set', id: doc!.id });
  // The pair block is written whole: the edited value, every other declared field of the block at its default.
  const block = (v: number) => Object.fromEntries(dpm.parameters.params.filter((x) => x.example.startsWith('currency_pair.btc_usd.') && x.default !== null)
    .map((x) => [x.example.split('.').pop()!, x.example === PARAM ? v : Number(x.default)]));
  expect(JSON.parse(stored.text)).toEqual({ currency_pair: { btc_usd: block(0.2) } });
  // The edited set is the base now: its value shown with the set as the source; a further edit is revision 2.
  await expect(row.locator('td').nth(3)).toHaveAttribute('title', 'parameter set Wide BTC range rev 1');
  await page.getByTestId(`pe-value-${PARAM}`).fill('0.25');
  await page.getByTestId('pe-note').fill('wider');
  await page.getByTestId('pe-save-revision').click();
  await expect(page.getByTestId('pe-notice')).toContainText('revision 2');
  expect(JSON.parse((await call<{ text: string }>(page, 'document:export', { kind: 'parameter-set', id: doc!.id })).text)).toEqual({ currency_pair: { btc_usd: block(0.25) } });
  await bothThemes(page, 'sweep-param-editor', async () => {
    const was = await page.getByTestId('sweep-view').getAttribute('data-theme');
    await page.getByTestId('sweep-theme-toggle').click();
    await expect(page.getByTestId('sweep-view')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  });
  await axe(page, '[data-testid="sweep-view"]');

  // Run with it (PM parameters): the sweep lists the set as the source of deribit-pm's value.
  await page.getByTestId('params-select').selectOption(doc!.id);
  await expect(page.getByTestId('params-select')).toHaveValue(doc!.id);
  await page.getByTestId('sweep-tab-sweep').click();
  await page.getByTestId('sweep-param-select').selectOption(PARAM);
  await expect(page.getByTestId('sweep-holder-deribit-pm')).toContainText('parameter set Wide BTC range rev 2');
});
