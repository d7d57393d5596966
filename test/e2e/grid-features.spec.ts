/**
 * The positions grid's features as the user sees them (issue 9 §2), in Chromium through the web
 * host on a real SQLite file, on the demo book (electron/service/demo/demo-portfolio.json):
 * sort of a numeric column (the exact order shown), the set filters on underlying, kind and
 * expiry and a number filter (the rows shown), grouping by expiry (subtotal rows whose figures are
 * the exact sums of their rows), instrument completion (the editor's datalist holds the snapshot's
 * symbols; an unknown symbol is refused at the cell with its reason), add / duplicate / delete
 * rows from the context menu, Insert and Ctrl+Shift+D, checkbox multi-select, and Enter /
 * Shift+Enter / Tab / Shift+Tab / F2 / Esc. A screenshot, looked at.
 */
import { expect, test, type Page } from '@playwright/test';
import Decimal from 'decimal.js';
import { mkdirSync, readFileSync } from 'node:fs';
import type { HostProcess } from './host';
import { bookRows, cell, grid, openDemoGrid } from './grid-page';

let host: HostProcess | undefined;
test.afterEach(async () => {
  await host?.kill();
  host = undefined;
});

const focused = (page: Page) => page.locator(`${grid} .ag-cell.ag-cell-focus`);

/** The demo book as the service seeds it: row ids p1, p2, … in file order. */
const demo = (JSON.parse(readFileSync('electron/service/demo/demo-portfolio.json', 'utf8')) as { positions: { instrument: string; size: string }[] }).positions.map((p, i) => ({ id: `p${i + 1}`, ...p }));

async function openDemo(page: Page, width = 1600): Promise<void> {
  // Tall enough that every row of the demo book is rendered (no virtual scrolling in the way);
  // wide enough, where a test reads figure columns, that every column is rendered.
  host = await openDemoGrid(page, { width, height: 1300 });
}

/** The text of column `col` of every displayed row (book and subtotal rows), in display order; `sub` marks subtotal rows. */
async function column(page: Page, col: string): Promise<{ id: string; text: string; sub: boolean }[]> {
  return page.locator(`${grid} .ag-row:not(.ag-row-pinned)`).evaluateAll((rows, c) => {
    const byIndex = new Map<number, { id: string; text: string; sub: boolean }>();
    for (const r of rows) {
      const at = Number(r.getAttribute('row-index'));
      const el = r.querySelector(`[col-id="${c}"]`);
      const cur = byIndex.get(at);
      if (!cur || el) byIndex.set(at, { id: r.getAttribute('row-id') ?? '', text: el?.textContent?.trim() ?? cur?.text ?? '', sub: r.classList.contains('pm-subtotal') });
    }
    return [...byIndex].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }, col);
}
const shownInstruments = async (page: Page) => (await column(page, 'instrument')).filter((r) => !r.sub).map((r) => r.text);

/** A size as the grid shows it: every digit, thousands separators. */
const shownSize = (s: string) => {
  const [int, frac] = s.replace('-', '').split('.');
  return `${s.startsWith('-') ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
};
const num = (shown: string) => new Decimal(shown.replace(/,/g, ''));

/** Open the filter popup of a column from its header. */
async function openFilter(page: Page, col: string) {
  const header = page.locator(`${grid} .ag-header-cell[col-id="${col}"]`);
  await header.hover();
  await header.locator('.ag-header-cell-filter-button').click();
  const popup = page.locator('.ag-popup-child');
  await expect(popup).toBeVisible();
  return popup;
}

/** Esc closes the filter popup (as AG Grid's own filters do). */
async function closeFilter(page: Page) {
  await page.keyboard.press('Escape');
  await expect(page.locator('.ag-popup-child')).toHaveCount(0);
}

test('sort: a click on Size sorts the rows by size exactly (ascending, then descending); a figure column sorts by its value', async ({ page }) => {
  await openDemo(page, 3800);
  const header = page.locator(`${grid} .ag-header-cell[col-id="size"] .ag-header-cell-label`);
  const bySize = [...demo].sort((a, b) => new Decimal(a.size).cmp(new Decimal(b.size)));
  await header.click();
  await expect.poll(async () => (await column(page, 'size')).map((r) => r.text)).toEqual(bySize.map((p) => shownSize(p.size)));
  expect((await column(page, 'instrument')).slice(0, 3).map((r) => r.text)).toEqual(bySize.slice(0, 3).map((p) => p.instrument));
  await header.click();
  await expect.poll(async () => (await column(page, 'size')).map((r) => r.text)).toEqual([...bySize].reverse().map((p) => shownSize(p.size)));

  // Δ USD (a figure of the session, not a field of the row): descending by value, blanks last.
  const delta = page.locator(`${grid} .ag-header-cell[col-id="deltaUsd"]`);
  await delta.locator('.ag-header-cell-label').click();
  await delta.locator('.ag-header-cell-label').click();
  await expect.poll(async () => {
    const v = (await column(page, 'deltaUsd')).map((r) => r.text);
    return v.length === 18 && v.every((t) => t !== '') && v.every((t, i) => i === 0 || num(v[i - 1]).gte(num(t)));
  }).toBe(true);
});

test('filters: set filters on underlying, kind and expiry and a number filter on size show exactly the matching rows', async ({ page }) => {
  await openDemo(page);
  const isOption = (s: string) => /-[CP]$/.test(s);
  const underlyingOf = (s: string) => s.split(/[-_]/)[0];

  // Underlying: untick BTC (and SOL when listed) → the ETH rows.
  let popup = await openFilter(page, 'underlying');
  const setFilter = page.getByTestId('set-filter-underlying');
  await expect(setFilter.locator('label')).toHaveText(['(Select all)', 'BTC', 'ETH']);
  await setFilter.locator('label', { hasText: 'BTC' }).locator('input').uncheck();
  // The ticked box keeps the keyboard focus (the list is not rebuilt under it), so Esc closes the popup.
  await expect(setFilter.locator('label', { hasText: 'BTC' }).locator('input')).toBeFocused();
  await expect.poll(() => shownInstruments(page)).toEqual(demo.filter((p) => underlyingOf(p.instrument) === 'ETH').map((p) => p.instrument));
  await closeFilter(page);

  // Kind: only options, on top of the underlying filter.
  popup = await openFilter(page, 'kind');
  const kind = page.getByTestId('set-filter-kind');
  await kind.locator('label', { hasText: '(Select all)' }).locator('input').uncheck();
  await kind.locator('label', { hasText: 'option' }).locator('input').check();
  await expect.poll(() => shownInstruments(page)).toEqual(demo.filter((p) => underlyingOf(p.instrument) === 'ETH' && isOption(p.instrument)).map((p) => p.instrument));
  await closeFilter(page);
  await expect(page.locator(`${grid} .ag-header-cell[col-id="kind"] .ag-header-cell-filter-button.ag-filter-active, ${grid} .ag-header-cell[col-id="kind"] .ag-filter-active`)).not.toHaveCount(0);

  // Clear both, then Expiry: only 2026-12-25 (the search box narrows the list first).
  for (const col of ['underlying', 'kind']) {
    await openFilter(page, col);
    await page.getByTestId(`set-filter-${col}`).locator('label', { hasText: '(Select all)' }).locator('input').check();
    await closeFilter(page);
  }
  await expect(bookRows(page)).toHaveCount(18);
  popup = await openFilter(page, 'expiry');
  const expiry = page.getByTestId('set-filter-expiry');
  await expect(expiry.locator('label')).toHaveText(['(Select all)', '2026-11-27', '2026-12-25', '2027-01-29', '2027-03-26', '2027-06-25', '(blank)']);
  await expiry.locator('label', { hasText: '(Select all)' }).locator('input').uncheck();
  await expect(bookRows(page)).toHaveCount(0);
  await expiry.locator('input[type="search"]').fill('12-25');
  await expect(expiry.locator('label')).toHaveText(['(Select all)', '2026-12-25']);
  await expiry.locator('label', { hasText: '2026-12-25' }).locator('input').check();
  await expect.poll(() => shownInstruments(page)).toEqual(demo.filter((p) => /25DEC26/.test(p.instrument)).map((p) => p.instrument));
  await closeFilter(page);
  await openFilter(page, 'expiry');
  await page.getByTestId('set-filter-expiry').locator('input[type="search"]').fill('');
  await page.getByTestId('set-filter-expiry').locator('label', { hasText: '(Select all)' }).locator('input').check();
  await closeFilter(page);
  await expect(bookRows(page)).toHaveCount(18);

  // Number filter on Size: equals 5 → the two 27NOV26 options.
  popup = await openFilter(page, 'size');
  await popup.locator('input[type="number"], input.ag-input-field-input').first().fill('5');
  await expect.poll(() => shownInstruments(page)).toEqual(demo.filter((p) => p.size === '5').map((p) => p.instrument));
  expect(await shownInstruments(page)).toEqual(['BTC-27NOV26-95000-C', 'BTC-27NOV26-95000-P']);
});

test('group by expiry: each expiry\'s rows together, followed by a subtotal row whose figures are the exact sums of its rows', async ({ page }) => {
  await openDemo(page, 3800);
  await page.evaluate(() => {
    document.addEventListener('copy', (e) => { (window as unknown as { copied: string }).copied = e.clipboardData?.getData('text/plain') ?? ''; });
  });
  await page.getByTestId('group-by').selectOption('expiry');
  const subs = page.locator(`${grid} .ag-row.pm-subtotal:not(.ag-row-pinned)`);
  await expect(subs).toHaveCount(6);
  const rows = await column(page, 'instrument');
  const expiryOf = (ins: string) => /-(\d{1,2}[A-Z]{3}\d\d)(?:-|$)/.exec(ins)?.[1] ?? '(no expiry)';
  // Groups in date order, "(no expiry)" (perpetuals) last; each group's rows then its subtotal row.
  const groups: { label: string; members: string[] }[] = [];
  let members: string[] = [];
  for (const r of rows) {
    if (r.sub) { groups.push({ label: r.text, members }); members = []; } else members.push(r.text);
  }
  expect(members).toEqual([]);
  expect(groups.map((g) => g.label.replace(/ · .*$/, ''))).toEqual(['Σ 2026-11-27', 'Σ 2026-12-25', 'Σ 2027-01-29', 'Σ 2027-03-26', 'Σ 2027-06-25', 'Σ (no expiry)']);
  for (const g of groups) {
    expect(new Set(g.members.map(expiryOf)).size).toBe(1);
    expect(g.label).toContain(`· ${g.members.length} position${g.members.length === 1 ? '' : 's'}`);
  }
  expect(groups.flatMap((g) => g.members).sort()).toEqual(demo.map((p) => p.instrument).sort());

  // The exact figures (copy gives every digit): Δ USD and Vega USD of each group's rows sum to its subtotal row.
  const first = rows[0];
  await cell(page, first.id, 'instrument').click();
  const cols = await page.locator(`${grid} .ag-header-cell[col-id]`).evaluateAll((hs) => hs.map((h) => h.getAttribute('col-id')));
  const right = cols.indexOf('vegaUsd') - cols.indexOf('instrument');
  expect(right).toBeGreaterThan(0);
  for (let i = 0; i < right; i++) await page.keyboard.press('Shift+ArrowRight');
  for (let i = 1; i < rows.length; i++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => (window as unknown as { copied?: string }).copied?.split('\n').length)).toBe(rows.length);
  const copied = (await page.evaluate(() => (window as unknown as { copied: string }).copied)).split('\n').map((l) => l.split('\t'));
  const header = cols.slice(cols.indexOf('instrument'), cols.indexOf('vegaUsd') + 1);
  let checked = 0;
  for (const col of ['deltaUsd', 'vegaUsd']) {
    const k = header.indexOf(col);
    let sum = new Decimal(0);
    let any = false;
    for (let i = 0; i < rows.length; i++) {
      const v = copied[i][k];
      if (!rows[i].sub) { if (v !== '') { sum = sum.plus(v); any = true; } continue; }
      // A group none of whose rows has the figure (perpetuals have no vega) shows none.
      if (!any) expect(v, `${col} of ${rows[i].text}`).toBe('');
      else expect(new Decimal(v).eq(sum), `${col} of ${rows[i].text}: ${v} = Σ ${sum.toFixed()}`).toBe(true);
      checked++;
      sum = new Decimal(0);
      any = false;
    }
  }
  expect(checked).toBe(12);
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/grid-features-group-expiry.png' });
});

test('instrument completion: the editor offers the snapshot\'s symbols; an unknown symbol is refused at the cell with its reason, the old one kept', async ({ page }) => {
  await openDemo(page, 3800);
  await cell(page, 'p2', 'instrument').click();
  await page.keyboard.press('F2');
  const input = page.locator(`${grid} input.pm-instrument-input`);
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('BTC-25DEC26-90000-P');
  const options = await page.locator(`datalist#${await input.getAttribute('list')} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options.length).toBeGreaterThan(demo.length);
  for (const p of demo) expect(options).toContain(p.instrument);
  for (const o of options) expect(o).toMatch(/^(BTC|ETH|SOL)(_USDC|_USDT)?-/);
  // A snapshot symbol the book does not hold is offered too.
  expect(options.some((o) => !demo.some((p) => p.instrument === o))).toBe(true);

  await input.fill('BTC-30FEB27-1-X');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'p2', 'instrument')).toHaveClass(/pm-refused/);
  await expect(cell(page, 'p2', 'instrument')).toHaveText('BTC-25DEC26-90000-P');
  await expect(page.getByTestId('grid-message')).toContainText('BTC-25DEC26-90000-P · instrument "BTC-30FEB27-1-X" refused:');
  await expect(page.getByTestId('revision-state')).toHaveText(/^revision \d+$/);

  // A valid symbol from the list is taken; the refusal mark goes.
  await cell(page, 'p2', 'instrument').click();
  await page.keyboard.press('F2');
  await input.fill('btc-25dec26-100000-p');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'p2', 'instrument')).toHaveText('BTC-25DEC26-100000-P');
  await expect(cell(page, 'p2', 'instrument')).not.toHaveClass(/pm-refused/);

  // A well-formed symbol whose underlying the snapshot has no data for is taken (any valid venue
  // symbol is), marked at the cell with the reason in its tooltip, and shows no figures (never the
  // previous instrument's mark).
  const mark = cell(page, 'p2', 'markUsd');
  await expect(mark).not.toHaveText('');
  await cell(page, 'p2', 'instrument').click();
  await page.keyboard.press('F2');
  await input.fill('DOGE-PERPETUAL');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'p2', 'instrument')).toHaveText('DOGE-PERPETUAL');
  await expect(cell(page, 'p2', 'instrument')).toHaveClass(/pm-unpriced/);
  await expect(mark).toHaveText('');
  await expect(cell(page, 'p2', 'deltaUsd')).toHaveText('');
  await cell(page, 'p5', 'kind').hover();
  await cell(page, 'p2', 'instrument').hover();
  await expect(page.locator('.ag-tooltip')).toContainText('no market data for underlying DOGE');
  // Back to a priced symbol: the mark returns, the marker goes.
  await cell(page, 'p2', 'instrument').click();
  await page.keyboard.press('F2');
  await input.fill('BTC-25DEC26-90000-P');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'p2', 'instrument')).not.toHaveClass(/pm-unpriced/);
  await expect(mark).not.toHaveText('');
});

test('rows: context menu add / duplicate / delete, Insert, Ctrl+Shift+D, checkbox multi-select', async ({ page }) => {
  await openDemo(page);
  const ids = async () => (await column(page, 'instrument')).filter((r) => !r.sub).map((r) => r.id);
  const before = await ids();

  // Context menu → Add row: a new row at the end, its instrument cell in edit.
  await cell(page, 'p3', 'size').click({ button: 'right' });
  const menu = page.getByTestId('grid-menu');
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: /Add row/ }).click();
  await expect(menu).toBeHidden();
  await expect(bookRows(page)).toHaveCount(19);
  const added = (await ids()).filter((id) => !before.includes(id));
  expect(added).toHaveLength(1);
  await expect(page.locator(`${grid} input.pm-instrument-input`)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(cell(page, added[0], 'instrument')).toHaveText('BTC-PERPETUAL');
  await expect(cell(page, added[0], 'size')).toHaveText('0');

  // Context menu → Duplicate rows on p3: a copy right after it.
  await cell(page, 'p3', 'size').click();
  await cell(page, 'p3', 'size').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: /Duplicate rows/ }).click();
  await expect(bookRows(page)).toHaveCount(20);
  let order = await column(page, 'instrument');
  const at = order.findIndex((r) => r.id === 'p3');
  expect(order[at + 1].text).toBe(demo[2].instrument);
  expect(order[at + 1].id).not.toBe('p4');
  const dup = order[at + 1].id;
  await expect(cell(page, dup, 'size')).toHaveText(shownSize(demo[2].size));

  // Context menu → Delete rows on the duplicate.
  await cell(page, dup, 'size').click();
  await cell(page, dup, 'size').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: /Delete rows/ }).click();
  await expect(bookRows(page)).toHaveCount(19);
  await expect(page.locator(`${grid} .ag-row[row-id="${dup}"]`)).toHaveCount(0);

  // Insert on a focused cell adds a row (editing its instrument); Esc leaves it as added.
  await cell(page, 'p5', 'size').click();
  await page.keyboard.press('Insert');
  await expect(bookRows(page)).toHaveCount(20);
  await expect(page.locator(`${grid} input.pm-instrument-input`)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator(`${grid} input.pm-instrument-input`)).toHaveCount(0);

  // Ctrl+Shift+D duplicates the focused row.
  await cell(page, 'p6', 'size').click();
  await page.keyboard.press('Control+Shift+D');
  await expect(bookRows(page)).toHaveCount(21);
  order = await column(page, 'instrument');
  const p6 = order.findIndex((r) => r.id === 'p6');
  expect(order[p6 + 1].text).toBe(demo[5].instrument);
  expect(order[p6 + 1].id).not.toBe('p7');

  // Checkboxes: tick p2, p4, p9 → Duplicate and Delete act on those three (not the focused cell's row).
  await expect(page.getByTestId('delete-rows')).toBeDisabled();
  for (const id of ['p2', 'p4', 'p9']) await page.locator(`${grid} .ag-row[row-id="${id}"] .ag-selection-checkbox input, ${grid} .ag-row[row-id="${id}"] [col-id="ag-Grid-SelectionColumn"] input`).first().check();
  await expect(page.locator(`${grid} .ag-row.ag-row-selected`)).not.toHaveCount(0);
  await expect(page.getByTestId('delete-rows')).toBeEnabled();
  await cell(page, 'p12', 'size').click();
  await page.getByTestId('delete-rows').click();
  await expect(bookRows(page)).toHaveCount(18);
  for (const id of ['p2', 'p4', 'p9']) await expect(page.locator(`${grid} .ag-row[row-id="${id}"]`)).toHaveCount(0);
  await expect(page.locator(`${grid} .ag-row[row-id="p12"]`)).toHaveCount(1);
  await expect(page.getByTestId('grid-message')).toContainText('deleted 3 rows');
  await expect(page.getByTestId('delete-rows')).toBeDisabled();
  await page.keyboard.press('Control+z');
  await expect(bookRows(page)).toHaveCount(21);
});

test('keys: Enter / Shift+Enter move down / up, Tab / Shift+Tab right / left, F2 edits, Esc cancels, Enter commits and moves down', async ({ page }) => {
  await openDemo(page);
  const at = async () => {
    const f = focused(page);
    await expect(f).toHaveCount(1);
    return [await f.locator('xpath=ancestor::div[contains(@class,"ag-row")][1]').getAttribute('row-id'), await f.getAttribute('col-id')];
  };
  await cell(page, 'p3', 'size').click();
  expect(await at()).toEqual(['p3', 'size']);
  await page.keyboard.press('Enter');
  await expect.poll(at).toEqual(['p4', 'size']);
  await page.keyboard.press('Enter');
  await expect.poll(at).toEqual(['p5', 'size']);
  await page.keyboard.press('Shift+Enter');
  await expect.poll(at).toEqual(['p4', 'size']);
  await page.keyboard.press('Tab');
  await expect.poll(at).toEqual(['p4', 'averagePrice']);
  await page.keyboard.press('Shift+Tab');
  await expect.poll(at).toEqual(['p4', 'size']);
  await page.keyboard.press('Shift+Tab');
  await expect.poll(at).toEqual(['p4', 'optionType']);
  await page.keyboard.press('Tab');
  await expect(page.locator(`${grid} .ag-cell-inline-editing`)).toHaveCount(0);

  // F2 edits the size in place; Esc cancels (the value stays, nothing is sent).
  await page.keyboard.press('F2');
  const editor = page.locator(`${grid} .ag-row[row-id="p4"] [col-id="size"] input`);
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('-12.5');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('999');
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(cell(page, 'p4', 'size')).toHaveText('-12.5');
  expect(await at()).toEqual(['p4', 'size']);
  await expect(page.getByTestId('revision-state')).toHaveText(/^revision \d+$/);

  // F2, a new value, Enter: committed (journalled) and the focus moves down.
  await page.keyboard.press('F2');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('-20');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'p4', 'size')).toHaveText('-20');
  await expect.poll(at).toEqual(['p5', 'size']);
  await expect(page.getByTestId('revision-state')).toHaveText(/unsaved edit \(journalled\)$/);
  // Typing on a focused cell starts an edit with that key (as a spreadsheet).
  await page.keyboard.type('7');
  await page.keyboard.press('Tab');
  await expect(cell(page, 'p5', 'size')).toHaveText('7');
});
