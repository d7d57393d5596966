/**
 * File → Export report… in the web host (issue 12 §1): the dialog (screenshot), the demo book
 * exported as CSV (zip), JSON and a Letter PDF through the UI, each download equal to the service's own
 * `report:export` of the same request, and its figures equal to `margin:run` on the same book and
 * market. The status bar says what was saved; while a PDF export runs it shows the job's progress
 * bar and step, and Esc stops it (no download).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { call, SHOTS } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

interface Outcome { methodId: string; ok: boolean; result?: { totals: { initialMarginUsd: string; maintenanceMarginUsd: string } } }

async function download(page: Page, choice: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByTestId('export-report').click();
  const dialog = page.getByTestId('export-report-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId(`export-format-${choice}`).check();
  const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-start').click()]);
  const path = await file.path();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('export-status')).toContainText(`report saved as ${file.suggestedFilename()}`);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

test('Export report: CSV zip, JSON and Letter PDF of the demo book as the service builds them, figures equal to margin:run', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"]').first()).toBeVisible();
  await expect(page.getByTestId('methods-table')).toBeVisible();

  const [summary] = await call<{ id: string; name: string; headRevision: number }[]>(page, 'portfolio:list', undefined);
  const portfolio = await call<{ id: string; name: string; positions: unknown[] }>(page, 'portfolio:get', { id: summary!.id });
  const marketId = await page.getByTestId('market-select').inputValue();
  const methods = (await call<{ methods: { id: string }[] }>(page, 'app:info', undefined)).methods.map((m) => m.id);
  const revision = Number(/revision (\d+)/.exec(await page.getByTestId('revision-state').innerText())![1]);

  // The dialog (File → Export report…, Ctrl+E: the web host's keyboard fallback of the menu):
  // formats and the registry's methods, every method ticked.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+E');
  const dialog = page.getByTestId('export-report-dialog');
  await expect(dialog).toBeVisible();
  for (const id of methods) await expect(dialog.getByTestId(`export-method-${id}`)).toBeChecked();
  await expect(dialog.getByTestId('export-format-pdf-a4')).toBeChecked();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/report-export-dialog.png` });
  // Esc closes it while nothing runs.
  await dialog.getByTestId('export-format-json').focus();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const base = { portfolio, revision, marketId, methods };
  const run = await call<{ outcomes: Outcome[] }>(page, 'margin:run', { portfolio, marketId, methods });
  const ok = run.outcomes.filter((o) => o.ok);
  expect(ok.length).toBeGreaterThan(0);

  // CSV: one file per table, zipped; the same bytes as the service's report:export of the request.
  const csv = await download(page, 'csv');
  expect(csv.name).toMatch(/-margin-report\.zip$/);
  const fromService = await call<{ base64: string }>(page, 'report:export', { ...base, format: 'csv' });
  const got = unzipSync(new Uint8Array(csv.bytes));
  const want = unzipSync(new Uint8Array(Buffer.from(fromService.base64, 'base64')));
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) expect(strFromU8(got[k]!), k).toBe(strFromU8(want[k]!));
  expect(strFromU8(got['header.csv']!)).toContain(`revision,${revision}`);
  const summaryCsv = strFromU8(got['summary.csv']!);
  for (const o of ok) expect(summaryCsv).toContain(`${o.methodId},total (USD),,,${o.result!.totals.initialMarginUsd},${o.result!.totals.maintenanceMarginUsd},`);
  expect(strFromU8(got['positions.csv']!).trim().split(/\r?\n/)).toHaveLength(portfolio.positions.length + 1);

  // JSON: re-runnable, every input embedded; results equal to margin:run to the last digit.
  const json = await download(page, 'json');
  expect(json.name).toMatch(/-margin-report\.json$/);
  const doc = JSON.parse(json.bytes.toString('utf8')) as { inputs: { methods: { id: string }[]; revision: number; portfolio: { positions: unknown[] } }; results: Outcome[] };
  const serviceDoc = JSON.parse(Buffer.from((await call<{ base64: string }>(page, 'report:export', { ...base, format: 'json' })).base64, 'base64').toString('utf8')) as unknown;
  expect(doc).toEqual(serviceDoc);
  expect(doc.inputs.methods.map((m) => m.id)).toEqual(methods);
  expect(doc.inputs.revision).toBe(revision);
  expect(doc.inputs.portfolio.positions).toHaveLength(portfolio.positions.length);
  for (const o of ok) {
    const r = doc.results.find((x) => x.methodId === o.methodId);
    expect(r?.result?.totals, o.methodId).toEqual(o.result!.totals);
  }

  // Fewer methods ticked: the report holds only those.
  await page.getByTestId('export-report').click();
  for (const id of methods.slice(1)) await dialog.getByTestId(`export-method-${id}`).uncheck();
  await dialog.getByTestId('export-format-json').check();
  const [one] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-start').click()]);
  const oneDoc = JSON.parse(readFileSync(await one.path(), 'utf8')) as { inputs: { methods: { id: string }[] } };
  expect(oneDoc.inputs.methods.map((m) => m.id)).toEqual([methods[0]]);
  await page.screenshot({ path: `${SHOTS}/report-export-saved.png` });

  // PDF (Letter): the web host's service prints the report view with headless Chromium.
  const pdf = await download(page, 'pdf-letter');
  expect(pdf.name).toMatch(/-margin-report\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.bytes.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 612(\.\d+)? 792(\.\d+)?\s*\]/);

  // Esc while a PDF is being built: the status bar counts, then says nothing was saved; no download.
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByTestId('export-report').click();
  await dialog.getByTestId('export-format-pdf-a4').check();
  await dialog.getByTestId('export-start').click();
  await expect(page.getByTestId('export-status')).toContainText('exporting PDF (A4) report… (');
  await expect(page.getByTestId('export-report')).toBeDisabled();
  // The export is a service job: its progress bar and current step (margin run i of m, the view's pages, the print).
  await expect(page.getByTestId('export-progress')).toBeVisible();
  await expect(page.getByTestId('export-step')).toHaveText(/^(margin run: .* \(\d+ of \d+\)|writing the report view: part \d+|printing the PDF \(A4\))$/);
  await page.screenshot({ path: `${SHOTS}/report-export-progress.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-status')).toHaveText(/export cancelled; nothing was saved/, { timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(downloads).toBe(0);
});
