/**
 * Progress and cancel (issue 14 §4) in the web host (Debian Chromium): Margin → Run every method
 * on the open demo book shows every method's figures; on a stored 200,000-position book the
 * status bar shows the progress (a bar and what runs), and Esc / Cancel stops the run in the
 * service with nothing written (the book's revisions and the portfolio list are unchanged).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { hostCall, startHost, tempDatabase, type HostProcess } from './host';

const TOKEN = 'run-all-spec-token';
const BIG = 200_000;
let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const call = (channel: string, req: unknown): Promise<unknown> => hostCall(host!, TOKEN, channel, req);

test('Run every method: figures for the open book; progress and cancel on a 200,000-position book', async ({ page }) => {
  test.setTimeout(180_000);
  host = await startHost(tempDatabase(), TOKEN);
  // A stored 200,000-position book (the demo book's instruments repeated), not opened in the grid.
  const demo = JSON.parse(readFileSync('electron/service/demo/demo-portfolio.json', 'utf8')) as { balances: unknown[]; positions: { instrument: string; size: string }[] };
  const positions = Array.from({ length: BIG }, (_, i) => ({ id: `r${i}`, ...demo.positions[i % demo.positions.length]! }));
  await call('portfolio:save', { portfolio: { id: 'big-book', name: 'Wide book 200k', balances: demo.balances, positions } });
  const historyBefore = await call('portfolio:history', { id: 'big-book' });
  const methods = ((await call('app:info', undefined)) as { methods: { id: string }[] }).methods;

  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"]').first()).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });

  // The keyboard fallback of Margin → Run every method: runs on the open (demo) book at once.
  await page.keyboard.press('Control+Shift+R');
  const panel = page.getByTestId('run-all-panel');
  await expect(panel).toBeVisible();
  const result = page.getByTestId('run-all-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result.locator('tbody tr')).toHaveCount(methods.length);
  await expect(result.locator('caption')).toContainText(`${demo.positions.length} positions`);

  // The big book: progress in the status bar, then Esc stops it.
  await panel.getByTestId('run-all-portfolio').selectOption('big-book');
  await panel.getByTestId('run-all-start').click();
  const status = page.getByTestId('status');
  const bar = status.getByTestId('job-progress');
  await expect(bar).toBeVisible();
  await expect(status.getByTestId('job-label')).toContainText('on 200,000 positions', { timeout: 60_000 });
  await expect(bar).toHaveAttribute('max', String(methods.length));
  // The bar moves: the first method finished on the run's own thread while the page stayed live.
  await expect(bar).toHaveAttribute('aria-valuetext', new RegExp(`^[1-9] of ${methods.length}$`), { timeout: 60_000 });
  await expect(status.getByTestId('job-label')).toContainText(/\(\d of \d\)/);
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/run-all-progress.png' });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await expect(status.getByTestId('job-label')).toHaveText(/cancelled; nothing was changed/);
  await expect(bar).toBeHidden();
  await expect(panel.getByTestId('run-all-cancelled')).toBeVisible();
  // The previous figures are not shown as if they were the big book's.
  await expect(result).toBeHidden();
  expect(await call('portfolio:history', { id: 'big-book' })).toEqual(historyBefore);

  // Run again and stop it with the status bar's Cancel button this time.
  await panel.getByTestId('run-all-start').click();
  await expect(status.getByTestId('job-label')).toContainText('on 200,000 positions', { timeout: 60_000 });
  await status.getByTestId('job-cancel').click();
  await expect(status.getByTestId('job-label')).toHaveText(/cancelled/);
  expect(await call('portfolio:history', { id: 'big-book' })).toEqual(historyBefore);
  expect(host.stderr()).not.toMatch(/internal error/);
});
