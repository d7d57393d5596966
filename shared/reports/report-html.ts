/**
 * The margin report as one self-contained HTML page (issue 12 §1): the view Chromium prints to
 * PDF and a host can show as is. Pure string building (no DOM), every text escaped, no script,
 * no external resource. Table headers are `<thead>` so print repeats them on every page; long
 * tables (positions) simply flow over pages. The heatmap is an inline SVG picture.
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

/**
 * The positions table split into one table per method (position, instrument, size, mark and greeks, then that
 * method's three columns), so a page never has to hold every method's columns at once.
 */
function positionsPerMethod(t: ReportTable): ReportTable[] {
  const base = t.columns.filter((c) => !c.key.includes(':')).length, per = 3;
  const n = (t.columns.length - base) / per;
  if (n <= 1) return [t];
  return Array.from({ length: n }, (_, m) => {
    const cols = [...Array.from({ length: base }, (_, i) => i), base + m * per, base + m * per + 1, base + m * per + 2];
    const method = t.columns[base + m * per].key.split(':')[0];
    return { id: `${t.id}-${m + 1}`, title: `${t.title} — ${method}`, columns: cols.map((i) => t.columns[i]), rows: t.rows.map((r) => cols.map((i) => r[i])) };
  });
}

/** Red for losses, green for gains, scaled by the largest |P&L| of the row. */
function heatColor(v: number | null, max: number): string {
  if (v === null || max === 0) return '#eeeeee';
  const a = Math.min(1, Math.abs(v) / max);
  const c = (x: number) => Math.round(255 - a * (255 - x));
  return v < 0 ? `rgb(255,${c(80)},${c(80)})` : `rgb(${c(60)},${c(170)},${c(90)})`;
}

function heatmapSvg(h: ReportHeatmap): string {
  const cw = 18, ch = 16, left = 110, top = 46;
  const w = left + h.scenarios.length * cw + 10, ht = top + h.rows.length * ch + 10;
  const cols = h.scenarios.map((s, i) => `<text x="${left + i * cw + cw / 2}" y="${top - 6}" transform="rotate(-60 ${left + i * cw + cw / 2} ${top - 6})" font-size="7">${escapeHtml(`${(s.move * 100).toFixed(0)}%`)}</text>`).join('');
  // each row scaled by its own largest |P&L|: groups settle in different currencies (coin, USD)
  const rows = h.rows.map((r, j, _a, max = Math.max(0, ...r.values.map((v) => Math.abs(v ?? 0)))) => `<text x="${left - 4}" y="${top + j * ch + 11}" text-anchor="end" font-size="8">${escapeHtml(r.group)}</text>${
    r.values.map((v, i) => `<rect x="${left + i * cw}" y="${top + j * ch}" width="${cw - 1}" height="${ch - 1}" fill="${heatColor(v, max)}"><title>${escapeHtml(`${h.scenarios[i].label}: ${v ?? ''}`)}</title></rect>`).join('')}`).join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${ht}" viewBox="0 0 ${w} ${ht}">${cols}${rows}</svg>
<figcaption>${escapeHtml(h.methodId)}: aggregated scenario P&amp;L per group (columns: underlying move; red loss, green gain; each row scaled to its own largest P&amp;L)</figcaption></figure>`;
}

/** The whole report page. */
export function reportHtml(report: MarginReport): string {
  const h = report.header;
  const methods = h.methods.map((m) => `<li>${escapeHtml(`${m.id} — ${m.label}, version ${m.version}, parameters ${m.parameterSet.name} ${m.parameterSet.version}`)}</li>`).join('');
  const failures = report.failures.map((f) => `<li class="failure">${escapeHtml(`${f.methodId}: ${f.error}`)}</li>`).join('');
  const [, ...sections] = report.tables; // the header table is shown as the page header
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`Margin report — ${h.portfolio}`)}</title>
<style>
  body { font-family: "DejaVu Sans", sans-serif; font-size: 8.5px; color: #111; margin: 0; }
  h1 { font-size: 15px; margin: 0 0 4px; } h2 { font-size: 11px; margin: 14px 0 4px; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; table-layout: auto; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  th { background: #e8ecf2; text-align: left; font-weight: 600; }
  th, td { border: 0.5px solid #b8bec8; padding: 1.5px 3px; } td { white-space: nowrap; }
  td.amount, td.usd, td.percent, td.number, th.amount, th.usd, th.percent, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .meta { color: #333; } .failure { color: #a00; } figure { margin: 6px 0; break-inside: avoid; } figcaption { font-size: 8px; color: #444; }
</style></head><body>
<header><h1>${escapeHtml(`Margin report — ${h.portfolio}`)}</h1>
<p class="meta">${escapeHtml(`revision ${h.revision === null ? '(file)' : h.revision} · as of ${h.asOf} · pmdesk ${h.appVersion}`)}</p>
<ul class="meta">${methods}${failures}</ul></header>
${sections.filter((t) => t.id !== 'positions').map(tableHtml).join('\n')}
${report.heatmaps.length ? `<section id="heatmap"><h2>Scenario heatmap</h2>${report.heatmaps.map(heatmapSvg).join('\n')}</section>` : ''}
${sections.filter((t) => t.id === 'positions').flatMap(positionsPerMethod).map(tableHtml).join('\n')}
</body></html>
`;
}
