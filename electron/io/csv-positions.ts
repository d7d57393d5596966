/**
 * Positions CSV parsing (papaparse) for every position format: BOM and CRLF tolerant, delimiter
 * `,` `;` or tab, header matched case-insensitively. Validates every record and reports every
 * problem; writes nothing.
 */
import Papa from 'papaparse';
import type { PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { fatalReport, MAX_IMPORT_ROWS, precheckText, type ImportIssue, type ImportReport } from './import-report';
import type { CsvRecord, PositionFormat } from './venue-formats';

/** A validated imported position (no row id yet) and the record it came from. */
export type ImportedPosition = Omit<PositionDto, 'id'> & { row: number };

/** A blank line (one empty cell), skipped wherever it is. */
const isBlank = (cells: string[]) => cells.length === 1 && cells[0].trim() === '';

/** Rows between two progress reports of a long import. */
export const PROGRESS_EVERY_ROWS = 5_000;

/**
 * Parse and validate a positions CSV in `format`. Instruments appearing twice are reported as
 * `duplicate-instrument` on the later row (venue exports hold one net row per instrument).
 * `onRows(done, total)` hears the records checked so far, every `PROGRESS_EVERY_ROWS` and at the end.
 */
export function parsePositionsCsv(text: unknown, format: PositionFormat, onRows?: (done: number, total: number) => void): ImportReport<ImportedPosition> {
  const pre = precheckText<ImportedPosition>(text);
  if (typeof pre !== 'string') return pre;
  const parsed = Papa.parse<string[]>(pre, { header: false, skipEmptyLines: false, delimitersToGuess: [',', ';', '\t'] });
  const data = parsed.data;
  const issues: ImportIssue[] = [];
  for (const e of parsed.errors) {
    if (e.code === 'UndetectableDelimiter') continue; // single-column files: fine, columns are checked below
    issues.push({ row: (e.row ?? -1) + 1, column: '', code: 'csv-syntax', message: e.message });
  }
  let headerIdx = 0;
  while (headerIdx < data.length && data[headerIdx].every((c) => c.trim() === '')) headerIdx++;
  if (headerIdx >= data.length) return fatalReport('empty-file', 'file has no header row');
  const header = data[headerIdx].map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.toLowerCase();
    if (k === '') return;
    if (index.has(k)) issues.push({ row: headerIdx + 1, column: h, code: 'duplicate-column', message: `column ${h} appears twice` });
    else index.set(k, i);
  });
  const missing = format.required.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length > 0 || issues.some((i) => i.code === 'duplicate-column')) {
    for (const c of missing) issues.push({ row: headerIdx + 1, column: c, code: 'missing-column', message: `required column ${c} is missing (${format.label})` });
    return { valid: [], issues, totalRows: Math.max(0, data.length - headerIdx - 1), skippedRows: 0, fatal: true };
  }
  // Blank lines (the newline ending the last row, which nearly every export writes) are not rows:
  // counted, they refused an export of exactly MAX_IMPORT_ROWS positions as one row too many.
  let records = 0;
  for (let r = headerIdx + 1; r < data.length; r++) if (!isBlank(data[r])) records++;
  if (records > MAX_IMPORT_ROWS) return fatalReport('too-many-rows', `${records} rows; at most ${MAX_IMPORT_ROWS} can be imported at once`);

  const valid: ImportedPosition[] = [];
  const seen = new Map<string, number>();
  let total = 0;
  let skipped = 0;
  for (let r = headerIdx + 1; r < data.length; r++) {
    if (onRows && (r - headerIdx - 1) % PROGRESS_EVERY_ROWS === 0) onRows(Math.min(r - headerIdx - 1, records), records);
    const cells = data[r];
    if (isBlank(cells)) continue;
    total++;
    const row = r + 1;
    if (cells.length !== header.length) {
      issues.push({ row, column: '', code: 'wrong-field-count', message: `${cells.length} fields, header has ${header.length}` });
      continue;
    }
    const rec: CsvRecord = {
      row,
      get(column) {
        const i = index.get(column.toLowerCase());
        return i === undefined ? undefined : cells[i];
      },
    };
    const p = format.convert(rec, issues);
    if (p === 'skip') { skipped++; continue; }
    if (p === undefined) continue;
    const first = seen.get(p.instrument);
    if (first !== undefined) {
      issues.push({ row, column: format.required[0], code: 'duplicate-instrument', message: `${p.instrument} already appears on row ${first}` });
      continue;
    }
    seen.set(p.instrument, row);
    valid.push({ ...p, row });
  }
  onRows?.(records, records);
  const syntaxFatal = issues.some((i) => i.code === 'csv-syntax' && i.row <= headerIdx + 1);
  return { valid, issues, totalRows: total, skippedRows: skipped, fatal: syntaxFatal };
}
