/**
 * Progress and cancel of a large import (issue 14 §4) in the web host (Debian Chromium): a
 * 200,000-row Deribit positions file checked and imported from the Files panel shows the rows
 * checked in the status bar; Cancel stops the import with nothing written (the portfolio list
 * and the demo book's history are unchanged).
 */
import { expect, test } from '@playwright/test';
import { hostCall, startHost, tempDatabase, type HostProcess } from './host';

const TOKEN = 'import-progress-spec-token';
const ROWS = 200_000;
let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const call = (channel: string, req: unknown): Promise<unknown> => hostCall(host!, TOKEN, channel, req);

function bigCsv(): string {
  const lines = ['instrument_name,size,average_price'];
  for (let i = 0; i < ROWS; i++) lines.push(`BTC-25DEC26-${10_000 + i * 5}-${i % 2 ? 'P' : 'C'},${(i % 9) + 1},0.0${(i % 90) + 10}`);
  return lines.join('\n');
}

// Failed on a loaded full run (2026-12-07; the check never offered `import-accept`): the Files
// panel guessed "generic" for a Deribit header without a `direction` column, and that guess,
// arriving once the 7 MB file was read, replaced the format the test (or a user) had picked
// meanwhile; the check then refused the file ("required column instrument is missing"). Fixed in
// renderer/src/features/files (format-guess.ts; files-state keeps a format picked during the read).
// The read is slowed here so the spec picks the format while it is still under way, as on that run.
test('a 200,000-row positions import shows its progress in the status bar and Cancel writes nothing', async ({ page }) => {
  test.setTimeout(180_000);
  host = await startHost(tempDatabase(), TOKEN);
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"]').first()).toBeVisible();
  const listBefore = await call('portfolio:list', undefined);

  await page.getByTestId('tab-files').click();
  await page.evaluate(() => {
    const text = Blob.prototype.text;
    Blob.prototype.text = function (this: Blob) { return new Promise((ok) => setTimeout(ok, 2_000)).then(() => text.call(this)); };
  });
  await page.getByTestId('import-file').setInputFiles({ name: 'big-deribit.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv()) });
  await page.getByTestId('import-format').selectOption('deribit');
  await page.getByTestId('import-target').selectOption('new');
  await expect(page.getByTestId('import-preview')).toBeEnabled(); // the file is read (no text, nothing to check, before)
  await expect(page.getByTestId('import-format')).toHaveValue('deribit');
  const status = page.getByTestId('status');

  // Check file: a dry run as a job on the bar (its rows are checked in well under a second).
  await page.getByTestId('import-preview').click();
  await expect(status.getByTestId('job-progress')).toHaveAttribute('aria-label', 'Check positions file');
  await expect(page.getByTestId('import-accept')).toContainText(`Import ${ROWS} rows`, { timeout: 60_000 });
  await expect(page.getByTestId('import-report')).toContainText(`Checked, nothing written: ${ROWS} valid of ${ROWS} rows`);
  await page.screenshot({ path: 'test-results/import-progress-checked.png' });

  // Import, then Cancel from the status bar: cancelled, nothing written.
  await page.getByTestId('import-accept').click();
  await expect(status.getByTestId('job-progress')).toHaveAttribute('aria-label', 'Import positions');
  await expect(status.getByTestId('job-label')).toContainText(/checking positions|writing 200,000 positions/);
  await status.getByTestId('job-cancel').click();
  await expect(status.getByTestId('job-label')).toHaveText('Import positions cancelled; nothing was changed', { timeout: 30_000 });
  await expect(page.getByTestId('files-message')).toHaveText('import cancelled; nothing was written');
  await page.waitForTimeout(500);
  expect(await call('portfolio:list', undefined)).toEqual(listBefore);
});
