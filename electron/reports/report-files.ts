/**
 * Report writers that need Node-side libraries: XLSX (exceljs, docs/architecture.md says why),
 * the CSV tables zipped (fflate), and the PDF (Chromium printing the one HTML report view).
 */
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import type { MarginReport, ReportColumnKind } from '../../shared/reports/margin-report';
import { reportTableCsv } from '../../shared/reports/margin-report';
import { reportHtmlParts, type PaperSize } from '../../shared/reports/report-html';

/** Excel number format per column kind. */
export const XLSX_FORMATS: Record<Exclude<ReportColumnKind, 'text'>, string> = {
  amount: '#,##0.00########',
  usd: '#,##0.00',
  percent: '0.00%',
  number: '#,##0.########',
};

/**
 * The report as an XLSX workbook: one sheet per section, header row frozen and bold, numeric
 * columns as number cells (never text) with a number format, autofilter on every sheet (the
 * positions sheet included). Decimal strings become IEEE doubles in the cells (Excel has no
 * other numeric type); the exact strings are in the CSV and JSON reports.
 */
export async function reportXlsx(report: MarginReport, onSheet?: (index: number, count: number, title: string) => void): Promise<Buffer> {
  // The streaming writer: rows are committed as they are added (a 20,000-row sheet is not kept
  // as cell objects), the bytes gathered from its output stream.
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  // exceljs is loaded by the first XLSX only (other formats never load it), and by the writer's
  // own module: the package's main entry also loads its reader, CSV and document model (~3x the
  // load time). `exceljs-workbook-writer.d.ts` types it; report-xlsx.test.ts checks it is the class
  // `ExcelJS.stream.xlsx.WorkbookWriter`.
  const { default: WorkbookWriter } = await import('exceljs/lib/stream/xlsx/workbook-writer.js');
  const wb = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = `pmdesk ${report.header.appVersion}`;
  wb.created = new Date(report.header.asOf || 0);
  for (const [index, t] of report.tables.entries()) {
    onSheet?.(index, report.tables.length, t.title);
    const ws = wb.addWorksheet(t.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    // One style object per column, given to every cell of the column: exceljs resolves a cell's
    // style through a WeakMap keyed by the style object, so a shared object is resolved once per
    // column instead of once per cell (its per-cell copy cost ~0.9 s on the 20k positions sheet,
    // issue 12). Same styles, same style ids.
    const styles = t.columns.map((c): Partial<ExcelJS.Style> => (c.kind === 'text' ? {} : { numFmt: XLSX_FORMATS[c.kind] }));
    ws.columns = t.columns.map((c, i) => ({
      header: c.label, key: c.key,
      width: Math.min(48, Math.max(10, c.label.length + 2)),
      style: styles[i],
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    const text = t.columns.map((c) => c.kind === 'text');
    for (const r of t.rows) {
      const row = ws.addRow(r.map((v, i) => {
        if (v === null) return null;
        return text[i] ? String(v) : Number(v);
      }));
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i];
      row.commit();
    }
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}

/** Fixed zip entry time (determinism: the same report gives the same bytes). */
const ZIP_TIME = new Date(Date.UTC(2000, 0, 1));

/** Every table as its own CSV file (`<id>.csv`), zipped. */
export function reportCsvZip(report: MarginReport, onTable?: (index: number, count: number, title: string) => void): Uint8Array {
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [index, t] of report.tables.entries()) {
    onTable?.(index, report.tables.length, t.title);
    files[`${t.id}.csv`] = [strToU8(reportTableCsv(t)), { mtime: ZIP_TIME }];
  }
  return zipSync(files, { level: 6 });
}

export type { PaperSize };

/**
 * The Chromium that prints PDFs: `PMDESK_CHROMIUM`, else Debian's binary itself
 * (/usr/lib/chromium/chromium: its /usr/bin/chromium is a shell wrapper that reads
 * /etc/chromium.d first, ~0.2 s per start measured), else /usr/bin/chromium.
 */
export function chromiumPath(): string {
  return process.env.PMDESK_CHROMIUM ?? (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');
}

/**
 * The report as PDF: the HTML report view laid out for `paper` (shared/reports/report-html.ts:
 * `@page` size, margins and "page X of Y" margin boxes; the positions section pre-paginated with
 * its header on every page), printed by headless Chromium (Playwright driving the system's
 * Chromium, `PMDESK_CHROMIUM` or /usr/bin/chromium) with the page's own CSS size.
 */
export async function reportPdf(report: MarginReport, paper: PaperSize = 'A4'): Promise<Buffer> {
  const { chromium } = await import('@playwright/test');
  // Chromium starts up while the page is built (a 20,000-position page takes a few hundred ms):
  // the builder yields to the event loop every few pages so the launch can go on.
  const launching = chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  let html: string;
  try {
    const parts: string[] = [];
    for (const part of reportHtmlParts(report, { paper })) {
      if (parts.push(part) % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    html = parts.join('');
  } catch (e) {
    await launching.then((b) => b.close(), () => undefined);
    throw e;
  }
  const browser = await launching;
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: paper, preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}

/**
 * An HTML report view (already laid out for `paper`, `reportHtml`) printed to PDF by headless
 * Chromium, as `reportPdf` does: the report job's path (the view is built in the job's thread,
 * which the service can terminate; Chromium is a child process of the service's own thread, so
 * Cancel aborts `signal` and Chromium is closed mid-print).
 */
export async function htmlToPdf(html: string, paper: PaperSize = 'A4', signal?: AbortSignal): Promise<Buffer> {
  const { chromium } = await import('@playwright/test');
  signal?.throwIfAborted();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  // Aborted (the job's Cancel): Chromium is closed at once, which fails the print under way.
  const abort = () => void browser.close();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    signal?.throwIfAborted();
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: paper, preferCSSPageSize: true, printBackground: true });
  } finally {
    signal?.removeEventListener('abort', abort);
    await browser.close();
  }
}
