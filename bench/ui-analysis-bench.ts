/**
 * `npm run bench:ui` (its last part; alone: `npx tsx bench/ui-analysis-bench.ts` after `npm run
 * build`), issue 13 "Performance" on the 20,000-position bench book (bench/ui-bench-book.ts) in
 * Debian's Chromium through the web host. Figures printed, never asserted; each beside the
 * service's own time for the same requests (the in-run baseline: what is left is transport, JSON,
 * validation and the renderer) and the load average:
 *
 * - margin heatmap on screen: "Run 9 × 5" clicked → the whole table filled (the explained method,
 *   deribit-pm), the first run on the book (cold: the service parses the book and builds its
 *   calculator) and a second one;
 * - payoff on screen: the Payoff tab clicked → the view's default dates drawn (today and the next 3
 *   expiries of the underlying in the book, the issue's 4 dates, 400 points each), then a redraw
 *   (Draw pressed), then every expiry (Expiries: all, Draw; the in-run baseline).
 *
 * Before each timed step the bench waits until the window has nothing waiting for the service
 * (`waitIdle`: the status bar's activity, the slow lane included), so a figure is the step's own
 * time, not the queue behind earlier work.
 *
 * With PMDESK_BENCH_PROFILE=1 each step also runs under the renderer's CPU profiler (Chrome
 * DevTools protocol, `Profiler.*`) and the API calls' timings and body sizes are listed, so the
 * browser-side time is split into request JSON, waiting for the host, response parse and
 * Svelte/uPlot work (top functions by self time).
 */
import type { CDPSession, Page, Request } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { armInPage, inPage, launchBenchBrowser, ms, openBenchBook, waitIdle } from './ui-bench-book';

const BOOK = 'bench-analysis-20k';
const MARKET = 'Synthetic analysis 2,000 options';
const PROFILE = process.env['PMDESK_BENCH_PROFILE'] === '1';
const step = (what: string) => { if (process.env['PMDESK_BENCH_STEPS'] === '1') console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`); };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Top functions of a CPU profile by self time (ms), with the idle/program/GC buckets. */
function topSelf(p: Profile, n: number): string[] {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [`  profile ${ms(total)} sampled:`, ...[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ms  ${k}`)];
}

/** The API calls of one step: size sent and received, and where their time went. */
function calls(page: Page): { stop: () => Promise<string[]> } {
  const reqs: Request[] = [];
  const on = (r: Request) => { if (r.url().includes('/api/') && !r.url().includes('shell%3Anotices') && !r.url().includes('session%3Asince')) reqs.push(r); };
  page.on('request', on);
  return {
    stop: async () => {
      page.off('request', on);
      const out: string[] = [];
      for (const r of reqs) {
        const res = await r.response();
        if (!res) continue;
        await res.finished();
        const s = await r.sizes();
        const t = r.timing();
        out.push(`  ${decodeURIComponent(r.url().split('/api/')[1] ?? '')}: sent ${(s.requestBodySize / 1e6).toFixed(2)} MB, received ${(s.responseBodySize / 1e3).toFixed(1)} kB; request start → first byte ${ms(t.responseStart - t.requestStart)}, body ${ms(t.responseEnd - t.responseStart)}`);
      }
      return out;
    },
  };
}

async function profiled<T>(cdp: CDPSession | undefined, page: Page, fn: () => Promise<T>): Promise<{ value: T; notes: string[] }> {
  if (!cdp) return { value: await fn(), notes: [] };
  const net = calls(page);
  await cdp.send('Profiler.start');
  const value = await fn();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return { value, notes: [...(await net.stop()), ...topSelf(profile, 14)] };
}

/** "… in 1062 ms …" of the heatmap's note: the service's summed time of the rows. */
const serviceMs = async (page: Page, testid: string): Promise<number> => {
  const el = page.getByTestId(testid);
  return (await el.count()) === 0 ? NaN : Number(/in (\d+) ms/.exec((await el.textContent()) ?? '')?.[1] ?? NaN);
};


interface OnScreen { page: number; playwright: number; service: number }

async function heatmapOnScreen(page: Page): Promise<OnScreen> {
  await waitIdle(page);
  await armInPage(page, 'run-margin-heatmap', 'run-margin-heatmap', '^running', '^Run ');
  const t0 = performance.now();
  await page.getByTestId('run-margin-heatmap').click();
  const inside = await inPage(page);
  await page.getByTestId('run-margin-heatmap').filter({ hasText: /^Run / }).waitFor({ timeout: 600_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="mheat-"]')].every((c) => c.textContent?.trim() !== '…'), undefined, { polling: 'raf' });
  return { page: inside, playwright: performance.now() - t0, service: await serviceMs(page, 'margin-heatmap-elapsed') };
}

async function payoffOnScreen(page: Page, click: string): Promise<OnScreen & { curves: number }> {
  await waitIdle(page);
  await armInPage(page, click, 'payoff-run', '^…$', '^Draw$');
  const t0 = performance.now();
  await page.getByTestId(click).click();
  const inside = await inPage(page);
  await page.getByTestId('payoff-run').filter({ hasText: 'Draw' }).waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="payoff-chart"] canvas').waitFor();
  const playwright = performance.now() - t0;
  await page.getByTestId('payoff-chart').locator('.plot').focus();
  await page.keyboard.press('Home');
  const curves = (await page.getByTestId('payoff-chart-tip').locator('span').count()) - 1;
  return { page: inside, playwright, service: await serviceMs(page, 'payoff-elapsed'), curves };
}

export async function runAnalysisUiBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-analysis-bench-'));
  const browser = await launchBenchBrowser();
  try {
    step('seeding and opening the book');
    const { host, page } = await openBenchBook(browser, join(dir, 'bench.db'), { bookId: BOOK, bookName: 'Analysis bench 20k', marketName: MARKET });
    await page.getByTestId('detail-pending').waitFor({ state: 'detached' }).catch(() => undefined);
    await waitIdle(page); // the slow lane (account view, deferred methods)
    const cdp = PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); }
    console.log(`analysis on screen, 20,000 positions; load average before ${load()}`);

    await page.getByTestId('tab-risk').click();
    await page.getByTestId('run-margin-heatmap').waitFor();
    step('heatmap');
    const h1 = await profiled(cdp, page, () => heatmapOnScreen(page));
    const h2 = await profiled(cdp, page, () => heatmapOnScreen(page));

    step('payoff');
    const p1 = await profiled(cdp, page, () => payoffOnScreen(page, 'risk-tab-payoff'));
    const p2 = await profiled(cdp, page, () => payoffOnScreen(page, 'payoff-run'));
    const choices = await page.getByTestId('payoff-expiries').locator('option').count();
    await page.getByTestId('payoff-expiries').selectOption({ index: choices - 1 });
    const p3 = await profiled(cdp, page, () => payoffOnScreen(page, 'payoff-run'));

    const tail = (h: OnScreen) => `service alone ${ms(h.service)} of it; through Playwright's waits ${ms(h.playwright)}`;
    const heatLine = (what: string, h: OnScreen) => `margin heatmap on screen (${what}): ${ms(h.page)} (target < 1000 ms); ${tail(h)}`;
    const payLine = (what: string, p: OnScreen & { curves: number }) => `payoff ${p.curves} dates × 400 points on screen (${what}): ${ms(p.page)}${p.curves === 4 ? ' (target < 300 ms at 4 dates)' : ''}; ${tail(p)}`;
    console.log(heatLine('first run on the book', h1.value)); for (const l of h1.notes) console.log(l);
    console.log(heatLine('second run', h2.value)); for (const l of h2.notes) console.log(l);
    console.log(payLine('tab opened', p1.value)); for (const l of p1.notes) console.log(l);
    console.log(payLine('Draw pressed', p2.value)); for (const l of p2.notes) console.log(l);
    console.log(payLine('Expiries: all, Draw pressed; in-run baseline', p3.value)); for (const l of p3.notes) console.log(l);
    console.log(`load average after ${load()}`);
    await page.close();
    await host.kill();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAnalysisUiBench();
