/**
 * The desktop shell in the web host (Debian Chromium): the shortcut help overlay lists every
 * command of the shared table with its keys (opened with ? and F1, closed with Esc), the keyboard
 * fallback runs table commands where there is no native menu (portfolio switcher, undo), and the
 * tab title carries the unsaved mark.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { COMMANDS } from '../../shared/commands/command-table';
import { formatAccelerator } from '../../shared/commands/accelerator';
import { startHost, tempDatabase, type HostProcess } from './host';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

test('? and F1 open the shortcut help with every command of the table; Esc closes it', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"]').first()).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  // Linux Chromium: every command not limited to macOS is listed, with its label and its keys.
  const expected = COMMANDS.filter((c) => !('platforms' in c) || (c.platforms as readonly string[]).includes('linux'));
  await expect(help.locator('tr[data-command]')).toHaveCount(expected.length);
  for (const c of expected) {
    const row = help.locator(`tr[data-command="${c.id}"]`);
    await expect(row).toContainText(c.label);
    if ('accelerator' in c && c.accelerator) await expect(row).toContainText(formatAccelerator(c.accelerator, false));
  }
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/shortcut-help.png' });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

test('keyboard fallback: Ctrl+P switches portfolio, Ctrl+Z undoes a grid edit, the title shows the unsaved mark', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  const cell = page.locator('[data-testid="positions-grid"] .ag-row[row-id="p1"] [col-id="size"]');
  await expect(cell).toBeVisible();
  const before = (await cell.textContent()) ?? '';
  await expect(page).toHaveTitle(/Demo|pmdesk/);
  expect(await page.title()).not.toContain('unsaved');

  await cell.dblclick();
  const input = page.locator('[data-testid="positions-grid"] .ag-cell-inline-editing input');
  await input.fill('-50');
  await input.press('Enter');
  await expect(cell).toHaveText('-50');
  await expect.poll(() => page.title()).toContain('(unsaved)');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(cell).toHaveText(before);

  await page.keyboard.press('Control+p');
  const switcher = page.getByTestId('portfolio-switcher');
  await expect(switcher).toBeVisible();
  await expect(switcher.getByRole('option')).not.toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(switcher).toBeHidden();
});

test('View menu commands by their keys: market editor, scenario sets, sweep and risk view', async ({ page }) => {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row').first()).toBeVisible();
  for (const [keys, view] of [['Control+Alt+M', 'market-editor'], ['Control+Alt+S', 'scenario-sets'], ['Control+Alt+W', 'sweep-view'], ['Control+Shift+X', 'risk-view']] as const) {
    await page.locator('body').press(keys);
    await expect(page.getByTestId(view)).toBeVisible();
  }
});
