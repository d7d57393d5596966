/**
 * The browser benches' database (bench:ui, the Risk view's and the market editor's): the demo
 * data, a synthetic snapshot of 2,000 options on BTC/ETH/SOL (seed 767) and a 20,000-position
 * book over them, saved through the service as a user's save would be. Also the percentile and
 * millisecond formats the three benches print with.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { openDatabase } from '../electron/db/index';
import { createAppService } from '../electron/service/app-service';
import { seedDemoData } from '../electron/service/demo-data';
import { createMarginEngine } from '../electron/service/margin-engine';
import { createStorageService } from '../electron/service/storage-service';
import { createWorkspaceService } from '../electron/service/workspace/workspace-service';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { startHost, type HostProcess } from '../test/e2e/host';

export interface BenchBook { bookId: string; bookName: string; marketName: string }

/** Write the bench book into a new database at `path`; the option symbols it uses. */
export async function seedUiBenchBook(path: string, b: BenchBook): Promise<{ symbols: string[] }> {
  const store = openDatabase(path);
  try {
    seedDemoData(store);
    const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
    store.marketSnapshots.save(b.marketName, syn.market);
    const engine = createMarginEngine();
    const app = createAppService({ store, engine, storage: createStorageService(store, engine), workspace: createWorkspaceService(store, engine), host: 'web', version: 'bench', databasePath: path });
    const symbols = syn.options.slice(0, 2000);
    const balances = [{ currency: 'BTC', amount: '250' }, { currency: 'ETH', amount: '3000' }, { currency: 'USDC', amount: '5000000' }];
    await app['portfolio:save']({ portfolio: { id: b.bookId, name: b.bookName, balances, positions: syntheticPositions(symbols, 20_000) } });
    return { symbols };
  } finally {
    store.close();
  }
}

/** The p-th percentile (nearest rank) of `xs`. */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
export const ms = (x: number): string => `${x.toFixed(1)} ms`;

/**
 * Wait until the window has nothing waiting for the service (the status bar's activity,
 * `data-testid="activity"` with `data-idle="true"`: no run, save or edit in flight and no slow
 * lane — account view, deferred methods — pending) and has stayed so for `quietMs`, so that the
 * step timed next measures itself, not the queue behind the service's earlier work. Returns the
 * ms waited.
 */
export async function waitIdle(page: Page, quietMs = 250): Promise<number> {
  // Passed as source text: tsx's helpers (__name) do not exist in the page.
  return (await page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    let since = -1;
    const tick = () => {
      const idle = document.querySelector('[data-testid="activity"]')?.getAttribute('data-idle') === 'true';
      const now = performance.now();
      if (!idle) since = -1; else if (since < 0) since = now;
      if (since >= 0 && now - since >= ${quietMs}) return resolve(now - t0 - ${quietMs});
      if (now - t0 > 600000) return resolve(-1);
      setTimeout(tick, 10);
    };
    tick();
  })`)) as number;
}

/** Debian's Chromium (or CHROMIUM_PATH), headless, as the browser benches run it. */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** Seed `path`, start the web host on it and open the bench book with its market in a page. */
export async function openBenchBook(browser: Browser, path: string, b: BenchBook): Promise<{ host: HostProcess; page: Page }> {
  await seedUiBenchBook(path, b);
  const host = await startHost(path);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(120_000);
  await page.goto(host.url);
  await page.locator('[data-testid^="im-usd-"]').first().waitFor();
  await page.getByTestId('market-select').selectOption({ label: b.marketName });
  await page.getByTestId('portfolio-select').selectOption(b.bookId);
  await page.locator('[data-testid="positions-grid"] .ag-row[row-id="p0"]').waitFor();
  return { host, page };
}

/**
 * Time on screen measured in the page: from the click on `click` (a capture listener) until the
 * button `watch` has shown its busy text and then its done text again, plus the next animation
 * frame (the chart or table painted). Playwright's own polling and actionability checks, which
 * take hundreds of ms on this loaded machine, are not in it (the bench prints them beside).
 */
export async function armInPage(page: Page, click: string, watch: string, busy: string, done: string): Promise<void> {
  // Passed as source text: tsx's helpers (__name) do not exist in the page.
  await page.evaluate(`(() => {
    window.__onScreen = new Promise((resolve) => {
      let t0 = -1, seenBusy = false;
      const onClick = (e) => { if (e.target && e.target.closest('[data-testid="${click}"]')) t0 = performance.now(); };
      document.addEventListener('click', onClick, { capture: true });
      const text = () => (document.querySelector('[data-testid="${watch}"]')?.textContent ?? '').trim();
      const obs = new MutationObserver(() => {
        if (t0 < 0) return;
        if (!seenBusy) { seenBusy = new RegExp(${JSON.stringify(busy)}).test(text()); return; }
        if (new RegExp(${JSON.stringify(done)}).test(text())) {
          obs.disconnect();
          document.removeEventListener('click', onClick, { capture: true });
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => { obs.disconnect(); resolve(-1); }, 300000);
    });
  })()`);
}
export const inPage = (page: Page) => page.evaluate('window.__onScreen') as Promise<number>;
