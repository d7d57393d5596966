/**
 * Venue symbology (Deribit style, https://docs.deribit.com/#public-get_instruments):
 *   spot          BTC, USDC, BTC_USDC
 *   perpetual     BTC-PERPETUAL (inverse), ETH_USDC-PERPETUAL (linear)
 *   future        BTC-27DEC26 (inverse), BTC_USDC-27DEC26 (linear)
 *   option        BTC-27DEC26-100000-C (inverse), BTC_USDC-27DEC26-100000-C (linear); a
 *                 fractional strike is written with `d` as the decimal point (XRP_USDC-30MAY25-2d2-C)
 * Expiry codes are D[D]MMMYY, 08:00 UTC. Parsing is case-insensitive; `formatInstrument`
 * prints the canonical form (upper case, day without leading zero), so
 * `formatInstrument(parseInstrument(s)) === s` for every canonical symbol.
 */
import {
  InstrumentError, VENUE_EXPIRY_HOUR_UTC, type Instrument, type OptionInstrument, type Settlement,
} from './instrument';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const ASSET = /^(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,12}$/;
const EXPIRY = /^(\d{1,2})([A-Z]{3})(\d{2})$/;
const STRIKE = /^(\d+)(?:[D.](\d+))?$/;

/**
 * Notional of one inverse future/perpetual contract in USD (Deribit: BTC 10 USD, ETH 1 USD;
 * https://www.deribit.com/kb/futures). Other underlyings default to 1 USD.
 */
export const INVERSE_FUTURE_CONTRACT_USD: Readonly<Record<string, number>> = { BTC: 10, ETH: 1 };

/** Parse an expiry code `27DEC26` to epoch ms at 08:00 UTC; throws InstrumentError naming `symbol`. */
export function parseExpiryCode(code: string, symbol = code): number {
  const m = EXPIRY.exec(code.toUpperCase());
  if (!m) throw new InstrumentError(symbol, `expiry "${code}" is not of the form DDMMMYY (e.g. 27DEC26)`);
  const day = Number(m[1]);
  const month = MONTHS.indexOf(m[2] as (typeof MONTHS)[number]);
  if (month < 0) throw new InstrumentError(symbol, `unknown month "${m[2]}" in expiry "${code}"`);
  const year = 2000 + Number(m[3]);
  const ms = Date.UTC(year, month, day, VENUE_EXPIRY_HOUR_UTC);
  if (day < 1 || new Date(ms).getUTCDate() !== day) throw new InstrumentError(symbol, `day ${day} does not exist in ${m[2]} ${year}`);
  return ms;
}

/** Format epoch ms as a venue expiry code (`27DEC26`, day without leading zero). */
export function formatExpiryCode(expiryMs: number): string {
  const d = new Date(expiryMs);
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

function parseStrike(text: string, symbol: string): number {
  const m = STRIKE.exec(text);
  if (!m) throw new InstrumentError(symbol, `strike "${text}" is not a positive number (use digits, with "d" as decimal point)`);
  const strike = Number(m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`);
  if (!(strike > 0) || !Number.isFinite(strike)) throw new InstrumentError(symbol, `strike "${text}" must be > 0`);
  return strike;
}

function formatStrike(strike: number): string {
  return String(strike).replace('.', 'd');
}

interface Head { underlying: string; quote: string | null }

function parseHead(head: string, symbol: string): Head {
  const parts = head.split('_');
  if (parts.length > 2) throw new InstrumentError(symbol, `"${head}" has more than one "_"`);
  const [underlying, quote] = parts;
  if (!ASSET.test(underlying)) throw new InstrumentError(symbol, `"${underlying}" is not an asset code (2–12 letters/digits)`);
  if (quote !== undefined && !ASSET.test(quote)) throw new InstrumentError(symbol, `"${quote}" is not a settlement currency code`);
  return { underlying, quote: quote ?? null };
}

function base(symbol: string, head: Head, kind: 'future' | 'perpetual' | 'option') {
  const settlement: Settlement = head.quote === null ? 'inverse' : 'linear';
  const settlementCurrency = head.quote ?? head.underlying;
  const quoteCurrency = head.quote ?? 'USD';
  const inverseLinearFuture = settlement === 'inverse' && kind !== 'option';
  return {
    symbol, underlying: head.underlying, settlement, settlementCurrency, quoteCurrency,
    sizeUnit: inverseLinearFuture ? 'USD' : head.underlying,
    contractSize: inverseLinearFuture ? (INVERSE_FUTURE_CONTRACT_USD[head.underlying] ?? 1) : 1,
  };
}

/**
 * Parse a venue symbol into an {@link Instrument}. Throws {@link InstrumentError} with a reason
 * naming the bad part (empty symbol, unknown suffix, bad expiry or strike, option right not C/P).
 */
export function parseInstrument(symbol: string): Instrument {
  if (typeof symbol !== 'string') throw new InstrumentError(String(symbol), 'symbol must be a string');
  const text = symbol.trim().toUpperCase();
  if (text === '') throw new InstrumentError(symbol, 'symbol is empty');
  if (/\s/.test(text)) throw new InstrumentError(symbol, 'symbol contains whitespace');
  const parts = text.split('-');
  const head = parseHead(parts[0], symbol);
  if (parts.length === 1) {
    return {
      kind: 'spot', symbol: text, underlying: head.underlying, settlement: 'linear', settlementCurrency: head.underlying,
      quoteCurrency: head.quote ?? 'USD', sizeUnit: head.underlying, contractSize: 1,
    };
  }
  if (parts.length === 2 && parts[1] === 'PERPETUAL') {
    return { kind: 'perpetual', ...base(text, head, 'perpetual') };
  }
  if (parts.length === 2) {
    if (!EXPIRY.test(parts[1])) throw new InstrumentError(symbol, `"${parts[1]}" is neither PERPETUAL nor an expiry DDMMMYY`);
    const expiryMs = parseExpiryCode(parts[1], symbol);
    const inst = { kind: 'future' as const, ...base('', head, 'future'), expiryMs };
    inst.symbol = formatInstrument(inst);
    return inst;
  }
  if (parts.length === 4) {
    const expiryMs = parseExpiryCode(parts[1], symbol);
    const strike = parseStrike(parts[2], symbol);
    if (parts[3] !== 'C' && parts[3] !== 'P') throw new InstrumentError(symbol, `option right "${parts[3]}" must be C or P`);
    const inst: OptionInstrument = {
      kind: 'option', ...base('', head, 'option'), expiryMs, strike, optionType: parts[3] === 'C' ? 'call' : 'put',
    };
    inst.symbol = formatInstrument(inst);
    return inst;
  }
  throw new InstrumentError(symbol, `expected SPOT, UNDERLYING-PERPETUAL, UNDERLYING-DDMMMYY or UNDERLYING-DDMMMYY-STRIKE-C|P, got ${parts.length} "-"-separated parts`);
}

/** The canonical venue symbol of an instrument (inverse of {@link parseInstrument}). */
export function formatInstrument(instrument: Instrument): string {
  const head = instrument.settlement === 'linear' && instrument.kind !== 'spot'
    ? `${instrument.underlying}_${instrument.settlementCurrency}`
    : instrument.underlying;
  switch (instrument.kind) {
    case 'spot':
      return instrument.quoteCurrency === 'USD' ? instrument.underlying : `${instrument.underlying}_${instrument.quoteCurrency}`;
    case 'perpetual':
      return `${head}-PERPETUAL`;
    case 'future':
      return `${head}-${formatExpiryCode(instrument.expiryMs)}`;
    case 'option':
      return `${head}-${formatExpiryCode(instrument.expiryMs)}-${formatStrike(instrument.strike)}-${instrument.optionType === 'call' ? 'C' : 'P'}`;
  }
}

/** Like {@link parseInstrument} but returns `null` instead of throwing (for bulk imports that collect errors). */
export function tryParseInstrument(symbol: string): Instrument | null {
  try {
    return parseInstrument(symbol);
  } catch (e) {
    if (e instanceof InstrumentError) return null;
    throw e;
  }
}
