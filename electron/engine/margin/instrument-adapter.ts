/** Adapter from the engine's `Instrument` (electron/engine/instruments) to `MarginInstrument`. */
import { parseInstrument, type Instrument } from '../instruments';
import type { MarginInstrument } from './margin-instrument';

/** The margin view of a parsed instrument (same fields; expiry/strike only where they exist). */
export function toMarginInstrument(i: Instrument): MarginInstrument {
  const base = { symbol: i.symbol, underlying: i.underlying, settlement: i.settlement, settlementCurrency: i.settlementCurrency };
  switch (i.kind) {
    case 'spot': return { ...base, kind: 'spot' };
    case 'perpetual': return { ...base, kind: 'perpetual' };
    case 'future': return { ...base, kind: 'future', expiryMs: i.expiryMs };
    case 'option': return { ...base, kind: 'option', expiryMs: i.expiryMs, strike: i.strike, optionType: i.optionType };
  }
}

/** Parse a venue symbol into a `MarginInstrument` (throws the parser's `InstrumentError`). */
export function resolveMarginInstrument(symbol: string): MarginInstrument {
  return toMarginInstrument(parseInstrument(symbol));
}
