/**
 * The scenario sets view (issue 13 §4) in Chromium via the web host, on the demo book: a new set
 * edited in the table ("BTC −25 %, ETH −30 %, vols +50 %, 7 days later" and a rally), saved as a
 * scenario-set document, revised with a note (revision 2), duplicated and saved under its own
 * name; Run shows the stress table across scenarios with each P&L equal to the engine's stress
 * runner on the same book and snapshot (`scenario:run` on the stored set's text, and the same
 * result from `pmdesk margin --scenarios` on the exported book, snapshot and set), and the P&L per position of the picked scenario; a bad
 * move is refused naming the field; PNG export of the chart decodes; screenshots in both themes;
 * axe-core finds no serious or critical violation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { axe, bothThemes, call, fmt, pngDecodes } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

interface Stress { scenarios: { id: string; label: string; pnlUsd: string; positions: { positionId: string; pnl: string }[] }[] }

/** `pmdesk margin --scenarios` on the book and market as stored, and `setText`: its `stress` result. */
async function cliStress(page: Page, portfolioId: string, setText: string): Promise<Stress> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-ss-cli-'));
  try {
    const book = await call<{ text: string }>(page, 'portfolio:export', { id: portfolioId, format: 'json' });
    const [m] = await call<{ id: string }[]>(page, 'market:list', undefined);
    const market = await call<{ snapshot: unknown }>(page, 'market:get', { id: m!.id });
    writeFileSync(join(dir, 'book.json'), book.text);
    writeFileSync(join(dir, 'market.json'), JSON.stringify(market.snapshot));
    writeFileSync(join(dir, 'set.json'), setText);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', 'margin', '--portfolio', join(dir, 'book.json'), '--market', join(dir, 'market.json'),
      '--scenarios', join(dir, 'set.json'), '--method', 'deribit-pm', '--no-account'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { stress: Stress }).stress;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function open(page: Page) {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  await expect(page.locator('[data-testid="positions-grid"] .ag-row').first()).toBeVisible();
  const [p] = await call<{ id: string }[]>(page, 'portfolio:list', undefined);
  await page.getByTestId('tab-scenarios').click();
  await expect(page.getByTestId('scenario-sets')).toBeVisible();
  return { portfolioId: p!.id };
}

test('create, edit, save, revise and duplicate a scenario set; the stress table equals the engine on the stored set', async ({ page }) => {
  const { portfolioId } = await open(page);
  await page.getByTestId('ss-new').click();
  await page.getByTestId('ss-name').fill('Crash week');
  await page.getByTestId('ss-label-0').fill('BTC −25 %, ETH −30 %, vols +50 %, 7 days later');
  await page.getByTestId('ss-label-0').press('Tab');
  await page.getByTestId('ss-move-0-BTC').fill('−25');
  await page.getByTestId('ss-move-0-BTC').press('Tab');
  await page.getByTestId('ss-move-0-ETH').fill('-30');
  await page.getByTestId('ss-move-0-ETH').press('Tab');
  await page.getByTestId('ss-volmode-0').selectOption('relative');
  await page.getByTestId('ss-vol-0').fill('50');
  await page.getByTestId('ss-vol-0').press('Tab');
  await page.getByTestId('ss-days-0').fill('7');
  await page.getByTestId('ss-days-0').press('Tab');
  await page.getByTestId('ss-add').click();
  await page.getByTestId('ss-label-1').fill('rally');
  await page.getByTestId('ss-label-1').press('Tab');
  await page.getByTestId('ss-move-1-BTC').fill('15');
  await page.getByTestId('ss-move-1-BTC').press('Tab');
  await page.getByTestId('ss-other-1').fill('10');
  await page.getByTestId('ss-other-1').press('Tab');

  // A bad move is refused naming the field; nothing is saved.
  await page.getByTestId('ss-move-1-ETH').fill('-120');
  await page.getByTestId('ss-move-1-ETH').press('Tab');
  await page.getByTestId('ss-save').click();
  await expect(page.getByTestId('ss-error')).toContainText('scenario 2 (rally) ETH move: a price cannot fall 100 % or more');
  expect(await call<unknown[]>(page, 'document:list', { kind: 'scenario-set' })).toHaveLength(0);
  await page.getByTestId('ss-move-1-ETH').fill('');
  await page.getByTestId('ss-move-1-ETH').press('Tab');

  await page.getByTestId('ss-save').click();
  await expect(page.getByTestId('ss-notice')).toContainText('saved “Crash week” revision 1');
  await expect(page.getByTestId('ss-item')).toHaveCount(1);
  const [doc] = await call<{ id: string; name: string; revision: number }[]>(page, 'document:list', { kind: 'scenario-set' });
  expect(doc).toMatchObject({ name: 'Crash week', revision: 1 });

  // Revise: a harder rally, saved with a note as revision 2.
  await page.getByTestId('ss-move-1-BTC').fill('20');
  await page.getByTestId('ss-move-1-BTC').press('Tab');
  await expect(page.getByTestId('ss-source')).toContainText('edited, unsaved');
  await page.getByTestId('ss-note').fill('harder rally');
  await page.getByTestId('ss-save').click();
  await expect(page.getByTestId('ss-notice')).toContainText('revision 2 (“harder rally”)');
  const history = await call<{ revision: number; note?: string }[]>(page, 'document:history', { kind: 'scenario-set', id: doc!.id });
  expect(history.find((h) => h.revision === 2)?.note).toBe('harder rally');
  const stored = await call<{ text: string }>(page, 'document:export', { kind: 'scenario-set', id: doc!.id });
  const set = JSON.parse(stored.text) as { scenarios: { shocks: Record<string, { move: number; vol?: unknown }>; timeShiftDays?: number }[] };
  expect(set.scenarios[0]!.shocks['BTC']).toEqual({ move: -0.25, vol: { kind: 'relative', factor: 0.5 } });
  expect(set.scenarios[0]!.timeShiftDays).toBe(7);
  expect(set.scenarios[1]!.shocks['BTC']!.move).toBe(0.2);

  // Run: the table across scenarios, each figure the engine's on the stored set's text.
  await page.getByTestId('ss-run').click();
  await expect(page.getByTestId('ss-result-row')).toHaveCount(2);
  const ref = await call<Stress>(page, 'scenario:run', { sessionId: portfolioId, scenarioSetText: stored.text });
  for (const s of ref.scenarios) await expect(page.getByTestId(`ss-pnl-usd-${s.id}`)).toHaveText(fmt(s.pnlUsd, 2));
  // The CLI on the same inputs (the book and snapshot exported, the stored set's file) gives the same stress result.
  const cli = await cliStress(page, portfolioId, stored.text);
  expect(cli).toEqual(ref);
  expect(ref.scenarios[0]!.pnlUsd).not.toBe(ref.scenarios[1]!.pnlUsd);
  // P&L per position of the picked scenario, largest first.
  await page.getByTestId('ss-pick-s2').click();
  const top = [...ref.scenarios[1]!.positions].sort((a, b) => Math.abs(Number(b.pnl)) - Math.abs(Number(a.pnl)))[0]!;
  await expect(page.getByTestId('ss-position-row').first()).toContainText(top.positionId);
  await expect(page.getByTestId('ss-position-row')).toHaveCount(Math.min(200, ref.scenarios[1]!.positions.length));

  await pngDecodes(page, 'ss-chart');
  const toggle = async () => {
    const was = await page.getByTestId('scenario-sets').getAttribute('data-theme');
    await page.getByTestId('ss-theme-toggle').click();
    await expect(page.getByTestId('scenario-sets')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  };
  await bothThemes(page, 'scenario-sets', toggle);
  await axe(page, '[data-testid="scenario-sets"]');

  // Duplicate: an unsaved copy, saved as a set of its own; the original keeps its revisions.
  await page.getByTestId('ss-duplicate').click();
  await expect(page.getByTestId('ss-name')).toHaveValue('Crash week (copy)');
  await expect(page.getByTestId('ss-source')).toContainText('new');
  await page.getByTestId('ss-save').click();
  await expect(page.getByTestId('ss-item')).toHaveCount(2);
  const list = await call<{ name: string; revision: number }[]>(page, 'document:list', { kind: 'scenario-set' });
  expect(list.map((d) => [d.name, d.revision]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([['Crash week', 2], ['Crash week (copy)', 1]]);
  // Reopening the original shows its stored revision.
  await page.locator(`[data-testid="ss-item"][data-id="${doc!.id}"]`).click();
  await expect(page.getByTestId('ss-name')).toHaveValue('Crash week');
  await expect(page.getByTestId('ss-move-1-BTC')).toHaveValue('20');
  await expect(page.getByTestId('ss-source')).toHaveText('rev 2');
});
