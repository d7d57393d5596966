/**
 * Opening a re-runnable report (`.pmreport`) in Chromium through the web host: the Files panel's
 * "Open report" takes the report the service wrote (report:export, format json), imports its book
 * and its market snapshot, opens both, and shows the report's IM per method beside; margin:run on
 * the imported book and market gives the report's figures again, to the last digit. A file that is
 * not a report is refused and nothing is imported. (Inside Electron the same file arrives from
 * main: a double-click, `open-file` or argv; electron/main/file-dialogs.test.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { call } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

interface Outcome { methodId: string; ok: boolean; result?: { totals: { initialMarginUsd: string; maintenanceMarginUsd: string } } }
interface Book { id: string; name: string; positions: unknown[]; balances: unknown[] }

test('Open report: the report\'s book and market are imported and opened, and re-run to the report\'s figures', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"]').first()).toBeVisible();
  const [p] = await call<{ id: string }[]>(page, 'portfolio:list', undefined);
  const portfolio = await call<Book>(page, 'portfolio:get', { id: p.id });
  const [m] = await call<{ id: string }[]>(page, 'market:list', undefined);
  const methods = ['deribit-pm', 'deribit-sm'];
  const file = await call<{ base64: string }>(page, 'report:export', { portfolio, marketId: m.id, methods, format: 'json' });
  const text = Buffer.from(file.base64, 'base64').toString('utf8');
  const report = JSON.parse(text) as { results: Outcome[] };
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-report-'));
  writeFileSync(join(dir, 'Desk.pmreport'), text);
  writeFileSync(join(dir, 'not-a-report.json'), '{"kind":"pmdesk-margin-run"}');
  const before = await call<{ id: string }[]>(page, 'portfolio:list', undefined);

  await page.getByTestId('tab-files').click();
  await page.getByTestId('open-report').setInputFiles(join(dir, 'not-a-report.json'));
  await expect(page.getByTestId('files-error')).toContainText('not a pmdesk report');
  expect(await call<unknown[]>(page, 'portfolio:list', undefined)).toHaveLength(before.length);

  await page.getByTestId('open-report').setInputFiles(join(dir, 'Desk.pmreport'));
  await expect(page.getByTestId('files-message')).toContainText('opened report Desk.pmreport');
  await expect(page.getByTestId('portfolio-select').locator('option:checked')).toHaveText(`${portfolio.name} (report)`);
  await expect(page.getByTestId('market-select').locator('option:checked')).toContainText('(report market)');
  for (const o of report.results.filter((r) => r.ok)) {
    await expect(page.getByTestId(`opened-report-${o.methodId}`)).toContainText(o.result!.totals.initialMarginUsd);
  }
  // The replay: the imported book on the imported market gives the report's figures again.
  const list = await call<{ id: string; name: string }[]>(page, 'portfolio:list', undefined);
  const imported = list.find((x) => x.name === `${portfolio.name} (report)`)!;
  const book = await call<Book>(page, 'portfolio:get', { id: imported.id });
  const markets = await call<{ id: string; name: string }[]>(page, 'market:list', undefined);
  const market = markets.find((x) => x.name.endsWith('(report market)'))!;
  const run = await call<{ outcomes: Outcome[] }>(page, 'margin:run', { portfolio: book, marketId: market.id, methods });
  expect(run.outcomes.map((o) => [o.methodId, o.result?.totals])).toEqual(report.results.map((o) => [o.methodId, o.result?.totals]));
});
