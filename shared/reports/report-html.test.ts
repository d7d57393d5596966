/**
 * The printable report page's layout in code (report-html.ts): positions column groups that fit
 * the paper, every position on one line per group, the heatmap wrapped into strips that fit the
 * page, text escaped. The printed PDF is checked in electron/reports/reports.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { MarginReport, ReportTable } from './margin-report';
import { contentBoxPx, formatCell, POSITIONS_LANDSCAPE, positionsPlan, reportHtml } from './report-html';

const PAPERS = ['A4', 'Letter'] as const;

/** A positions table shaped as buildMarginReport makes it, with `methods` methods and `n` rows. */
function positions(methods: string[], n: number, instrument = (r: number) => `BTC-27NOV26-${50000 + r}-C`): ReportTable {
  const cols = [
    { key: 'id', label: 'Position', kind: 'text' as const }, { key: 'instrument', label: 'Instrument', kind: 'text' as const }, { key: 'size', label: 'Size', kind: 'amount' as const },
    ...['Mark', 'Mark (USD)', 'Delta', 'Gamma', 'Vega', 'Theta'].map((label) => ({ key: label, label, kind: 'number' as const })),
    ...methods.flatMap((id) => [
      { key: `${id}:group`, label: `${id} group`, kind: 'text' as const },
      { key: `${id}:pnl`, label: `${id} P&L in binding`, kind: 'amount' as const },
      { key: `${id}:marginal`, label: `${id} marginal IM`, kind: 'amount' as const }]),
  ];
  const rows = Array.from({ length: n }, (_, r) => [`p${r + 1}`, instrument(r), '-12.5', 0.123456789, 12345.678, -0.5, 1e-9, 3.25, -1.5,
    ...methods.flatMap(() => ['BTC_BTC', '-123456.123456789012', '98765.4321'])]);
  return { id: 'positions', title: 'Positions', columns: cols, rows };
}

function report(table: ReportTable, heatmapScenarios = 0): MarginReport {
  return {
    header: { portfolio: 'book <&>', revision: null, asOf: '2026-11-24T08:00:00.000Z', appVersion: '0.1.0', methods: [] },
    failures: [],
    tables: [{ id: 'header', title: 'Report', columns: [], rows: [] }, table],
    heatmaps: heatmapScenarios === 0 ? [] : [{
      methodId: 'hvar', scenarios: Array.from({ length: heatmapScenarios }, (_, i) => ({ id: `s${i}`, label: `day ${i}`, move: i / 1000 })),
      rows: [{ group: 'USD_BTC', values: Array.from({ length: heatmapScenarios }, (_, i) => i - 500) }],
    }],
  };
}

describe('positions pages', () => {
  it.each(PAPERS)('%s: every column in exactly one group, key columns in each, each group as wide as the page at most', (paper) => {
    const t = positions(['deribit-pm', 'span', 'hvar', 'a-long-method-id', 'm5', 'm6'], 50);
    const plan = positionsPlan(t, paper);
    expect(plan.length).toBeGreaterThan(1);
    expect(positionsPlan(positions(['deribit-pm'], 50), paper)).toHaveLength(1); // marks and one method on one line
    const box = contentBoxPx(paper, POSITIONS_LANDSCAPE);
    for (const g of plan) {
      expect(g.cols.slice(0, 3)).toEqual([0, 1, 2]);
      expect(g.chars * g.fontPx * 0.602).toBeLessThanOrEqual(box.width); // DejaVu Sans Mono advance 1233/2048 em
      expect(3 * g.linePx + g.rowsPerPage * g.linePx).toBeLessThan(box.height);
    }
    const rest = plan.flatMap((g) => g.cols.slice(3)).sort((a, b) => a - b);
    expect(rest).toEqual(Array.from({ length: t.columns.length - 3 }, (_, i) => i + 3));
  });

  it('a column too wide for the usual type is set smaller, never cut', () => {
    const t = positions(['deribit-pm'], 5, (r) => `${'X'.repeat(300)}${r}`);
    for (const paper of PAPERS) {
      for (const g of positionsPlan(t, paper)) expect(g.chars * g.fontPx * 0.61).toBeLessThanOrEqual(contentBoxPx(paper, POSITIONS_LANDSCAPE).width);
    }
    const html = reportHtml(report(t));
    for (let r = 0; r < 5; r++) expect(html).toContain(`${'X'.repeat(300)}${r}`);
  });

  it.each(PAPERS)('%s: each position once per group, the header on each page, pages of rowsPerPage rows', (paper) => {
    const t = positions(['deribit-pm', 'span', 'hvar', 'm4', 'm5'], 1000);
    const plan = positionsPlan(t, paper);
    const html = reportHtml(report(t), { paper });
    const pages = html.split('<section class="pp"').slice(1);
    expect(pages).toHaveLength(plan.reduce((a, g) => a + Math.ceil(1000 / g.rowsPerPage), 0));
    for (const pg of pages) expect(pg).toMatch(/<b>Position +Instrument +Size /);
    for (let r = 1; r <= 1000; r++) expect(html.match(new RegExp(`\\np${r} |<pre>p${r} `, 'g'))).toHaveLength(plan.length);
    expect(html).toContain(`size: ${paper};`);
  });

  it('escapes text cells (an instrument with markup stays text)', () => {
    const html = reportHtml(report(positions(['m'], 2, () => '<b>&x')));
    expect(html).toContain('&lt;b&gt;&amp;x');
    expect(html).not.toContain('<b>&x');
    expect(html).toContain('book &lt;&amp;&gt;');
  });
});

describe('formatCell', () => {
  it('a tiny figure in scientific notation keeps every digit (the same value); others grouped as given', () => {
    expect(formatCell('-0.0000000000000000000000000000015478012295929484', 'amount')).toBe('-1.5478012295929484e-30');
    expect(formatCell('0.00001', 'amount')).toBe('1e-5');
    expect(formatCell('-0.00040147614853556227', 'amount')).toBe('-0.00040147614853556227');
    expect(formatCell('-143682.674631', 'amount')).toBe('-143,682.674631');
    expect(formatCell(2.578000912345e-26, 'number')).toBe('2.5780009e-26');
    expect(formatCell(0.0000025247041234, 'number')).toBe('2.5247041e-6');
    for (const x of ['0.00000123456789012345678901', '-0.0000900000000000000001']) expect(formatCell(x, 'usd').replace(/^-?(\d)\.?(\d*)e-(\d+)$/, (_, a: string, b: string, e: string) => `0.${'0'.repeat(Number(e) - 1)}${a}${b}`)).toBe(x.replace('-', ''));
  });
});

describe('heatmap', () => {
  it.each(PAPERS)('%s: 1,000 scenarios wrap into strips no wider than the page, every scenario drawn once', (paper) => {
    const html = reportHtml(report(positions(['m'], 1), 1000), { paper });
    const widths = [...html.matchAll(/<svg [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths.length).toBeGreaterThan(1);
    for (const w of widths) expect(w).toBeLessThanOrEqual(contentBoxPx(paper).width);
    expect(html.match(/<rect /g)).toHaveLength(1000);
    expect(html).toContain('scenarios 1–');
  });

  it('a few scenarios stay one strip', () => {
    const html = reportHtml(report(positions(['m'], 1), 30));
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).not.toContain('scenarios 1–');
  });
});
