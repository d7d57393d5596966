/**
 * Parse rows pasted from a spreadsheet or an exchange CSV into positions: tab-, comma- or
 * semicolon-separated; columns instrument, size[, average price[, note]]; an optional header row
 * is skipped. Every bad line is reported with its line number and reason; nothing is half-applied.
 */
import { isDecimalString } from '../../../../shared/domain/decimal-string';

/** A parsed row (without id; the caller assigns ids). */
export interface PastedPosition {
  instrument: string;
  size: string;
  averagePrice?: string;
  note?: string;
}

/** Outcome: the rows, or the problems (1-based line numbers). */
export type PasteResult = { ok: true; rows: PastedPosition[] } | { ok: false; problems: string[] };

const SYMBOL = /^[A-Z0-9][A-Z0-9_]*(-[A-Z0-9_.]+)*$/;

function splitLine(line: string): string[] {
  const sep = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  return line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** Parse pasted text. Numbers may carry thousands separators only when the separator is a tab. */
export function parsePastedPositions(text: string): PasteResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: PastedPosition[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = splitLine(line);
    const instrument = (cells[0] ?? '').toUpperCase();
    const sizeRaw = (cells[1] ?? '').replace(/(?<=\d),(?=\d{3}\b)/g, '');
    if (i === 0 && !isDecimalString(sizeRaw) && /instrument|symbol|contract/i.test(cells[0] ?? '')) return; // header
    if (!SYMBOL.test(instrument)) {
      problems.push(`line ${i + 1}: "${cells[0] ?? ''}" is not an instrument symbol`);
      return;
    }
    if (!isDecimalString(sizeRaw)) {
      problems.push(`line ${i + 1}: size "${cells[1] ?? ''}" is not a decimal number`);
      return;
    }
    const row: PastedPosition = { instrument, size: sizeRaw };
    const avg = (cells[2] ?? '').replace(/(?<=\d),(?=\d{3}\b)/g, '');
    if (avg !== '') {
      if (!isDecimalString(avg)) {
        problems.push(`line ${i + 1}: average price "${cells[2]}" is not a decimal number`);
        return;
      }
      row.averagePrice = avg;
    }
    if (cells[3]) row.note = cells.slice(3).join(' ');
    rows.push(row);
  });
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: ['nothing to paste: no rows found'] };
  return { ok: true, rows };
}
