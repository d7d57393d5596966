/**
 * Position-export formats: the generic column mapping and the Deribit, OKX and Bybit exports.
 * Venue column sets follow each venue's documented position fields (Deribit
 * `private/get_positions`, OKX `GET /api/v5/account/positions`, Bybit `GET /v5/position/list`),
 * which their account position exports carry; see docs/formats.md for the exact columns and the
 * contract-size assumptions used to convert venue units into pmdesk's (product.md).
 */
import { Dec, toDecimalString } from '../engine/money';
import type { PositionDto } from '../../shared/domain/dto/portfolio.dto';
import type { ColumnMappingDto } from '../../shared/ipc/storage-contract';
import { checkDecimalField, checkInstrument, checkText } from './field-checks';
import type { ImportIssue } from './import-report';

/** Where each pmdesk field comes from in a generic CSV: the contract's type (shared/ipc/storage-contract.ts). */
export type ColumnMapping = ColumnMappingDto;

/** One CSV record as column name → cell text, with its record number (header = row 1). */
export interface CsvRecord {
  row: number;
  get(column: string): string | undefined;
}

/** A position-export format: which columns it needs and how a record becomes a position. */
export interface PositionFormat {
  id: string;
  label: string;
  required: string[];
  optional: string[];
  /** Convert one record; pushes issues and returns undefined when invalid, `'skip'` for closed rows. */
  convert(rec: CsvRecord, issues: ImportIssue[]): Omit<PositionDto, 'id'> | 'skip' | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function negate(s: string): string {
  if (s.startsWith('-')) return s.slice(1);
  return `-${s.startsWith('+') ? s.slice(1) : s}`;
}

function isZero(s: string): boolean {
  return new Dec(s).isZero();
}

function scale(s: string, factor: string | undefined): string {
  return factor === undefined || factor === '1' ? s : toDecimalString(new Dec(s).times(new Dec(factor)));
}

function sideSign(issues: ImportIssue[], row: number, column: string, raw: string | undefined): 1 | -1 | 0 | undefined {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === 'buy' || v === 'long' || v === 'b' || v === '+') return 1;
  if (v === 'sell' || v === 'short' || v === 's' || v === '-') return -1;
  if (v === 'zero' || v === 'none' || v === '' || v === 'net') return 0;
  issues.push({ row, column, code: 'invalid-side', message: `side ${JSON.stringify(raw?.slice(0, 20))} is not buy/sell/long/short` });
  return undefined;
}

function applySide(issues: ImportIssue[], row: number, sizeCol: string, size: string, sign: 1 | -1 | 0): string | undefined {
  if (size.startsWith('-')) {
    issues.push({ row, column: sizeCol, code: 'invalid-side', message: 'size must be unsigned when a side column gives the direction' });
    return undefined;
  }
  return sign === -1 ? negate(size) : size.replace(/^\+/, '');
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

/** Deribit `private/get_positions` columns: `instrument_name`, signed `size` (USD for inverse futures, coin for options), `average_price`. */
export const deribitFormat: PositionFormat = {
  id: 'deribit',
  label: 'Deribit positions export',
  required: ['instrument_name', 'size'],
  optional: ['average_price', 'direction', 'kind'],
  convert(rec, issues) {
    const n = issues.length;
    const instrument = checkInstrument(issues, rec.row, 'instrument_name', rec.get('instrument_name'));
    const size = checkDecimalField(issues, rec.row, 'size', rec.get('size'), true);
    const averagePrice = checkDecimalField(issues, rec.row, 'average_price', rec.get('average_price'), false);
    const dir = rec.get('direction');
    if (dir !== undefined && dir.trim() !== '') sideSign(issues, rec.row, 'direction', dir);
    if (issues.length > n || instrument === undefined || size === undefined) return undefined;
    if (isZero(size)) return 'skip';
    const p: Omit<PositionDto, 'id'> = { instrument, size };
    if (averagePrice !== undefined) p.averagePrice = averagePrice;
    return p;
  },
};

/**
 * OKX contract values (override per import with `contractValues`): coin-margined swaps/futures
 * are USD face value per contract, USDT/USDC-margined swaps and options are base coin per contract.
 * Checked against OKX's contract specifications (https://www.okx.com/help/7053456733325 perpetual
 * swaps, https://www.okx.com/help/7053702553613 futures): BTC-USD 100 USD, BTC-USDT 0.01 BTC.
 * The others (ETH-USD 10 USD, SOL-USD, USDC-margined and option sizes) are taken from OKX's
 * instrument list (`ctVal`) as published and are an ASSUMPTION until checked against a live
 * `GET /api/v5/public/instruments` capture.
 */
export const OKX_CONTRACT_VALUES: Record<string, string> = {
  'BTC-USD': '100', 'ETH-USD': '10', 'SOL-USD': '10',
  'BTC-USDT': '0.01', 'ETH-USDT': '0.1', 'SOL-USDT': '1', 'BTC-USDC': '0.0001', 'ETH-USDC': '0.001',
  'BTC-USD-OPTION': '0.01', 'ETH-USD-OPTION': '0.1',
};

function okxDate(yymmdd: string): string | undefined {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(yymmdd);
  if (!m) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${day}${MONTHS[month - 1]}${m[1]}`;
}

/** OKX `instId` → pmdesk symbol and the contract-value key, or undefined if unsupported. */
export function okxSymbol(instId: string): { instrument: string; valueKey: string } | undefined {
  const parts = instId.split('-');
  const [base, quote] = parts;
  if (parts.length === 3 && parts[2] === 'SWAP') {
    if (quote === 'USD') return { instrument: `${base}-PERPETUAL`, valueKey: `${base}-USD` };
    if (quote === 'USDT' || quote === 'USDC') return { instrument: `${base}_${quote}-PERPETUAL`, valueKey: `${base}-${quote}` };
  }
  if (parts.length === 3 && quote === 'USD') {
    const d = okxDate(parts[2]);
    if (d) return { instrument: `${base}-${d}`, valueKey: `${base}-USD` };
  }
  if (parts.length === 5 && quote === 'USD' && (parts[4] === 'C' || parts[4] === 'P') && /^\d+(\.\d+)?$/.test(parts[3])) {
    const d = okxDate(parts[2]);
    if (d) return { instrument: `${base}-${d}-${parts[3]}-${parts[4]}`, valueKey: `${base}-USD-OPTION` };
  }
  return undefined;
}

/** OKX positions export (`instId`, `pos`, `posSide`, `avgPx`); sizes converted from contracts. */
export function okxFormat(contractValues: Record<string, string> = {}): PositionFormat {
  const values = { ...OKX_CONTRACT_VALUES, ...contractValues };
  return {
    id: 'okx',
    label: 'OKX positions export',
    required: ['instId', 'pos'],
    optional: ['posSide', 'avgPx', 'instType', 'mgnMode', 'ccy'],
    convert(rec, issues) {
      const n = issues.length;
      const instId = checkInstrument(issues, rec.row, 'instId', rec.get('instId'));
      let pos = checkDecimalField(issues, rec.row, 'pos', rec.get('pos'), true);
      const averagePrice = checkDecimalField(issues, rec.row, 'avgPx', rec.get('avgPx'), false);
      const side = (rec.get('posSide') ?? 'net').trim().toLowerCase();
      if (pos !== undefined && side !== 'net' && side !== '') {
        const sign = sideSign(issues, rec.row, 'posSide', side);
        pos = sign === undefined ? undefined : applySide(issues, rec.row, 'pos', pos, sign);
      }
      const sym = instId === undefined ? undefined : okxSymbol(instId);
      if (instId !== undefined && sym === undefined) issues.push({ row: rec.row, column: 'instId', code: 'unsupported-instrument', message: `${instId} is not an OKX swap, future or option pmdesk can map` });
      const cv = sym === undefined ? undefined : values[sym.valueKey];
      if (sym !== undefined && cv === undefined) issues.push({ row: rec.row, column: 'instId', code: 'unsupported-instrument', message: `no contract value known for ${sym.valueKey}; pass contractValues` });
      if (issues.length > n || sym === undefined || pos === undefined || cv === undefined) return undefined;
      if (isZero(pos)) return 'skip';
      const p: Omit<PositionDto, 'id'> = { instrument: sym.instrument, size: scale(pos, cv) };
      if (averagePrice !== undefined) p.averagePrice = averagePrice;
      return p;
    },
  };
}

/** Bybit `symbol` → pmdesk symbol, or undefined if unsupported. */
export function bybitSymbol(symbol: string): string | undefined {
  let m = /^([A-Z0-9]+)-(\d{1,2}[A-Z]{3}\d\d)-(\d+(?:\.\d+)?)-([CP])(?:-(USDT|USDC))?$/.exec(symbol);
  if (m) return `${m[1]}_${m[5] ?? 'USDC'}-${m[2]}-${m[3]}-${m[4]}`;
  m = /^([A-Z0-9]+)-(\d{1,2}[A-Z]{3}\d\d)$/.exec(symbol);
  if (m) return `${m[1]}_USDC-${m[2]}`;
  m = /^([A-Z0-9]+?)(USDT|USDC|PERP|USD)$/.exec(symbol);
  if (m) return m[2] === 'USD' ? `${m[1]}-PERPETUAL` : `${m[1]}_${m[2] === 'PERP' ? 'USDC' : m[2]}-PERPETUAL`;
  return undefined;
}

/**
 * Why a Bybit symbol is refused. Inverse dated futures (`BTCUSDH26`, older `BTCUSD0326`) name only
 * the month, and Bybit's settlement day is not always the month's last Friday (BTCUSD1224 settled
 * 24 Dec 2021, not the 31st; help.bybit.com "What are Bybit Futures Contracts"), so pmdesk does not
 * guess the expiry: the row is refused with the way to enter it.
 */
function bybitUnsupported(symbol: string): string {
  if (/^[A-Z0-9]+USD(?:[FGHJKMNQUVXZ]\d\d|\d{4})$/.test(symbol)) {
    return `${symbol} is a Bybit inverse dated future whose symbol does not give the settlement day; enter it as <COIN>-<DDMMMYY> (e.g. BTC-26MAR27) with the size in USD`;
  }
  return `${symbol} is not a Bybit symbol pmdesk can map`;
}

/** Bybit positions export (`symbol`, `side` Buy/Sell, unsigned `size`, `avgPrice`). */
export const bybitFormat: PositionFormat = {
  id: 'bybit',
  label: 'Bybit positions export',
  required: ['symbol', 'side', 'size'],
  optional: ['avgPrice', 'category', 'positionIdx'],
  convert(rec, issues) {
    const n = issues.length;
    const symbol = checkInstrument(issues, rec.row, 'symbol', rec.get('symbol'));
    let size = checkDecimalField(issues, rec.row, 'size', rec.get('size'), true);
    const averagePrice = checkDecimalField(issues, rec.row, 'avgPrice', rec.get('avgPrice'), false);
    const sign = sideSign(issues, rec.row, 'side', rec.get('side'));
    if (size !== undefined && sign !== undefined) size = applySide(issues, rec.row, 'size', size, sign);
    if (size !== undefined && sign === 0 && !isZero(size)) issues.push({ row: rec.row, column: 'side', code: 'invalid-side', message: 'an open position needs side Buy or Sell' });
    const instrument = symbol === undefined ? undefined : bybitSymbol(symbol);
    if (symbol !== undefined && instrument === undefined) issues.push({ row: rec.row, column: 'symbol', code: 'unsupported-instrument', message: bybitUnsupported(symbol) });
    if (issues.length > n || instrument === undefined || size === undefined) return undefined;
    if (isZero(size) || sign === 0) return 'skip';
    const p: Omit<PositionDto, 'id'> = { instrument, size };
    if (averagePrice !== undefined && !isZero(averagePrice)) p.averagePrice = averagePrice;
    return p;
  },
};

/** The built-in venue format ids. */
export type VenueFormatId = 'deribit' | 'okx' | 'bybit';

/** Look up a built-in venue format. */
export function venueFormat(id: VenueFormatId, opts: { contractValues?: Record<string, string> } = {}): PositionFormat {
  if (id === 'deribit') return deribitFormat;
  if (id === 'okx') return okxFormat(opts.contractValues);
  return bybitFormat;
}
