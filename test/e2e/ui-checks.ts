/**
 * Checks the view specs share: a channel called through the page's own HTTP API (same token,
 * same service: the reference figures), screenshots in both themes, the axe-core smoke and the
 * PNG export of a chart.
 */
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';

export const SHOTS = 'reports/screenshots';

/** Call a channel through the page's HTTP API and unwrap the envelope. */
export async function call<T>(page: Page, channel: string, req: unknown): Promise<T> {
  return page.evaluate(async ({ channel, req }) => {
    const token = document.querySelector<HTMLMetaElement>('meta[name="pmdesk-token"]')?.content ?? '';
    const res = await fetch(`/api/${encodeURIComponent(channel)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': token }, body: JSON.stringify({ req }) });
    const env = await res.json();
    if (!env.ok) throw new Error(env.error.message);
    return env.value;
  }, { channel, req }) as Promise<T>;
}

/**
 * The demo book as the page opened it: waits for its rows and the first margin on screen, then
 * fetches the stored portfolio and the first market id through the page's API (the references).
 */
export async function openedDemo<P = unknown>(page: Page): Promise<{ portfolio: P; marketId: string }> {
  await expect(page.locator('[data-testid="positions-grid"] .ag-row').first()).toBeVisible();
  await expect(page.getByTestId('im-usd-deribit-pm')).toBeVisible();
  const [p] = await call<{ id: string }[]>(page, 'portfolio:list', undefined);
  const portfolio = await call<P>(page, 'portfolio:get', { id: p!.id });
  const [m] = await call<{ id: string }[]>(page, 'market:list', undefined);
  return { portfolio, marketId: m!.id };
}

/** `v` with `dp` decimals and thousands separators in the integer part, as the views show it. */
export function fmt(v: string, dp: number): string {
  const [i, f] = Number(v).toFixed(dp).split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? `.${f}` : ''}`;
}

/** `v` with its own decimals, at least 2 and at most 9 (exact tooltip and table figures). */
export function auto(v: string): string {
  const own = (v.split('.')[1] ?? '').length;
  return fmt(v, Math.min(9, Math.max(2, own)));
}

/**
 * `<SHOTS>/<name>-dark.png`, then the light theme's `<name>-light.png` (`toggle` switches the
 * theme; `at` is scrolled into view before each shot), then back to dark.
 */
export async function bothThemes(page: Page, name: string, toggle: () => Promise<void>, at?: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const html = page.locator('html');
  if (at) await page.getByTestId(at).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/${name}-dark.png` });
  await toggle();
  await expect(html).toHaveClass(/\blight\b/);
  if (at) await page.getByTestId(at).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/${name}-light.png` });
  await toggle();
  await expect(html).not.toHaveClass(/\blight\b/);
}

/** axe-core on `selector`: no serious or critical violation. */
export async function axe(page: Page, selector: string): Promise<void> {
  const r = await new AxeBuilder({ page }).include(selector).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
}

/** The chart's PNG button downloads a PNG the browser decodes to a real size. */
export async function pngDecodes(page: Page, testid: string): Promise<void> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${testid}-png`).click()]);
  const bytes = readFileSync(await dl.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const size = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, bytes.toString('base64'));
  expect(size[0]).toBeGreaterThan(200);
  expect(size[1]).toBeGreaterThan(100);
}
