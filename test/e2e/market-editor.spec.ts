/**
 * The market snapshot editor (issue 13 §3) in Chromium via the web host, on the demo book and
 * snapshot: editing a vol cell moves the smile chart and the margin to exactly what margin:run
 * gives on the same edited snapshot (stored separately by the spec); a parallel shift of one
 * expiry moves every one of its cells and the margin likewise; a spiked strike and a collapsed
 * expiry raise butterfly and calendar warnings (shown, the cells outlined, nothing changed); save
 * writes a new revision with the note; a saved Deribit book summary loads as an unsaved draft;
 * PNG export decodes; screenshots in both themes; axe-core finds no serious or critical violation.
 */
import { expect, test, type Page } from '@playwright/test';
import { startHost, tempDatabase, type HostProcess } from './host';
import { axe, bothThemes, call, fmt, pngDecodes, openedDemo } from './ui-checks';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

interface Snap { asOf: string; underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number }[] }> }
interface Run { outcomes: { methodId: string; ok: boolean; result: { totals: { initialMarginUsd: string; maintenanceMarginUsd: string } } }[] }

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const short = (iso: string) => { const d = new Date(iso); return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear()).slice(2)}`; };
/** A decimal vol as the grid shows it: percent with 2 to 6 decimals. */
const pctText = (vol: number) => { const p = Number((vol * 100).toFixed(6)); const own = (String(p).split('.')[1] ?? '').length; return fmt(String(p), Math.min(6, Math.max(2, own))); };

async function open(page: Page) {
  host = await startHost(tempDatabase());
  await page.goto(host.url);
  const { portfolio, marketId } = await openedDemo(page);
  const snap = (await call<{ snapshot: Snap }>(page, 'market:get', { id: marketId })).snapshot;
  await page.getByTestId('tab-market').click();
  await expect(page.getByTestId('market-editor')).toBeVisible();
  await expect(page.getByTestId('me-im-usd')).toBeVisible();
  const method = (await page.getByTestId('me-margin').getAttribute('data-method'))!;
  const btc = snap.underlyings.BTC!;
  const expiries = [...new Set(btc.vols.map((v) => v.expiry))].sort();
  return { portfolio, marketId, snap, method, btc, expiries };
}

/** IM and MM in USD of `method` on `snap`, stored as a separate snapshot and run with margin:run (the reference path). */
async function reference(page: Page, portfolio: unknown, method: string, snap: Snap, name: string): Promise<[string, string]> {
  const r = await call<{ status: string; document: { id: string } }>(page, 'document:import', { kind: 'market', text: JSON.stringify(snap), name });
  expect(r.status).toBe('written');
  const run = await call<Run>(page, 'margin:run', { portfolio, marketId: r.document.id, methods: [method], detailFor: method });
  const t = run.outcomes[0]!.result.totals;
  return [fmt(t.initialMarginUsd, 2), fmt(t.maintenanceMarginUsd, 2)];
}

const withVols = (snap: Snap, f: (q: { expiry: string; strike: number; vol: number }) => number): Snap => {
  const c = structuredClone(snap);
  c.underlyings.BTC!.vols = c.underlyings.BTC!.vols.map((q) => ({ ...q, vol: f(q) }));
  return c;
};

test('edit a vol cell and shift an expiry: smile chart and margin follow, equal to margin:run on the edited snapshot', async ({ page }) => {
  const { portfolio, snap, method, btc, expiries } = await open(page);
  const before = await page.getByTestId('me-im-usd').textContent();
  await expect(page.getByTestId('arb-none')).toBeVisible();

  // One cell: the second expiry's 7th strike, to a round 8 vol points above its quote.
  const e2 = expiries[1]!;
  const row = btc.vols.filter((q) => q.expiry === e2);
  const q = row[6]!;
  const newVol = (Math.round(q.vol * 100) + 8) / 100;
  const cell = page.getByTestId(`vol-${short(e2)}-${q.strike}`);
  await expect(cell).toHaveValue(pctText(q.vol));
  await cell.fill(String(Math.round(q.vol * 100) + 8));
  await cell.press('Enter');
  // The editor's figure comes first as a delta (market:draft-margin: only the instruments reading
  // the edited smile re-priced), then from the session once the edits pause.
  await expect(page.getByTestId('me-margin')).toHaveAttribute('data-source', 'draft');
  await expect(page.getByTestId('me-draft-note')).toContainText(/\d+ of \d+ instruments re-priced/);
  await expect(cell).toHaveClass(/\bedited\b/);
  await expect(cell).toHaveValue(pctText(newVol));
  const edited = withVols(snap, (x) => (x.expiry === e2 && x.strike === q.strike ? newVol : x.vol));
  const [im, mm] = await reference(page, portfolio, method, edited, 'spec: one cell');
  expect(im).not.toBe(before);
  await expect(page.getByTestId('me-im-usd')).toHaveText(im);
  await expect(page.getByTestId('me-mm-usd')).toHaveText(mm);
  await expect(page.getByTestId('me-margin')).toHaveAttribute('data-source', 'session');
  await expect(page.getByTestId('me-im-usd')).toHaveText(im);
  // 8 vol points on one strike of a one-month smile is a butterfly arbitrage: warned about, not fixed.
  const spike = page.locator('[data-testid="arb-warning"][data-kind="butterfly"]');
  await expect(spike).toHaveCount(1);
  await expect(spike).toContainText(`Butterfly · BTC ${short(e2)}: call prices not convex over strikes ${row[5]!.strike} / ${q.strike} / ${row[7]!.strike}`);
  await expect(cell).toHaveClass(/\bflag\b/);
  // The smile chart of that expiry: the edited point against the stored one, exact in the tooltip.
  await page.getByTestId('me-smile-chart').locator('.plot').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('me-smile-chart-tip')).toContainText(`strike (USD): ${fmt(String(q.strike), 0)}`);
  await expect(page.getByTestId('me-smile-chart-tip')).toContainText(`edited vol %: ${pctText(newVol)}`);
  await expect(page.getByTestId('me-smile-chart-tip')).toContainText(`stored vol %: ${pctText(q.vol)}`);
  // The rest of the window runs on the edit too: the margin panel shows the same IM.
  await page.getByRole('tab', { name: 'Margin' }).click();
  await expect(page.getByTestId(`im-usd-${method}`)).toHaveText(im);
  await page.getByTestId('tab-market').click();

  // A parallel shift of the fourth expiry by +5 vol points, in one action.
  const e4 = expiries[3]!;
  await page.getByTestId(`me-expiry-${short(e4)}`).click();
  await page.getByTestId('me-parallel').fill('5');
  await page.getByTestId('me-shift').click();
  for (const x of btc.vols.filter((v) => v.expiry === e4)) {
    await expect(page.getByTestId(`vol-${short(e4)}-${x.strike}`)).toHaveValue(pctText(Number((x.vol + 0.05).toFixed(10))));
  }
  const shifted = withVols(edited, (x) => (x.expiry === e4 ? Number((x.vol + 0.05).toFixed(10)) : x.vol));
  const [im2, mm2] = await reference(page, portfolio, method, shifted, 'spec: shifted');
  await expect(page.getByTestId('me-im-usd')).toHaveText(im2);
  await expect(page.getByTestId('me-mm-usd')).toHaveText(mm2);
  await expect(page.getByTestId('arb-warning')).toHaveCount(1); // the shift adds none

  await pngDecodes(page, 'me-smile-chart');
  await pngDecodes(page, 'me-forward-chart');
  const toggle = async () => {
    const was = await page.getByTestId('market-editor').getAttribute('data-theme');
    await page.getByTestId('me-theme-toggle').click();
    await expect(page.getByTestId('market-editor')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  };
  await bothThemes(page, 'market-editor', toggle);
  await bothThemes(page, 'market-editor-smile', toggle, 'me-smile-chart');
  await axe(page, '[data-testid="market-editor"]');
});

test('arbitrage warnings are shown for a crafted surface, save writes a revision, a Deribit book summary loads as a draft', async ({ page }) => {
  const { marketId, btc, expiries } = await open(page);
  // Butterfly: the first expiry's middle strike at 300 %.
  const e1 = expiries[0]!;
  const mid = btc.vols.filter((q) => q.expiry === e1)[6]!;
  const cell = page.getByTestId(`vol-${short(e1)}-${mid.strike}`);
  await cell.fill('300');
  await cell.press('Enter');
  const butterfly = page.locator('[data-testid="arb-warning"][data-kind="butterfly"]');
  await expect(butterfly.first()).toContainText(`Butterfly · BTC ${short(e1)}`);
  await expect(butterfly.first()).toContainText(`/ ${mid.strike} /`);
  await expect(cell).toHaveClass(/\bflag\b/);
  await expect(cell).toHaveValue('300.00'); // shown, not fixed

  // Calendar: the second expiry shifted down to ~5 % at its lowest vol: its total variance falls below the first's.
  const e2 = expiries[1]!;
  const low = Math.min(...btc.vols.filter((q) => q.expiry === e2).map((q) => q.vol));
  await page.getByTestId(`me-expiry-${short(e2)}`).click();
  await page.getByTestId('me-parallel').fill(String(-(Math.round(low * 100) - 5)));
  await page.getByTestId('me-shift').click();
  await expect(page.locator('[data-testid="arb-warning"][data-kind="calendar"]').first()).toContainText(`Calendar · BTC: total variance σ²T falls from ${short(e1)} to ${short(e2)}`);
  await bothThemes(page, 'market-editor-warnings', async () => {
    const was = await page.getByTestId('market-editor').getAttribute('data-theme');
    await page.getByTestId('me-theme-toggle').click();
    await expect(page.getByTestId('market-editor')).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  });
  await axe(page, '[data-testid="market-editor"]');

  // Save as a new revision with a note: the store has revision 2 holding the edited quote.
  await page.getByTestId('me-note').fill('spec: spiked and collapsed');
  await page.getByTestId('me-save').click();
  await expect(page.getByTestId('me-notice')).toContainText('saved revision 2');
  await expect(page.getByTestId('me-source')).toContainText('rev 2');
  await expect(page.getByTestId('me-source')).not.toContainText('unsaved');
  const history = await call<{ revision: number; note?: string }[]>(page, 'document:history', { kind: 'market', id: marketId });
  expect(history.find((h) => h.revision === 2)?.note).toBe('spec: spiked and collapsed');
  const stored = (await call<{ revision: number; snapshot: Snap }>(page, 'market:get', { id: marketId }));
  expect(stored.revision).toBe(2);
  expect(stored.snapshot.underlyings.BTC!.vols.find((q) => q.expiry === e1 && q.strike === mid.strike)!.vol).toBe(3);
  // The warnings stay (the stored surface has them too).
  await expect(page.locator('[data-testid="arb-warning"][data-kind="butterfly"]').first()).toBeVisible();

  // Load from file: a saved Deribit book summary becomes an unsaved draft of this snapshot.
  await page.getByTestId('me-file').setInputFiles('test/fixtures/market/deribit-book-summary-btc-eth.json');
  await expect(page.getByTestId('me-source')).toContainText('from deribit-book-summary-btc-eth.json · edited, unsaved');
  await expect(page.getByTestId('me-underlying').locator('option')).toHaveText(['BTC', 'ETH']);
  await page.getByTestId('me-discard').click();
  await expect(page.getByTestId('me-source')).not.toContainText('unsaved');
});
