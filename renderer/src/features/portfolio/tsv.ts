/**
 * Clipboard text: parse what Excel, Google Sheets and LibreOffice put on the clipboard (TSV,
 * cells with tabs, quotes or newlines quoted "…" with "" for a quote) or an exchange CSV (comma or
 * semicolon), and format a block of cells as TSV the same way. Parsing is papaparse (already the
 * import's CSV reader), so quoting follows RFC 4180.
 */
import Papa from 'papaparse';

/** One parsed line: its 1-based line number in the pasted text and its cells. */
export interface ClipLine {
  line: number;
  cells: string[];
}

/** A number shown with thousands separators (`-60,000`, `(1,234.5)`): a spreadsheet cell, not a CSV line. */
const NUMBER_CELL = /^\s*[+-]?\(?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\)?\s*$/;

/**
 * The separator of pasted text: a tab anywhere wins (spreadsheets), then a one-column copy whose
 * every line is a number, some with thousands separators (one column of a sheet: no tab to split on),
 * else `;` or `,` by count on the first line.
 */
export function detectDelimiter(text: string): '\t' | ',' | ';' {
  if (text.includes('\t')) return '\t';
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.some((l) => l.includes(',')) && lines.every((l) => NUMBER_CELL.test(l))) return '\t';
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const semis = (first.match(/;/g) ?? []).length;
  const commas = (first.match(/,/g) ?? []).length;
  return semis > commas ? ';' : ',';
}

/** Parse pasted text into lines of cells (blank lines dropped, BOM removed, cells trimmed). */
export function parseClipboard(text: string): ClipLine[] {
  const clean = text.replace(/^\uFEFF/, '').replace(/(\r?\n)+$/, '');
  if (clean.trim() === '') return [];
  const delimiter = detectDelimiter(clean);
  const parsed = Papa.parse<string[]>(clean, { delimiter, header: false, skipEmptyLines: false, quoteChar: '"' });
  const out: ClipLine[] = [];
  // Line numbers count the physical lines of the text (a quoted newline spans two).
  let line = 1;
  for (const row of parsed.data) {
    const here = line;
    line += row.reduce((n, c) => n + (c.match(/\n/g) ?? []).length, 0) + 1;
    if (row.every((c) => c.trim() === '')) continue;
    out.push({ line: here, cells: row.map((c) => c.trim()) });
  }
  return out;
}

/** One cell for TSV: quoted when it holds a tab, newline or quote (as spreadsheets do). */
function tsvCell(s: string): string {
  return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A block of cells as TSV (rows joined by CRLF-free `\n`, as browsers put text on the clipboard). */
export function formatTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(tsvCell).join('\t')).join('\n');
}
