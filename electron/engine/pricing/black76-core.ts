/**
 * The one implementation of the Black-76 formulas (Black, "The pricing of commodity contracts",
 * J. Financial Economics 3 (1976) 167–179; greeks as in Haug, "The Complete Guide to Option
 * Pricing Formulas", 2nd ed. 2007, §1.1.6 and ch. 2). Both the scalar API (`black76.ts`,
 * `bsm.ts`, `inverse.ts`) and the vectorised kernel (`kernel.ts`) call these functions, so a
 * formula is written exactly once. They take plain numbers and write into caller-owned
 * `Float64Array`s: no allocation per evaluation.
 *
 *   d1 = ln(F/K)/(σ√T) + σ√T/2,  d2 = d1 − σ√T
 *   V  = D·φ·[F·N(φ·d1) − K·N(φ·d2)]     (φ = +1 call, −1 put, D = discount factor)
 *
 * Inverse (coin-settled, Deribit-style) options are valued in coin as V/F: the USD Black-76
 * value divided by the forward of the expiry, the forward being the numéraire (Lucic & Sepp,
 * Quantitative Finance 24(7) 2024; C_coin = N(d1) − K·N(d2)/F per
 * https://www.damonyuan.com/trading/251218-two-types-of-inverse-options, with D = 1 at r = 0).
 * Its forward delta simplifies exactly to ∂(V/F)/∂F = φ·D·K·N(φ·d2)/F² because F·n(d1) = K·n(d2).
 *
 * Degenerate inputs (σ√T = 0, i.e. expired or zero vol) give the discounted intrinsic value and a
 * step delta (0 at the money), matching QuantLib's BlackCalculator at stdDev = 0.
 */
import { normCdf, ONE_OVER_SQRT_2PI } from './normal-distribution';

/** Slot of the value in a greeks record written by {@link black76GreeksAt}. */
export const SLOT_VALUE = 0;
/** Slot of ∂V/∂F. */
export const SLOT_DELTA = 1;
/** Slot of ∂²V/∂F². */
export const SLOT_GAMMA = 2;
/** Slot of ∂V/∂σ per 1.00 of vol. */
export const SLOT_VEGA = 3;
/** Slot of ∂V/∂t per year of calendar time (= −∂V/∂T), forward held fixed. */
export const SLOT_THETA = 4;
/** Slot of ∂V/∂r per 1.00 of rate, forward held fixed (= −T·V). */
export const SLOT_RHO = 5;
/** Slot of ∂²V/∂F∂σ. */
export const SLOT_VANNA = 6;
/** Slot of ∂²V/∂σ² (volga, vomma). */
export const SLOT_VOLGA = 7;
/** Slot of ∂V/∂K. */
export const SLOT_STRIKE_DELTA = 8;
/** Slot of ∂²V/∂K². */
export const SLOT_STRIKE_GAMMA = 9;
/** Slot of the risk-neutral probability of finishing in the money, N(φ·d2). */
export const SLOT_ITM_PROBABILITY = 10;
/** Number of slots in a greeks record. */
export const GREEK_SLOTS = 11;

/**
 * Value and forward delta of one Black-76 option, written to `outValue[k]` and `outDelta[k]`.
 * `phi` is +1 for a call and −1 for a put; `inverse` non-zero values it in coin (÷F).
 * Hot path of the kernel: keep it branch-light and allocation-free.
 */
export function black76ValueDeltaAt(
  phi: number, forward: number, strike: number, years: number, vol: number, discount: number, inverse: number,
  outValue: Float64Array, outDelta: Float64Array, k: number,
): void {
  const sd = vol * Math.sqrt(years > 0 ? years : 0);
  let value: number, delta: number;
  if (sd > 0) {
    const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
    const nd1 = normCdf(phi * d1);
    const nd2 = normCdf(phi * (d1 - sd));
    value = discount * phi * (forward * nd1 - strike * nd2);
    delta = inverse === 0 ? discount * phi * nd1 : (discount * phi * strike * nd2) / (forward * forward);
  } else {
    const intrinsic = phi * (forward - strike);
    value = intrinsic > 0 ? discount * intrinsic : 0;
    delta = intrinsic > 0 ? (inverse === 0 ? discount * phi : (discount * phi * strike) / (forward * forward)) : 0;
  }
  outValue[k] = inverse === 0 ? value : value / forward;
  outDelta[k] = delta;
}

/**
 * Value only (same formula as {@link black76ValueDeltaAt}); for solvers and scalar callers that
 * do not want a delta.
 */
export function black76Value(phi: number, forward: number, strike: number, years: number, vol: number, discount: number): number {
  const sd = vol * Math.sqrt(years > 0 ? years : 0);
  if (sd > 0) {
    const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
    return discount * phi * (forward * normCdf(phi * d1) - strike * normCdf(phi * (d1 - sd)));
  }
  const intrinsic = phi * (forward - strike);
  return intrinsic > 0 ? discount * intrinsic : 0;
}

/**
 * Every analytic greek of one Black-76 option, written to `out[o + SLOT_*]` (see the slot
 * constants). `rate` is the continuously compounded discount rate (D = e^{−rT}); the forward is
 * held fixed for theta and rho. With `inverse` non-zero every slot is the coin-denominated value
 * V/F and its derivatives (delta, gamma, vanna differentiate the quotient; vega, theta, rho,
 * volga and strike greeks are the USD ones ÷ F since F is held fixed).
 */
export function black76GreeksAt(
  phi: number, forward: number, strike: number, years: number, vol: number, rate: number, inverse: number,
  out: Float64Array, o: number,
): void {
  const t = years > 0 ? years : 0;
  const discount = Math.exp(-rate * t);
  const sqrtT = Math.sqrt(t);
  const sd = vol * sqrtT;
  let value: number, delta: number, gamma = 0, vega = 0, vanna = 0, volga = 0, strikeGamma = 0, itm: number;
  let decay = 0; // D·F·n(d1)·σ/(2√T): the part of −∂V/∂T not due to discounting
  if (sd > 0) {
    const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const nd1 = normCdf(phi * d1);
    const nd2 = normCdf(phi * d2);
    const pdf1 = ONE_OVER_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
    value = discount * phi * (forward * nd1 - strike * nd2);
    itm = nd2;
    vega = discount * forward * pdf1 * sqrtT;
    volga = (vega * d1 * d2) / vol;
    strikeGamma = (discount * forward * pdf1) / (strike * strike * sd); // = D·n(d2)/(K·σ√T)
    decay = (discount * forward * pdf1 * vol) / (2 * sqrtT);
    if (inverse === 0) {
      delta = discount * phi * nd1;
      gamma = (discount * pdf1) / (forward * sd);
      vanna = (-discount * pdf1 * d2) / vol;
    } else {
      // V/F = D·φ·[N(φd1) − (K/F)·N(φd2)];  n(d2)·K = n(d1)·F
      delta = (discount * phi * strike * nd2) / (forward * forward);
      gamma = (discount * strike * ((forward * pdf1) / (strike * sd) - 2 * phi * nd2)) / (forward * forward * forward);
      vanna = (-discount * pdf1 * d1) / (forward * vol);
    }
  } else {
    const intrinsic = phi * (forward - strike);
    const isItm = intrinsic > 0;
    value = isItm ? discount * intrinsic : 0;
    itm = isItm ? 1 : 0;
    delta = isItm ? (inverse === 0 ? discount * phi : (discount * phi * strike) / (forward * forward)) : 0;
  }
  // Coin figures divide by F exactly as black76ValueDeltaAt does, so kernel and scalar agree bit for bit.
  const div = inverse === 0 ? 1 : forward;
  const v = value / div;
  out[o + SLOT_VALUE] = v;
  out[o + SLOT_DELTA] = delta;
  out[o + SLOT_GAMMA] = gamma;
  out[o + SLOT_VEGA] = vega / div;
  // θ = −∂V/∂T = r·V − D·F·n(d1)·σ/(2√T)  (Haug 2007 §1.1.6, Black-76 theta)
  out[o + SLOT_THETA] = rate * v - decay / div;
  out[o + SLOT_RHO] = -t * v;
  out[o + SLOT_VANNA] = vanna;
  out[o + SLOT_VOLGA] = volga / div;
  out[o + SLOT_STRIKE_DELTA] = (-phi * discount * itm) / div;
  out[o + SLOT_STRIKE_GAMMA] = strikeGamma / div;
  out[o + SLOT_ITM_PROBABILITY] = itm;
}
