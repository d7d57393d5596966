/**
 * `npx tsx bench/market-editor-ui-bench.ts` (after `npm run build`; issue 13 "Performance": a
 * vol-surface cell edit → margin on screen under 150 ms): the market editor on the
 * 20,000-position book and its synthetic snapshot in Debian's Chromium through the web host,
 * figures printed, never asserted.
 *
 * - edit one vol cell (Enter) → the editor's IM on screen, p50/p95 over 20 edits
 * - the service alone: `market:preview` round trip from the page (the session re-run on the
 *   edited snapshot, every method, whole-book figures back), the in-run baseline
 */
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBenchBrowser, ms, openBenchBook, pct } from './ui-bench-book';

const BOOK = 'bench-market-editor-20k';
const MARKET = 'Synthetic editor 2,000 options';


/** ms from Enter in the vol cell to a change of the editor's IM text. */
async function editOnce(page: Page, cell: string, value: string): Promise<number> {
  const input = page.locator(`[data-testid="${cell}"]`);
  await input.fill(value);
  await page.evaluate(`(() => {
    const el = () => document.querySelector('[data-testid="me-im-usd"]')?.textContent ?? '';
    const before = el();
    let t0 = -1;
    document.addEventListener('keydown', (e) => { if (e.key === 'Enter') t0 = performance.now(); }, { capture: true, once: true });
    window.__changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { if (t0 >= 0 && el() !== before) { obs.disconnect(); resolve(performance.now() - t0); } });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => { obs.disconnect(); resolve(-1); }, 20000);
    });
  })()`);
  await input.press('Enter');
  return page.evaluate('window.__changed') as Promise<number>;
}

export async function runMarketEditorUiBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-me-bench-'));
  const path = join(dir, 'bench.db');
  const browser = await launchBenchBrowser();
  try {
    const { host, page } = await openBenchBook(browser, path, { bookId: BOOK, bookName: 'Editor bench 20k', marketName: MARKET });
    await page.waitForTimeout(2500); // the slow lane
    await page.getByTestId('tab-market').click();
    await page.getByTestId('me-im-usd').waitFor();
    const cell = (await page.locator('[data-testid^="vol-"]').nth(5).getAttribute('data-testid'))!;
    const cells = await page.locator('[data-testid^="vol-"]').count();
    // Record the market:* round trips the edits send (the resource-timing buffer is full of long polls by now).
    await page.evaluate(`(() => {
      const f = window.fetch;
      window.__sent = [];
      window.fetch = async (url, init) => {
        const t = performance.now();
        const r = await f(url, init);
        const m = /market(?::|%3A)(draft-margin|preview)/i.exec(String(url));
        if (m) {
          const body = await r.clone().json();
          window.__sent.push([m[1] === 'preview' ? 'preview' : 'delta', performance.now() - t, t, body.value && body.value.full, body.value && body.value.repriced]);
        }
        return r;
      };
    })()`);
    const screen: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = await editOnce(page, cell, String(40 + (i % 2 === 0 ? i : -i / 2)));
      if (t >= 0) screen.push(t);
      await page.waitForTimeout(100);
    }
    // What the edits sent: the delta requests (market:draft-margin) and the session pushes (market:preview) after a pause.
    const sent = await page.evaluate('window.__sent') as [string, number, number, boolean | undefined, number | undefined][];
    if (process.env['PMDESK_BENCH_TRACE']) for (const x of sent) console.log(`  ${x[0]} at ${x[2].toFixed(0)} took ${x[1].toFixed(0)} ms${x[0] === 'delta' ? ` full=${String(x[3])} repriced=${String(x[4])}` : ''}`);
    const deltas = sent.filter((x) => x[0] === 'delta').map((x) => x[1]);
    // The service alone: the same preview round trip from the page, without the grid and charts.
    const service = await page.evaluate(`(async () => {
      const token = document.querySelector('meta[name="pmdesk-token"]').content;
      const post = async (channel, req) => (await (await fetch('/api/' + channel, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': token }, body: JSON.stringify({ req }) })).json()).value;
      const markets = await post('market:list');
      const m = markets.find((x) => x.name === ${JSON.stringify(MARKET)});
      const rec = await post('market:get', { id: m.id });
      const xs = [];
      for (let i = 0; i < 10; i++) {
        const s = structuredClone(rec.snapshot);
        const u = Object.keys(s.underlyings)[0];
        s.underlyings[u].vols[5].vol = 0.4 + i / 100;
        const text = JSON.stringify(s);
        const t = performance.now();
        const r = await fetch('/api/market:preview', { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': token }, body: JSON.stringify({ req: { sessionId: ${JSON.stringify(BOOK)}, marketId: m.id, snapshotText: text } }) });
        const body = await r.text();
        xs.push([performance.now() - t, body.length]);
      }
      return xs;
    })()`) as [number, number][];
    console.log(`market editor, 20,000-position book, surface of ${cells} quoted cells for the first underlying`);
    console.log(`each edit, ms: ${screen.map((x) => x.toFixed(0)).join(' ')}`);
    console.log(`vol cell edit → IM on screen: p50 ${ms(pct(screen, 50))} p95 ${ms(pct(screen, 95))} over ${screen.length} edits   target < 150 ms`);
    console.log(`during the edits: ${deltas.length} market:draft-margin round trips p50 ${ms(pct(deltas, 50))} p95 ${ms(pct(deltas, 95))} (the editor prices the stored revision as the draft when it loads, so every edit is a delta); ${sent.length - deltas.length} market:preview pushes (after SYNC_PAUSE_MS = 2 s without an edit)`);
    console.log(`market:preview round trip (service + transfer, no rendering): p50 ${ms(pct(service.map((x) => x[0]), 50))}, response ${(service[0]![1] / 1e6).toFixed(1)} MB`);
    await page.close();
    await host.kill();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runMarketEditorUiBench();
