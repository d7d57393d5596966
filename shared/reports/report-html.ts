/**
 * The margin report as one self-contained HTML page (issue 12 §1): the view Chromium prints to
 * PDF and a host can show as is. Pure string building (no DOM), every text escaped, no script,
 * no external resource. The short sections are tables whose `<thead>` print repeats on every
 * page; the positions section is pre-paginated for the paper (one monospace text block per page,
 * its header repeated on each, columns split into groups that fit the width). The heatmap is
 * inline SVG, wrapped into strips that fit the page.
 */
import type { MarginReport, ReportCell, ReportColumnKind, ReportHeatmap, ReportTable } from './margin-report';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A cell as shown: decimals as given (grouped thousands), floats at 8 digits, moves and ratios in percent. */
export function formatCell(v: ReportCell, kind: ReportColumnKind): string {
  if (v === null) return '';
  if (kind === 'percent') {
    const n = Number(v);
    return Number.isFinite(n) ? `${(n * 100).toFixed(2)} %` : String(v);
  }
  if (kind === 'text') return String(v);
  // float64 display figures (marks, greeks, index prices) at 8 significant digits; decimal strings as given
  const s = typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(8))) : String(v);
  // a figure with four or more zeros after the point is written in scientific notation with
  // every one of its digits (the same value, not rounded), so one tiny P&L does not widen a column
  const tiny = /^(-?)0\.(0{4,})(\d+)$/.exec(s);
  if (tiny) return `${tiny[1]}${tiny[3][0]}${tiny[3].length > 1 ? `.${tiny[3].slice(1)}` : ''}e-${tiny[2].length + 1}`;
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th class="${c.kind}">${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((v, i) => `<td class="${t.columns[i].kind}">${escapeHtml(formatCell(v, t.columns[i].kind))}</td>`).join('')}</tr>`).join('\n');
  return `<section id="${escapeHtml(t.id)}"><h2>${escapeHtml(t.title)}</h2>${t.rows.length === 0 ? '<p class="empty">none</p>'
    : `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`}</section>`;
}

/** Paper sizes of the printed report (A4: ISO 216, 210 × 297 mm; Letter: ANSI A, 8.5 × 11 in). */
export type PaperSize = 'A4' | 'Letter';
export const PAPER_MM: Readonly<Record<PaperSize, { width: number; height: number }>> = { A4: { width: 210, height: 297 }, Letter: { width: 215.9, height: 279.4 } };
/** Page margins in mm (`@page`); the bottom one holds the "page X of Y" margin boxes. */
export const PAGE_MARGIN_MM = { top: 10, right: 9, bottom: 12, left: 9 } as const;
/** CSS px per mm: a CSS px is 1/96 in (CSS Values and Units 4 §6.2). */
const PX_PER_MM = 96 / 25.4;

/** The page's content box in CSS px, upright or turned (landscape). */
export function contentBoxPx(paper: PaperSize, landscape = false): { width: number; height: number } {
  const p = PAPER_MM[paper];
  const [w, h] = landscape ? [p.height, p.width] : [p.width, p.height];
  return { width: (w - PAGE_MARGIN_MM.left - PAGE_MARGIN_MM.right) * PX_PER_MM, height: (h - PAGE_MARGIN_MM.top - PAGE_MARGIN_MM.bottom) * PX_PER_MM };
}

/**
 * The positions pages are printed on the same paper turned landscape (the CSS named page
 * `positions`): a 20,000-position book's mark, greek and one method's columns fit one line, so
 * Chromium prints a quarter fewer characters and pages than with the columns split in two.
 */
export const POSITIONS_LANDSCAPE = true;

/** Positions pages: one monospace text line per position, at this size unless a group needs less to fit the width. */
const POS_FONT_PX = 7.5;
const POS_LINE_PER_FONT = 9.5 / 7.5;
/**
 * Advance of one monospace glyph in em: DejaVu Sans Mono is 1233/2048 = 0.602 (bold the same),
 * Liberation Mono 1229/2048; rounded up so a fallback font a little wider still fits.
 */
const MONO_ADVANCE_EM = 0.61;
/** Height of a positions page's title line (px) and the slack left at the page's foot (px). */
const POS_TITLE_PX = 14;
const POS_SLACK_PX = 8;
/** Spaces between two columns. */
const GAP = '  ';

/** Key columns repeated in every group of the positions pages (by column key). */
const KEY_COLUMNS = new Set(['id', 'instrument', 'size']);

/** One group of columns of the positions pages: the key columns, then one or more segments. */
export interface PositionsGroup {
  /** Segment names (`marks and greeks`, then method ids) in column order. */
  segments: { name: string; cols: number[] }[];
  /** Column indexes into the positions table, key columns first. */
  cols: number[];
  fontPx: number;
  linePx: number;
  rowsPerPage: number;
  /** Characters per text line. */
  chars: number;
}

/**
 * How the positions table is laid out on `paper`: columns split into groups that each fit the
 * page width (position, instrument and size repeated in each; the mark and greek columns one
 * segment, each method's three columns one segment, segments packed in order while they fit),
 * and the number of rows a page holds at the group's type size (pages turned landscape). Width
 * comes from the longest text of each column in monospace, so no column is ever cut off.
 */
export function positionsPlan(t: ReportTable, paper: PaperSize, cells: string[][] = formatColumns(t)): PositionsGroup[] {
  const box = contentBoxPx(paper, POSITIONS_LANDSCAPE);
  const widths = columnWidths(t, cells);
  const keys = t.columns.flatMap((c, i) => (KEY_COLUMNS.has(c.key) ? [i] : []));
  const segments: { name: string; cols: number[] }[] = [];
  t.columns.forEach((c, i) => {
    if (KEY_COLUMNS.has(c.key)) return;
    const name = c.key.includes(':') ? c.key.slice(0, c.key.lastIndexOf(':')) : 'marks and greeks';
    const last = segments.at(-1);
    if (last?.name === name) last.cols.push(i); else segments.push({ name, cols: [i] });
  });
  const charsOf = (cols: number[]) => cols.reduce((s, i) => s + widths[i], 0) + GAP.length * Math.max(0, cols.length - 1);
  const fitChars = Math.floor(box.width / (POS_FONT_PX * MONO_ADVANCE_EM));
  const packs: { name: string; cols: number[] }[][] = [];
  for (const seg of segments.length ? segments : [{ name: '', cols: [] }]) {
    const cur = packs.at(-1);
    if (cur && charsOf([...keys, ...cur.flatMap((s) => s.cols), ...seg.cols]) <= fitChars) cur.push(seg);
    else packs.push([seg]);
  }
  return packs.map((segs) => {
    const cols = [...keys, ...segs.flatMap((s) => s.cols)];
    const chars = charsOf(cols);
    // a group wider than the page at the usual size is set smaller (never cut)
    const fontPx = Math.min(POS_FONT_PX, Math.floor((box.width / (chars * MONO_ADVANCE_EM)) * 10) / 10);
    const linePx = Math.round(fontPx * POS_LINE_PER_FONT * 10) / 10;
    const rowsPerPage = Math.max(1, Math.floor((box.height - POS_TITLE_PX - 2 * linePx - POS_SLACK_PX) / linePx));
    return { segments: segs, cols, fontPx, linePx, rowsPerPage, chars };
  });
}

/** A column's header on the positions pages: a method's columns drop the method id (it heads the segment). */
function headerLabel(t: ReportTable, i: number): string {
  const c = t.columns[i];
  if (!c.key.includes(':')) return c.label;
  const id = c.key.slice(0, c.key.lastIndexOf(':'));
  return c.label.startsWith(`${id} `) ? c.label.slice(id.length + 1) : c.label;
}

/** Each column's width in characters: its longest cell or header. */
function columnWidths(t: ReportTable, cells: string[][]): number[] {
  return t.columns.map((_, i) => cells[i].reduce((m, x) => Math.max(m, x.length), headerLabel(t, i).length));
}

/** Every cell of the table as shown, column by column. */
function formatColumns(t: ReportTable): string[][] {
  return t.columns.map((c, i) => t.rows.map((r) => formatCell(r[i], c.kind)));
}

/**
 * The positions section as pre-paginated pages (issue 12: a 20,000-position book must print in
 * seconds): each page one title line, the two header lines and `rowsPerPage` monospace text
 * lines, starting on a new page. Chromium's cost grows with layout objects and pages
 * (docs/architecture.md "Reports"): a text block per page instead of a table of cells is what
 * makes the 20k book print in a few seconds, and the header is repeated by construction.
 */
function* positionsPages(t: ReportTable, paper: PaperSize): Generator<string> {
  const cells = formatColumns(t);
  const groups = positionsPlan(t, paper, cells);
  const widths = columnWidths(t, cells);
  const pad = (x: string, i: number) => (t.columns[i].kind === 'text' ? x.padEnd(widths[i]) : x.padStart(widths[i]));
  // padded once per cell; only text cells can hold a character HTML must escape
  const shown = t.columns.map((c, i) => cells[i].map((x) => (c.kind === 'text' && /[&<>"']/.test(x) ? escapeHtml(pad(x, i)) : pad(x, i))));
  const n = t.rows.length;
  for (const g of groups) {
    const keyCount = g.cols.length - g.segments.reduce((a, x) => a + x.cols.length, 0);
    let segLine = ' '.repeat(g.cols.slice(0, keyCount).reduce((a, i) => a + widths[i] + GAP.length, 0));
    for (const seg of g.segments) {
      const w = seg.cols.reduce((a, i) => a + widths[i], 0) + GAP.length * (seg.cols.length - 1);
      segLine += `${`${seg.name} `.padEnd(w, '─').slice(0, w)}${GAP}`;
    }
    const header = `${escapeHtml(segLine.trimEnd())}\n<b>${escapeHtml(g.cols.map((i) => pad(headerLabel(t, i), i)).join(GAP).trimEnd())}</b>`;
    const title = escapeHtml(`${t.title} — ${g.segments.map((x) => x.name).join(', ')}`);
    const pages = Math.max(1, Math.ceil(n / g.rowsPerPage));
    for (let p = 0; p < pages; p++) {
      const from = p * g.rowsPerPage, to = Math.min(n, from + g.rowsPerPage);
      let body = '';
      for (let r = from; r < to; r++) {
        let line = shown[g.cols[0]][r];
        for (let k = 1; k < g.cols.length; k++) line += GAP + shown[g.cols[k]][r];
        body += (r > from ? '\n' : '') + line.trimEnd();
      }
      const rows = n === 0 ? 'no positions' : `rows ${(from + 1).toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${n.toLocaleString('en-US')}`;
      yield `<section class="pp" style="font-size:${g.fontPx}px;line-height:${g.linePx}px"><h3>${title}<span>${rows}</span></h3><pre class="ph">${header}</pre><pre>${body}</pre></section>\n`;
    }
  }
}

/** Red for losses, green for gains, scaled by the largest |P&L| of the row. */
function heatColor(v: number | null, max: number): string {
  if (v === null || max === 0) return '#eeeeee';
  const a = Math.min(1, Math.abs(v) / max);
  const c = (x: number) => Math.round(255 - a * (255 - x));
  return v < 0 ? `rgb(255,${c(80)},${c(80)})` : `rgb(${c(60)},${c(170)},${c(90)})`;
}

/**
 * The heatmap as one or more SVG strips that each fit `widthPx` (the page's content width): a
 * method with many scenarios (historical VaR: hundreds of days) wraps onto further strips instead
 * of running off the page; cells narrow down to 6 px first, column labels thin out to stay legible.
 */
function heatmapSvg(h: ReportHeatmap, widthPx: number): string {
  const left = 110, right = 6, top = 46, ch = 16, n = h.scenarios.length;
  const room = Math.max(6, widthPx - left - right);
  const cw = Math.max(6, Math.min(18, Math.floor(room / Math.max(1, n))));
  const perStrip = Math.max(1, Math.floor(room / cw));
  const labelEvery = Math.ceil(10 / cw);
  const maxOf = h.rows.map((r) => Math.max(0, ...r.values.map((v) => Math.abs(v ?? 0))));
  const strips: string[] = [];
  for (let from = 0; from < Math.max(1, n); from += perStrip) {
    const to = Math.min(n, from + perStrip);
    const w = left + (to - from) * cw + right, ht = top + h.rows.length * ch + 4;
    const x = (i: number) => left + (i - from) * cw;
    let cols = '';
    for (let i = from; i < to; i++) {
      if ((i - from) % labelEvery !== 0) continue;
      const cx = x(i) + cw / 2;
      cols += `<text x="${cx}" y="${top - 6}" transform="rotate(-60 ${cx} ${top - 6})" font-size="7">${escapeHtml(`${(h.scenarios[i].move * 100).toFixed(0)}%`)}</text>`;
    }
    // each row scaled by its own largest |P&L|: groups settle in different currencies (coin, USD)
    const rows = h.rows.map((r, j) => {
      let cells = '';
      for (let i = from; i < to; i++) {
        const v = r.values[i];
        cells += `<rect x="${x(i)}" y="${top + j * ch}" width="${cw - 1}" height="${ch - 1}" fill="${heatColor(v, maxOf[j])}"><title>${escapeHtml(`${h.scenarios[i].label}: ${v ?? ''}`)}</title></rect>`;
      }
      return `<text x="${left - 4}" y="${top + j * ch + 11}" text-anchor="end" font-size="8">${escapeHtml(r.group)}</text>${cells}`;
    }).join('');
    const part = n > perStrip ? ` — scenarios ${from + 1}–${to} of ${n}` : '';
    strips.push(`<figure><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${ht}" viewBox="0 0 ${w} ${ht}">${cols}${rows}</svg>
<figcaption>${escapeHtml(`${h.methodId}${part}`)}: aggregated scenario P&amp;L per group (columns: underlying move; red loss, green gain; each row scaled to its own largest P&amp;L)</figcaption></figure>`);
  }
  return strips.join('\n');
}

/** Options of the report page. */
export interface ReportHtmlOptions {
  /** Paper the page is laid out for (the positions pages are paginated for it); default A4. */
  paper?: PaperSize;
}

/**
 * The whole report page, laid out for printing on `paper`: `@page` sets the size and margins and
 * puts "page X of Y" in the bottom margin boxes (CSS Paged Media 3 §5, Chromium 131+; Electron's
 * `printToPDF` and Playwright's `page.pdf()` honour it with `preferCSSPageSize`).
 */
export function reportHtml(report: MarginReport, options: ReportHtmlOptions = {}): string {
  return [...reportHtmlParts(report, options)].join('');
}

/** The report page of `reportHtml` in pieces (head, each positions page, tail), for a caller that hands them on as they come. */
export function* reportHtmlParts(report: MarginReport, options: ReportHtmlOptions = {}): Generator<string> {
  const paper = options.paper ?? 'A4';
  const box = contentBoxPx(paper);
  const m = PAGE_MARGIN_MM;
  const h = report.header;
  const methods = h.methods.map((x) => `<li>${escapeHtml(`${x.id} — ${x.label}, version ${x.version}, parameters ${x.parameterSet.name} ${x.parameterSet.version}`)}</li>`).join('');
  const failures = report.failures.map((f) => `<li class="failure">${escapeHtml(`${f.methodId}: ${f.error}`)}</li>`).join('');
  const [, ...sections] = report.tables; // the header table is shown as the page header
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`Margin report — ${h.portfolio}`)}</title>
<style>
  @page { size: ${paper}; margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;
    @bottom-left { content: "pmdesk margin report"; font: 8px "DejaVu Sans", sans-serif; color: #444; }
    @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8px "DejaVu Sans", sans-serif; color: #444; } }
  body { font-family: "DejaVu Sans", sans-serif; font-size: 8.5px; color: #111; margin: 0; }
  h1 { font-size: 15px; margin: 0 0 4px; } h2 { font-size: 11px; margin: 14px 0 4px; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; table-layout: auto; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  th { background: #e8ecf2; text-align: left; font-weight: 600; }
  th, td { border: 0.5px solid #b8bec8; padding: 1.5px 3px; } td { white-space: nowrap; }
  td.amount, td.usd, td.percent, td.number, th.amount, th.usd, th.percent, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .meta { color: #333; } .failure { color: #a00; } figure { margin: 6px 0; break-inside: avoid; } figcaption { font-size: 8px; color: #444; }
  @page positions { size: ${paper} ${POSITIONS_LANDSCAPE ? 'landscape' : 'portrait'}; }
  .pp { page: positions; break-before: page; width: ${contentBoxPx(paper, POSITIONS_LANDSCAPE).width.toFixed(2)}px; }
  .pp h3 { font-size: 9px; line-height: ${POS_TITLE_PX}px; height: ${POS_TITLE_PX}px; margin: 0; white-space: nowrap; overflow: hidden; }
  .pp h3 span { font-weight: normal; color: #444; margin-left: 12px; }
  .pp pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: inherit; line-height: inherit; margin: 0; }
  .pp pre.ph { color: #333; border-bottom: 0.5px solid #888; }
  .pp pre.ph b { color: #111; }
</style></head><body>
<header><h1>${escapeHtml(`Margin report — ${h.portfolio}`)}</h1>
<p class="meta">${escapeHtml(`revision ${h.revision === null ? '(file)' : h.revision} · as of ${h.asOf} · pmdesk ${h.appVersion}`)}</p>
<ul class="meta">${methods}${failures}</ul></header>
${sections.filter((t) => t.id !== 'positions').map(tableHtml).join('\n')}
${report.heatmaps.length ? `<section id="heatmap"><h2>Scenario heatmap</h2>${report.heatmaps.map((x) => heatmapSvg(x, box.width)).join('\n')}</section>` : ''}
`;
  for (const t of sections) if (t.id === 'positions') yield* positionsPages(t, paper);
  yield '</body></html>\n';
}
