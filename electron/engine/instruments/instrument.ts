/** The instrument model: a discriminated union on `kind`, resolved from venue symbology. */

/** How a derivative settles: `inverse` pays in the underlying coin (USD-quoted), `linear` in the quote coin (USDC/USDT). */
export type Settlement = 'inverse' | 'linear';

/** Option right. */
export type OptionType = 'call' | 'put';

/** Hour of day (UTC) at which venue expiries (Deribit, OKX, Bybit dated contracts) settle: 08:00 UTC. */
export const VENUE_EXPIRY_HOUR_UTC = 8;

/** Fields every instrument has. */
export interface InstrumentBase {
  /** Canonical venue symbol, e.g. `BTC-27DEC26-100000-C` (what `formatInstrument` prints). */
  symbol: string;
  /** Underlying asset, e.g. `BTC`. Market data is keyed by it. */
  underlying: string;
  /** Inverse (coin-settled, USD-quoted) or linear (settled in `settlementCurrency`). */
  settlement: Settlement;
  /** Currency in which P&L and margin of the instrument are paid: the coin for inverse, e.g. `USDC` for linear. */
  settlementCurrency: string;
  /** Currency of the price and strike: `USD` for inverse contracts, the stable coin for linear ones. */
  quoteCurrency: string;
  /**
   * Unit of a position's `size` (product.md): `USD` for inverse futures and perpetuals, the
   * underlying coin for options, linear contracts and spot.
   */
  sizeUnit: string;
  /** Notional of one venue contract, in `sizeUnit` (e.g. 10 USD for BTC inverse futures, 1 BTC for BTC options). */
  contractSize: number;
}

/** A spot balance or spot pair (`BTC`, `USDC`, `BTC_USDC`). */
export interface SpotInstrument extends InstrumentBase {
  kind: 'spot';
}

/** A dated future, inverse (`BTC-27DEC26`) or linear (`BTC_USDC-27DEC26`). */
export interface FutureInstrument extends InstrumentBase {
  kind: 'future';
  /** Expiry as epoch milliseconds (08:00 UTC of the expiry date). */
  expiryMs: number;
}

/** A perpetual swap, inverse (`BTC-PERPETUAL`) or linear (`ETH_USDC-PERPETUAL`). */
export interface PerpetualInstrument extends InstrumentBase {
  kind: 'perpetual';
}

/** A European option, inverse (`BTC-27DEC26-100000-C`) or linear (`BTC_USDC-27DEC26-100000-C`). */
export interface OptionInstrument extends InstrumentBase {
  kind: 'option';
  /** Expiry as epoch milliseconds (08:00 UTC of the expiry date). */
  expiryMs: number;
  /** Strike in `quoteCurrency`, > 0. */
  strike: number;
  optionType: OptionType;
}

/** Every tradable or holdable instrument, discriminated on `kind`. */
export type Instrument = SpotInstrument | FutureInstrument | PerpetualInstrument | OptionInstrument;

/** Instruments with an expiry. */
export type DatedInstrument = FutureInstrument | OptionInstrument;

/** Whether the instrument has an expiry (`future` or `option`). */
export function isDated(instrument: Instrument): instrument is DatedInstrument {
  return instrument.kind === 'future' || instrument.kind === 'option';
}

/** A symbol that cannot be parsed; `symbol` is the input, `reason` says what is wrong (user-facing). */
export class InstrumentError extends Error {
  constructor(readonly symbol: string, readonly reason: string) {
    super(`invalid instrument ${JSON.stringify(symbol)}: ${reason}`);
    this.name = 'InstrumentError';
  }
}
