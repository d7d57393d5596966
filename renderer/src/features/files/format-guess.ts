/**
 * Guess a chosen positions file's format from its name and header row, so the Format select starts
 * on the right one. Pure (no DOM). Venue formats are told apart by the columns their exports
 * always carry (electron/io/venue-formats.ts `required`): Deribit `instrument_name` + `size`
 * (`direction`, `average_price` are optional and often absent), OKX `instId` + `pos`, Bybit
 * `symbol` + `side` + `size`. Anything else is a generic CSV to map by hand.
 */
import type { PortfolioImportRequestDto } from '../../../../shared/ipc/storage-contract';

/** Position file formats the importer understands. */
export type PositionFormat = PortfolioImportRequestDto['format'];

/** The header cells of `text`'s first non-blank line, lower-cased, split on `,` `;` or tab. */
export function headerColumns(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const line = t.slice(0, 4096).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const sep = [',', ';', '\t'].reduce((best, s) => (line.split(s).length > line.split(best).length ? s : best), ',');
  return line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());
}

/** The format a file most likely is (`generic` when no venue's columns are all there). */
export function guessPositionFormat(fileName: string, text: string): PositionFormat {
  if (fileName.toLowerCase().endsWith('.json') || /^\uFEFF?\s*[{[]/.test(text.slice(0, 64))) return 'json';
  const cols = new Set(headerColumns(text));
  const has = (...names: string[]) => names.every((n) => cols.has(n.toLowerCase()));
  if (has('instId', 'pos')) return 'okx';
  if (has('symbol', 'side', 'size')) return 'bybit';
  if (has('instrument_name', 'size')) return 'deribit';
  return 'generic';
}
