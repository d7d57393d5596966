/**
 * Exports: portfolio JSON (docs/formats.md), positions CSV, and stored JSON documents verbatim.
 * Decimals are written as the stored text, so import(export(x)) equals x to the last digit.
 */
import Papa from 'papaparse';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import type { StoredDocument } from '../db';

/** Columns of the positions CSV export (also the generic mapping that re-imports it). */
export const POSITIONS_CSV_COLUMNS = ['id', 'instrument', 'size', 'averagePrice', 'note'] as const;

/** The portfolio file for `dto`: `{name, balances, positions}` with row ids, 2-space indented. */
export function exportPortfolioJson(dto: PortfolioDto): string {
  const file = {
    name: dto.name,
    balances: dto.balances.map((b) => ({ currency: b.currency, amount: b.amount })),
    positions: dto.positions.map((p) => {
      const o: Record<string, string> = { id: p.id, instrument: p.instrument, size: p.size };
      if (p.averagePrice !== undefined) o.averagePrice = p.averagePrice;
      if (p.note !== undefined) o.note = p.note;
      return o;
    }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Positions as CSV (header `id,instrument,size,averagePrice,note`, RFC 4180 quoting, `\n` line ends). */
export function exportPositionsCsv(dto: PortfolioDto): string {
  const rows = dto.positions.map((p) => [p.id, p.instrument, p.size, p.averagePrice ?? '', p.note ?? '']);
  return `${Papa.unparse({ fields: [...POSITIONS_CSV_COLUMNS], data: rows }, { newline: '\n', quotes: false })}\n`;
}

/** The generic column mapping that reads `exportPositionsCsv` output back. */
export const POSITIONS_CSV_MAPPING = { instrument: 'instrument', size: 'size', averagePrice: 'averagePrice', note: 'note' } as const;

/** A stored snapshot / scenario set / parameter set exactly as it was saved. */
export function exportDocumentJson(doc: StoredDocument): string {
  return doc.text;
}
