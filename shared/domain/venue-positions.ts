/**
 * Venue position exports (Deribit, OKX, Bybit) read the same way everywhere: the importer
 * (electron/io/venue-formats.ts, `pmdesk import`, the Files panel) and a paste of the same text into
 * the positions grid (renderer/src/features/portfolio/grid-edits.ts). Pure: no DOM, no Node, no
 * decimal.js (shared/ rule), so the contract-size scaling is exact decimal-string arithmetic on
 * BigInt here.
 *
 * Venue column sets follow each venue's documented position fields (Deribit
 * `private/get_positions`, OKX `GET /api/v5/account/positions`, Bybit `GET /v5/position/list`),
 * which their account position exports carry; docs/formats.md lists the columns, the symbol
 * mapping and the contract-size assumptions (product.md).
 *
 * Field checks (decimal syntax and magnitude, symbol syntax) are passed in: the importer uses its
 * own (electron/io/field-checks.ts); `syntaxFieldChecks` below is the same rule set for code that
 * cannot reach electron/ (the renderer).
 */
import { isDecimalString } from './decimal-string';

// ------------------------------------------------------------------ issues and checks

/** Codes the venue converters and field checks report (a subset of the importer's `ImportIssueCode`). */
export type VenueIssueCode = 'required' | 'wrong-type' | 'invalid-decimal' | 'out-of-range' | 'invalid-instrument' | 'unsupported-instrument' | 'invalid-side';

/** One problem of one record: `row` is the record number (header = row 1), `column` the file's column name. */
export interface VenueIssue {
  row: number;
  column: string;
  code: VenueIssueCode;
  message: string;
}

/** Where issues go: the importer's `ImportIssue[]` or any list of `VenueIssue`. */
export interface IssueSink {
  push(issue: VenueIssue): number;
  readonly length: number;
}

/** Field checks: each returns the trimmed value or pushes a named issue and returns undefined. */
export interface FieldChecks {
  instrument(issues: IssueSink, row: number, column: string, raw: unknown): string | undefined;
  decimal(issues: IssueSink, row: number, column: string, raw: unknown, required: boolean): string | undefined;
}

/** Accepted instrument symbol characters (venue symbology plus `_`, `.`, `:`, `/`). */
export const INSTRUMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/;

/** Largest accepted input magnitude, as the engine's `MAX_INPUT_MAGNITUDE` (electron/engine/money/decimal.ts): 1e15. */
const MAX_MAGNITUDE_EXP = 15;

/** Digits and decimal places of a decimal string: value = sign × digits × 10^-places (places may be negative). */
function splitDecimal(s: string): { negative: boolean; digits: bigint; places: number } {
  const t = s.trim();
  const negative = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const [mant, exp] = body.split(/[eE]/);
  const [int, frac = ''] = mant.split('.');
  return { negative, digits: BigInt(`${int}${frac}` || '0'), places: frac.length - Number(exp ?? '0') };
}

/** Whether |s| > 1e15 (exact; `s` a decimal string). */
export function aboveMaxMagnitude(s: string): boolean {
  const { digits, places } = splitDecimal(s);
  if (digits === 0n) return false;
  // |x| = digits × 10^-places > 10^15  ⇔  digits > 10^(15 + places)
  const e = MAX_MAGNITUDE_EXP + places;
  if (e < 0) return true;
  return digits > 10n ** BigInt(e);
}

/** Whether the decimal string is zero (`0`, `-0.00`, `0e5`). */
export function isZeroDecimal(s: string): boolean {
  return splitDecimal(s).digits === 0n;
}

/**
 * Exact product of two decimal strings, written as decimal.js's `toFixed()` writes it (the
 * importer's `toDecimalString`): no exponent, no trailing fractional zeros, `0` for zero.
 */
export function multiplyDecimal(a: string, b: string): string {
  const x = splitDecimal(a);
  const y = splitDecimal(b);
  const digits = x.digits * y.digits;
  if (digits === 0n) return '0';
  let places = x.places + y.places;
  let text = digits.toString();
  if (places < 0) { text += '0'.repeat(-places); places = 0; }
  if (places > 0) {
    text = text.padStart(places + 1, '0');
    const int = text.slice(0, text.length - places);
    const frac = text.slice(text.length - places).replace(/0+$/, '');
    text = frac === '' ? int : `${int}.${frac}`;
  }
  return x.negative !== y.negative ? `-${text}` : text;
}

/** `s × factor`, `s` itself when the factor is absent or 1. */
export function scaleDecimal(s: string, factor: string | undefined): string {
  return factor === undefined || factor === '1' ? s : multiplyDecimal(s, factor);
}

/**
 * The importer's field rules without electron/: a decimal is the syntax of `isDecimalString`
 * with |x| ≤ 1e15 (electron/db/decimal-check.ts `decimalProblem`: same codes, same reasons); a
 * symbol matches `INSTRUMENT_PATTERN` (electron/io/field-checks.ts `checkInstrument`).
 */
export const syntaxFieldChecks: FieldChecks = {
  instrument(issues, row, column, raw) {
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      issues.push({ row, column, code: 'required', message: `${column} is empty` });
      return undefined;
    }
    if (typeof raw !== 'string') { issues.push({ row, column, code: 'wrong-type', message: `${column} must be text` }); return undefined; }
    const s = raw.trim();
    if (!INSTRUMENT_PATTERN.test(s)) {
      issues.push({ row, column, code: 'invalid-instrument', message: `${JSON.stringify(s.slice(0, 40))} is not an instrument symbol` });
      return undefined;
    }
    return s;
  },
  decimal(issues, row, column, raw, required) {
    const v = typeof raw === 'string' ? raw.trim() : raw;
    if (v === undefined || v === null || v === '') {
      if (required) issues.push({ row, column, code: 'required', message: `${column} is empty` });
      return undefined;
    }
    if (typeof v !== 'string') { issues.push({ row, column, code: 'wrong-type', message: `${column} must be a decimal string` }); return undefined; }
    if (!isDecimalString(v)) { issues.push({ row, column, code: 'invalid-decimal', message: `${column} ${JSON.stringify(v.slice(0, 40))}: not a decimal number` }); return undefined; }
    if (aboveMaxMagnitude(v)) { issues.push({ row, column, code: 'out-of-range', message: `${column} ${JSON.stringify(v.slice(0, 40))}: magnitude above 1e15` }); return undefined; }
    return v;
  },
};

// ------------------------------------------------------------------ formats

/** One CSV record as column name → cell text, with its record number (header = row 1). */
export interface CsvRecord {
  row: number;
  get(column: string): string | undefined;
}

/** A converted position (no row id yet). */
export interface VenuePosition {
  instrument: string;
  size: string;
  averagePrice?: string;
  note?: string;
}

/** A position-export format: which columns it needs and how a record becomes a position. */
export interface PositionFormat {
  id: string;
  label: string;
  required: string[];
  optional: string[];
  /** Convert one record; pushes issues and returns undefined when invalid, `'skip'` for closed rows. */
  convert(rec: CsvRecord, issues: IssueSink): VenuePosition | 'skip' | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function negate(s: string): string {
  if (s.startsWith('-')) return s.slice(1);
  return `-${s.startsWith('+') ? s.slice(1) : s}`;
}

/** A side column's sign: 1 buy/long, -1 sell/short, 0 flat (`zero`, `none`, empty, OKX `net`). */
export function sideSign(issues: IssueSink, row: number, column: string, raw: string | undefined): 1 | -1 | 0 | undefined {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === 'buy' || v === 'long' || v === 'b' || v === '+') return 1;
  if (v === 'sell' || v === 'short' || v === 's' || v === '-') return -1;
  if (v === 'zero' || v === 'none' || v === '' || v === 'net') return 0;
  issues.push({ row, column, code: 'invalid-side', message: `side ${JSON.stringify(raw?.slice(0, 20))} is not buy/sell/long/short` });
  return undefined;
}

/** An unsigned size with the side's sign applied (a signed size next to a side column is refused). */
export function applySide(issues: IssueSink, row: number, sizeCol: string, size: string, sign: 1 | -1 | 0): string | undefined {
  if (size.startsWith('-')) {
    issues.push({ row, column: sizeCol, code: 'invalid-side', message: 'size must be unsigned when a side column gives the direction' });
    return undefined;
  }
  return sign === -1 ? negate(size) : size.replace(/^\+/, '');
}

/** Deribit `private/get_positions` columns: `instrument_name`, signed `size` (USD for inverse futures, coin for options), `average_price`. */
export function deribitPositions(checks: FieldChecks): PositionFormat {
  return {
    id: 'deribit',
    label: 'Deribit positions export',
    required: ['instrument_name', 'size'],
    optional: ['average_price', 'direction', 'kind'],
    convert(rec, issues) {
      const n = issues.length;
      const instrument = checks.instrument(issues, rec.row, 'instrument_name', rec.get('instrument_name'));
      const size = checks.decimal(issues, rec.row, 'size', rec.get('size'), true);
      const averagePrice = checks.decimal(issues, rec.row, 'average_price', rec.get('average_price'), false);
      const dir = rec.get('direction');
      if (dir !== undefined && dir.trim() !== '') sideSign(issues, rec.row, 'direction', dir);
      if (issues.length > n || instrument === undefined || size === undefined) return undefined;
      if (isZeroDecimal(size)) return 'skip';
      const p: VenuePosition = { instrument, size };
      if (averagePrice !== undefined) p.averagePrice = averagePrice;
      return p;
    },
  };
}

/**
 * OKX contract values (override per import with `contractValues`): coin-margined swaps/futures
 * are USD face value per contract, USDT/USDC-margined swaps and options are base coin per contract.
 * Checked against OKX's contract specifications (https://www.okx.com/help/7053456733325 perpetual
 * swaps, https://www.okx.com/help/7053702553613 futures): BTC-USD 100 USD, BTC-USDT 0.01 BTC.
 * The others (ETH-USD 10 USD, SOL-USD, USDC-margined and option sizes) are taken from OKX's
 * instrument list (`ctVal`) as published and are an ASSUMPTION until checked against a live
 * `GET /api/v5/public/instruments` capture.
 */
export const OKX_CONTRACT_VALUES: Readonly<Record<string, string>> = {
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
export function okxPositions(checks: FieldChecks, contractValues: Record<string, string> = {}): PositionFormat {
  const values: Record<string, string> = { ...OKX_CONTRACT_VALUES, ...contractValues };
  return {
    id: 'okx',
    label: 'OKX positions export',
    required: ['instId', 'pos'],
    optional: ['posSide', 'avgPx', 'instType', 'mgnMode', 'ccy'],
    convert(rec, issues) {
      const n = issues.length;
      const instId = checks.instrument(issues, rec.row, 'instId', rec.get('instId'));
      let pos = checks.decimal(issues, rec.row, 'pos', rec.get('pos'), true);
      const averagePrice = checks.decimal(issues, rec.row, 'avgPx', rec.get('avgPx'), false);
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
      if (isZeroDecimal(pos)) return 'skip';
      const p: VenuePosition = { instrument: sym.instrument, size: scaleDecimal(pos, cv) };
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
export function bybitPositions(checks: FieldChecks): PositionFormat {
  return {
    id: 'bybit',
    label: 'Bybit positions export',
    required: ['symbol', 'side', 'size'],
    optional: ['avgPrice', 'category', 'positionIdx'],
    convert(rec, issues) {
      const n = issues.length;
      const symbol = checks.instrument(issues, rec.row, 'symbol', rec.get('symbol'));
      let size = checks.decimal(issues, rec.row, 'size', rec.get('size'), true);
      const averagePrice = checks.decimal(issues, rec.row, 'avgPrice', rec.get('avgPrice'), false);
      const sign = sideSign(issues, rec.row, 'side', rec.get('side'));
      if (size !== undefined && sign !== undefined) size = applySide(issues, rec.row, 'size', size, sign);
      if (size !== undefined && sign === 0 && !isZeroDecimal(size)) issues.push({ row: rec.row, column: 'side', code: 'invalid-side', message: 'an open position needs side Buy or Sell' });
      const instrument = symbol === undefined ? undefined : bybitSymbol(symbol);
      if (symbol !== undefined && instrument === undefined) issues.push({ row: rec.row, column: 'symbol', code: 'unsupported-instrument', message: bybitUnsupported(symbol) });
      if (issues.length > n || instrument === undefined || size === undefined) return undefined;
      if (isZeroDecimal(size) || sign === 0) return 'skip';
      const p: VenuePosition = { instrument, size };
      if (averagePrice !== undefined && !isZeroDecimal(averagePrice)) p.averagePrice = averagePrice;
      return p;
    },
  };
}

/** The built-in venue format ids. */
export type VenueFormatId = 'deribit' | 'okx' | 'bybit';

/** A built-in venue format with the given field checks. */
export function venuePositions(id: VenueFormatId, checks: FieldChecks, opts: { contractValues?: Record<string, string> } = {}): PositionFormat {
  if (id === 'deribit') return deribitPositions(checks);
  if (id === 'okx') return okxPositions(checks, opts.contractValues);
  return bybitPositions(checks);
}

// ------------------------------------------------------------------ header detection

/** Columns only Bybit's position list carries (`GET /v5/position/list`), beside `symbol`, `side`, `size`. */
const BYBIT_ONLY = ['category', 'positionidx', 'avgprice', 'positionvalue'];

/**
 * The venue export a header row is (case-insensitive), or undefined. Each venue is told apart by
 * the columns its export always carries (its format's `required`): OKX `instId` + `pos`, Deribit
 * `instrument_name` + `size`. Bybit's `symbol`, `side`, `size` are also what a hand-made sheet
 * calls its columns, and reading such a sheet as Bybit would map pmdesk's own symbols as Bybit's,
 * so Bybit also needs one column only its export has (`category`, `positionIdx`, `avgPrice`,
 * `positionValue`).
 */
export function detectVenueFormat(header: readonly string[]): VenueFormatId | undefined {
  const h = new Set(header.map((c) => c.trim().toLowerCase()));
  if (h.has('instid') && h.has('pos')) return 'okx';
  if (h.has('instrument_name') && h.has('size')) return 'deribit';
  if (h.has('symbol') && h.has('side') && h.has('size') && BYBIT_ONLY.some((c) => h.has(c))) return 'bybit';
  return undefined;
}
