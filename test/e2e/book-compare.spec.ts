/**
 * Compare → Two books (issue 13 §7) in Chromium via the web host, on the demo book and a second
 * revision of it saved with one position resized, one removed and one added: the picker starts
 * at the previous and the latest revision; IM per method equals margin:run on each revision, the
 * difference is B − A, the position diff names the three rows, each with the IM it moves alone
 * (margin:what-if of its change on A, per chosen method); screenshots in both themes;
 * axe-core finds no serious or critical violation.
 */
import Decimal from 'decimal.js';
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { axe, bothThemes, call, fmt } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

interface Position { id: string; instrument: string; size: string }
interface Book { id: string; name: string; positions: Position[]; balances: unknown[] }
interface Run { outcomes: { methodId: string; ok: boolean; result: { totals: { initialMarginUsd: string; maintenanceMarginUsd: string } } }[] }

async function both(page: Page): Promise<void> {
  await bothThemes(page, 'book-compare', async () => {
    const was = await page.getByTestId('risk-view').getAttribute('data-theme');
    await page.getByTestId('theme-toggle').click();
    await expect(page.getByTestId('risk-view')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  }, 'book-compare');
}

test('two revisions side by side: IM per method and B − A equal margin:run on each, the position diff lists the changed rows', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row').first()).toBeVisible();
  const [p] = await call<{ id: string }[]>(page, 'portfolio:list', undefined);
  const r1 = await call<Book>(page, 'portfolio:get', { id: p.id });
  const [m] = await call<{ id: string }[]>(page, 'market:list', undefined);
  const [keep, drop, ...rest] = r1.positions;
  const resized = { ...keep, size: new Decimal(keep.size).times(2).toFixed() };
  const added = { id: 'e2e-added', instrument: keep.instrument, size: keep.size };
  const r2 = { ...r1, positions: [resized, ...rest, added] };
  await call(page, 'portfolio:save', { portfolio: r2, note: 'book-compare e2e' });
  const history = await call<{ revision: number }[]>(page, 'portfolio:history', { id: p.id });
  const [revA, revB] = history.map((h) => h.revision).sort((a, b) => a - b).slice(-2);

  await page.locator('body').press('Control+Shift+X');
  await page.getByTestId('risk-tab-compare').click();
  await expect(page.getByTestId('book-b-revision')).toHaveValue(String(revB));
  await expect(page.getByTestId('book-a-revision')).toHaveValue(String(revA));
  await page.getByTestId('book-compare-run').click();
  await expect(page.getByTestId('book-compare-table')).toBeVisible();

  const info = await call<{ methods: { id: string }[] }>(page, 'app:info', undefined);
  const methods = info.methods.map((x) => x.id);
  const run = (portfolio: unknown) => call<Run>(page, 'margin:run', { portfolio, marketId: m.id, methods, detailFor: methods[0] });
  const [ra, rb] = [await run(await call(page, 'portfolio:get', { id: p.id, revision: revA })), await run(await call(page, 'portfolio:get', { id: p.id, revision: revB }))];
  await expect(page.getByTestId('book-compare-table').locator('tbody tr')).toHaveCount(2 * methods.length);
  let moved = 0;
  for (const id of methods) {
    const a = ra.outcomes.find((o) => o.methodId === id)!, b = rb.outcomes.find((o) => o.methodId === id)!;
    if (!a.ok || !b.ok) continue;
    await expect(page.getByTestId(`book-im-a-${id}`)).toHaveText(fmt(a.result.totals.initialMarginUsd, 2));
    await expect(page.getByTestId(`book-im-b-${id}`)).toHaveText(fmt(b.result.totals.initialMarginUsd, 2));
    const d = new Decimal(b.result.totals.initialMarginUsd).minus(a.result.totals.initialMarginUsd);
    if (!d.isZero()) moved++;
    await expect(page.getByTestId(`book-im-diff-${id}`)).toHaveText(`${d.gt(0) ? '+' : ''}${fmt(d.toFixed(), 2)}`);
    await expect(page.getByTestId(`book-mm-a-${id}`)).toHaveText(fmt(a.result.totals.maintenanceMarginUsd, 2));
    await expect(page.getByTestId(`book-mm-b-${id}`)).toHaveText(fmt(b.result.totals.maintenanceMarginUsd, 2));
    const dm = new Decimal(b.result.totals.maintenanceMarginUsd).minus(a.result.totals.maintenanceMarginUsd);
    await expect(page.getByTestId(`book-mm-diff-${id}`)).toHaveText(`${dm.gt(0) ? '+' : ''}${fmt(dm.toFixed(), 2)}`);
  }
  expect(moved).toBeGreaterThan(0);
  await expect(page.getByTestId('book-diff-summary')).toHaveText('Positions: 1 added, 1 removed, 1 changed');
  await expect(page.getByTestId(`book-diff-${added.id}`)).toContainText('added');
  await expect(page.getByTestId(`book-diff-${drop.id}`)).toContainText('removed');
  await expect(page.getByTestId(`book-diff-${keep.id}`)).toContainText('changed');
  await expect(page.getByTestId(`book-diff-${keep.id}`)).toContainText('size');
  // Each row's own effect: the what-if of its change on A, under the chosen method.
  const pa = await call(page, 'portfolio:get', { id: p.id, revision: revA });
  const alone = async (trades: { instrument: string; size: string }[], method: string) =>
    (await call<{ methodId: string; incremental: { initialMarginUsd: string } }[]>(page, 'margin:what-if', { portfolio: pa, marketId: m.id, methods: [method], trades }))[0].incremental.initialMarginUsd;
  const signed = (v: string) => `${new Decimal(v).gt(0) ? '+' : ''}${fmt(v, 2)}`;
  for (const method of [methods[0], methods[1]]) {
    await page.getByTestId('book-effect-method').selectOption(method);
    await expect(page.getByTestId(`book-effect-added-${added.id}`)).toHaveText(signed(await alone([{ instrument: added.instrument, size: added.size }], method)));
    await expect(page.getByTestId(`book-effect-removed-${drop.id}`)).toHaveText(signed(await alone([{ instrument: drop.instrument, size: new Decimal(drop.size).neg().toFixed() }], method)));
    await expect(page.getByTestId(`book-effect-changed-${keep.id}`)).toHaveText(signed(await alone([{ instrument: keep.instrument, size: keep.size }], method)));
  }
  await page.getByTestId('book-effect-method').selectOption(methods[0]);
  await both(page);
  await axe(page, '[data-testid="book-compare"]');
});
