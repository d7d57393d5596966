/**
 * Files in the real Electron app (`_electron`; skipped with the reason where no Electron binary
 * can be had, as on the offline build machine): a report named on the command line (how Windows
 * and Linux hand over a double-clicked `.pmreport`) is read by main and opened as a replay; the
 * Files panel has no file inputs, only buttons that open main's native dialogs, and an export goes
 * through main's save dialog (stubbed to a chosen path) with its filters, written by main.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostCall, startHost, tempDatabase } from './host';

function electronBinary(): string | null {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}
const NO_RUNTIME = 'Electron runtime not available on this machine (its binary is downloaded outside the npm registry); main is unit-tested against a mocked electron (electron/main/file-dialogs.test.ts) and the renderer in Chromium via the web host (open-report.spec.ts).';

/** A report the service writes (report:export, json) for the demo book, saved as `.pmreport`. */
async function demoReport(dir: string): Promise<{ path: string; bookName: string }> {
  const token = 'electron-files-e2e';
  const host = await startHost(tempDatabase(), token);
  try {
    const [p] = (await hostCall(host, token, 'portfolio:list', undefined)) as { id: string }[];
    const portfolio = (await hostCall(host, token, 'portfolio:get', { id: p!.id })) as { name: string };
    const [m] = (await hostCall(host, token, 'market:list', undefined)) as { id: string }[];
    const file = (await hostCall(host, token, 'report:export', { portfolio, marketId: m!.id, methods: ['deribit-pm'], format: 'json' })) as { base64: string };
    const path = join(dir, 'Demo.pmreport');
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    return { path, bookName: portfolio.name };
  } finally {
    await host.kill();
  }
}

test('a report on the command line opens as a replay; Files panel exports through main\'s save dialog', async () => {
  const bin = electronBinary();
  test.skip(bin === null, NO_RUNTIME);
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-electron-files-'));
  const report = await demoReport(dir);
  const app = await electron.launch({ executablePath: bin!, args: ['.', report.path, `--user-data-dir=${join(dir, 'userData')}`], env: { ...process.env, PMDESK_DB: tempDatabase() } });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('portfolio-select').locator('option:checked')).toHaveText(`${report.bookName} (report)`, { timeout: 30_000 });
    await expect(page.getByTestId('opened-report-deribit-pm')).toBeVisible();

    // No file input inside Electron: every file goes through main.
    await expect(page.locator('[data-testid="files-panel"] input[type="file"]')).toHaveCount(0);
    await expect(page.getByTestId('import-file-dialog')).toBeVisible();

    const target = join(dir, 'exported-book.json');
    await app.evaluate(({ dialog }, file) => {
      const g = globalThis as unknown as { saveCalls: unknown[] };
      g.saveCalls = [];
      dialog.showSaveDialog = (async (...args: unknown[]) => {
        g.saveCalls.push(args.at(-1));
        return { canceled: false, filePath: file };
      }) as typeof dialog.showSaveDialog;
    }, target);
    await page.getByRole('button', { name: 'Book (JSON)' }).click();
    await expect(page.getByTestId('files-message')).toContainText('saved exported-book.json');
    const calls = await app.evaluate(() => (globalThis as unknown as { saveCalls: { title: string; filters: { extensions: string[] }[] }[] }).saveCalls);
    expect(calls).toEqual([expect.objectContaining({ title: 'Export portfolio', filters: expect.arrayContaining([expect.objectContaining({ extensions: ['json'] })]) })]);
    expect((JSON.parse(readFileSync(target, 'utf8')) as { name: string }).name).toBe(`${report.bookName} (report)`);
  } finally {
    await app.close();
  }
});
