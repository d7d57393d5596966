/**
 * Position-export formats: the generic column mapping and the Deribit, OKX and Bybit exports.
 * The venue converters (symbol mapping, contract-size conversion, side rules, header detection)
 * live in shared/domain/venue-positions.ts, so a paste of the same text into the positions grid
 * reads it exactly as this importer does; here they get the importer's field checks. Venue column
 * sets follow each venue's documented position fields (Deribit `private/get_positions`, OKX
 * `GET /api/v5/account/positions`, Bybit `GET /v5/position/list`), which their account position
 * exports carry; see docs/formats.md for the exact columns and the contract-size assumptions used
 * to convert venue units into pmdesk's (product.md).
 */
import { Dec, toDecimalString } from '../engine/money';
import type { ColumnMappingDto } from '../../shared/ipc/storage-contract';
import {
  applySide, bybitPositions, deribitPositions, okxPositions, sideSign,
  type CsvRecord, type FieldChecks, type PositionFormat as SharedPositionFormat, type VenueFormatId,
} from '../../shared/domain/venue-positions';
import type { PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { checkDecimalField, checkInstrument, checkText } from './field-checks';
import type { ImportIssue } from './import-report';

export { OKX_CONTRACT_VALUES, bybitSymbol, detectVenueFormat, okxSymbol, type CsvRecord, type VenueFormatId } from '../../shared/domain/venue-positions';

/** A position-export format (shared/domain/venue-positions.ts) as the importer calls it: issues are `ImportIssue`s. */
export interface PositionFormat extends Omit<SharedPositionFormat, 'convert'> {
  /** Convert one record; pushes issues and returns undefined when invalid, `'skip'` for closed rows. */
  convert(rec: CsvRecord, issues: ImportIssue[]): Omit<PositionDto, 'id'> | 'skip' | undefined;
}

/** Where each pmdesk field comes from in a generic CSV: the contract's type (shared/ipc/storage-contract.ts). */
export type ColumnMapping = ColumnMappingDto;

function scale(s: string, factor: string | undefined): string {
  return factor === undefined || factor === '1' ? s : toDecimalString(new Dec(s).times(new Dec(factor)));
}

/** The generic format for a user's column mapping. */
export function genericFormat(m: ColumnMapping): PositionFormat {
  const optional = [m.averagePrice, m.note, m.side].filter((x): x is string => x !== undefined);
  return {
    id: 'generic',
    label: 'Generic CSV (column mapping)',
    required: [m.instrument, m.size],
    optional,
    convert(rec, issues) {
      const n = issues.length;
      const instrument = checkInstrument(issues, rec.row, m.instrument, rec.get(m.instrument));
      let size = checkDecimalField(issues, rec.row, m.size, rec.get(m.size), true);
      const averagePrice = m.averagePrice ? checkDecimalField(issues, rec.row, m.averagePrice, rec.get(m.averagePrice), false) : undefined;
      const note = m.note ? checkText(issues, rec.row, m.note, rec.get(m.note), 2000) : undefined;
      if (m.side !== undefined && size !== undefined) {
        const sign = sideSign(issues, rec.row, m.side, rec.get(m.side));
        size = sign === undefined ? undefined : applySide(issues, rec.row, m.size, size, sign);
      }
      if (issues.length > n || instrument === undefined || size === undefined) return undefined;
      const p: Omit<PositionDto, 'id'> = { instrument, size: scale(size, m.sizeMultiplier) };
      if (averagePrice !== undefined) p.averagePrice = averagePrice;
      if (note !== undefined) p.note = note;
      return p;
    },
  };
}

/** The importer's field checks (electron/io/field-checks.ts) for the shared venue converters. */
const importChecks: FieldChecks = { instrument: checkInstrument, decimal: checkDecimalField };

/** Deribit `private/get_positions` columns: `instrument_name`, signed `size` (USD for inverse futures, coin for options), `average_price`. */
export const deribitFormat: PositionFormat = deribitPositions(importChecks);

/** OKX positions export (`instId`, `pos`, `posSide`, `avgPx`); sizes converted from contracts (`OKX_CONTRACT_VALUES`, overridable). */
export function okxFormat(contractValues: Record<string, string> = {}): PositionFormat {
  return okxPositions(importChecks, contractValues);
}

/** Bybit positions export (`symbol`, `side` Buy/Sell, unsigned `size`, `avgPrice`). */
export const bybitFormat: PositionFormat = bybitPositions(importChecks);

/** Look up a built-in venue format. */
export function venueFormat(id: VenueFormatId, opts: { contractValues?: Record<string, string> } = {}): PositionFormat {
  if (id === 'deribit') return deribitFormat;
  if (id === 'okx') return okxFormat(opts.contractValues);
  return bybitFormat;
}
