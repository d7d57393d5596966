/**
 * Marks an {@link Instrument} against a {@link MarketSnapshot}: a pricer per instrument kind
 * (house style E4, Strata's calculator table), all options through the one Black-76 core.
 *
 * Conventions (docs/pricing.md § Instrument marks):
 * - figures are per 1 unit of the instrument's `sizeUnit` (USD for inverse futures/perpetuals,
 *   coin otherwise), in `currency` = the settlement currency (coin for inverse, e.g. USDC for
 *   linear; USD for spot);
 * - options use F = snapshot.forward(underlying, expiry), σ = snapshot.vol(underlying, expiry, K),
 *   T = ACT/365 to expiry, r = snapshot.rate(settlementCurrency) (0 when absent: Deribit's r = 0);
 * - futures and perpetuals are marked at the forward (perpetual: the index); their `value` is 0
 *   because a position's value is its P&L against an entry price (see futures.ts).
 */
import type { Instrument, OptionInstrument } from '../instruments';
import type { MarketSnapshot } from '../market-data';
import { black76GreeksAt, GREEK_SLOTS, SLOT_DELTA, SLOT_GAMMA, SLOT_RHO, SLOT_THETA, SLOT_VALUE, SLOT_VEGA } from './black76-core';
import type { KernelInstruments } from './kernel';

/** The mark and risk of one instrument per 1 unit of its size, in its settlement currency. */
export interface InstrumentMark {
  symbol: string;
  kind: Instrument['kind'];
  underlying: string;
  /** Currency of `value` and the greeks. */
  currency: string;
  /** Years to expiry (ACT/365); 0 for spot and perpetuals, ≤ 0 once expired. */
  years: number;
  /** Forward used (the index for spot and perpetuals). */
  forward: number;
  /** Implied vol used (options), else `null`. */
  vol: number | null;
  /** Venue-style mark price: options in coin (inverse) or quote currency (linear); futures the forward (USD); spot the index. */
  markPrice: number;
  /** Value per 1 unit of size in `currency` (options: the premium; futures/perpetuals 0; spot: the index in USD). */
  value: number;
  /** ∂value/∂F per 1 unit of size. */
  delta: number;
  /**
   * Exposure in underlying coin per 1 unit of size: options the Black delta (linear) or Deribit
   * net delta Δ_BS − V_coin (inverse); linear futures 1; inverse futures 1/F per USD; spot 1.
   */
  deltaCoin: number;
  gamma: number;
  /** Per 1.00 of vol. */
  vega: number;
  /** ∂value/∂t per year. */
  theta: number;
  /** Per 1.00 of rate. */
  rho: number;
}

const scratch = new Float64Array(GREEK_SLOTS * 2);

function markOption(o: OptionInstrument, snap: MarketSnapshot): InstrumentMark {
  const years = snap.yearFraction(o.expiryMs);
  const forward = years > 0 ? snap.forward(o.underlying, o.expiryMs) : snap.index(o.underlying);
  const vol = years > 0 ? snap.vol(o.underlying, o.expiryMs, o.strike) : 0;
  const rate = snap.rate(o.settlementCurrency);
  const phi = o.optionType === 'call' ? 1 : -1;
  const inverse = o.settlement === 'inverse' ? 1 : 0;
  black76GreeksAt(phi, forward, o.strike, years, vol, rate, inverse, scratch, 0);
  black76GreeksAt(phi, forward, o.strike, years, vol, rate, 0, scratch, GREEK_SLOTS);
  const value = scratch[SLOT_VALUE];
  const blackDelta = scratch[GREEK_SLOTS + SLOT_DELTA];
  return {
    symbol: o.symbol, kind: 'option', underlying: o.underlying, currency: o.settlementCurrency, years, forward,
    vol: years > 0 ? vol : null, markPrice: value, value, delta: scratch[SLOT_DELTA],
    deltaCoin: inverse ? blackDelta - value : blackDelta,
    gamma: scratch[SLOT_GAMMA], vega: scratch[SLOT_VEGA], theta: scratch[SLOT_THETA], rho: scratch[SLOT_RHO],
  };
}

/**
 * Mark `instrument` against `snapshot`. Throws MarketDataError when the snapshot lacks the
 * underlying (or its vols, for a live option).
 */
export function markInstrument(instrument: Instrument, snapshot: MarketSnapshot): InstrumentMark {
  const zero = { gamma: 0, vega: 0, theta: 0, rho: 0 };
  switch (instrument.kind) {
    case 'option':
      return markOption(instrument, snapshot);
    case 'spot': {
      const index = snapshot.index(instrument.underlying);
      return {
        symbol: instrument.symbol, kind: 'spot', underlying: instrument.underlying, currency: 'USD', years: 0, forward: index, vol: null,
        markPrice: index, value: index, delta: 1, deltaCoin: 1, ...zero,
      };
    }
    case 'perpetual':
    case 'future': {
      const years = instrument.kind === 'future' ? snapshot.yearFraction(instrument.expiryMs) : 0;
      const forward = instrument.kind === 'future' ? snapshot.forward(instrument.underlying, instrument.expiryMs) : snapshot.index(instrument.underlying);
      const inverse = instrument.settlement === 'inverse';
      return {
        symbol: instrument.symbol, kind: instrument.kind, underlying: instrument.underlying, currency: instrument.settlementCurrency,
        years, forward, vol: null, markPrice: forward, value: 0,
        // Inverse: d/dF of N·(1/P0 − 1/F) per 1 USD of N is 1/F²; coin exposure 1/F. Linear: 1 per coin.
        delta: inverse ? 1 / (forward * forward) : 1, deltaCoin: inverse ? 1 / forward : 1, ...zero,
      };
    }
  }
}

/**
 * Kernel terms for a list of options against a snapshot: φ, strike, ACT/365 years, discount
 * e^{−rT} with r = snapshot.rate(settlementCurrency) (`null` when every rate is 0) and the inverse
 * flag, ready for {@link priceScenarioGrid}. Forwards and vols per scenario are the caller's.
 */
export function kernelInstrumentsFor(options: readonly OptionInstrument[], snapshot: MarketSnapshot): KernelInstruments {
  const n = options.length;
  const out: KernelInstruments = {
    count: n, phi: new Float64Array(n), strike: new Float64Array(n), years: new Float64Array(n), discount: null, inverse: new Uint8Array(n),
  };
  const discount = new Float64Array(n);
  let anyRate = false;
  options.forEach((o, i) => {
    out.phi[i] = o.optionType === 'call' ? 1 : -1;
    out.strike[i] = o.strike;
    out.years[i] = snapshot.yearFraction(o.expiryMs);
    out.inverse[i] = o.settlement === 'inverse' ? 1 : 0;
    const r = snapshot.rate(o.settlementCurrency);
    if (r !== 0) anyRate = true;
    discount[i] = Math.exp(-r * Math.max(out.years[i], 0));
  });
  if (anyRate) out.discount = discount;
  return out;
}
