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

/** Parsed symbols (a book repeats few thousand symbols across many positions); bounded. */
const cache = new Map<string, Readonly<MarginInstrument>>();
const CACHE_LIMIT = 100_000;

/** Parse a venue symbol into a `MarginInstrument` (throws the parser's `InstrumentError`). Result is frozen and shared. */
export function resolveMarginInstrument(symbol: string): MarginInstrument {
  let i = cache.get(symbol);
  if (!i) {
    i = Object.freeze(toMarginInstrument(parseInstrument(symbol)));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(symbol, i);
  }
  return i;
}
