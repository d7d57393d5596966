/**
 * Scalar Black-76 pricing on the forward (Black 1976; Haug 2007 §1.1.6): value and full analytic
 * greeks of a European option on a forward/future, discounted at a continuous rate.
 */
import {
  black76GreeksAt, black76Value, GREEK_SLOTS, SLOT_DELTA, SLOT_GAMMA, SLOT_ITM_PROBABILITY, SLOT_RHO, SLOT_STRIKE_DELTA,
  SLOT_STRIKE_GAMMA, SLOT_THETA, SLOT_VALUE, SLOT_VANNA, SLOT_VEGA, SLOT_VOLGA,
} from './black76-core';
import {
  optionSign, requireFinite, requireNonNegative, requireOptionType, requirePositive, type OptionGreeks, type OptionType,
} from './pricing-types';

/** Inputs of a Black-76 valuation. Rates are decimals (0.05 = 5 %), vol annualised (0.6 = 60 %). */
export interface Black76Input {
  type: OptionType;
  /** Forward (futures) price of the expiry, > 0. */
  forward: number;
  /** Strike, > 0, same currency as the forward. */
  strike: number;
  /** Time to expiry in years (ACT/365 from epoch ms elsewhere in the engine), ≥ 0. */
  expiryYears: number;
  /** Annualised lognormal implied volatility, ≥ 0. */
  vol: number;
  /** Continuously compounded discount rate; default 0 (Deribit convention). */
  rate?: number;
}

/** Black-76 value and greeks: the six of {@link OptionGreeks} plus second-order and strike greeks. */
export interface Black76Result extends OptionGreeks {
  /** ∂²V/∂F∂σ. */
  vanna: number;
  /** ∂²V/∂σ². */
  volga: number;
  /** ∂V/∂K (dual delta). */
  strikeDelta: number;
  /** ∂²V/∂K² (dual gamma). */
  strikeGamma: number;
  /** Risk-neutral probability of expiring in the money, N(φ·d2). */
  itmProbability: number;
}

const scratch = new Float64Array(GREEK_SLOTS);

/** Validated numeric arguments shared by the scalar models. */
export function checkBlackArgs(input: { forward: number; strike: number; expiryYears: number; vol: number; rate?: number }, forwardField = 'forward') {
  return {
    forward: requirePositive(forwardField, input.forward),
    strike: requirePositive('strike', input.strike),
    years: requireNonNegative('expiryYears', input.expiryYears),
    vol: requireNonNegative('vol', input.vol),
    rate: requireFinite('rate', input.rate),
  };
}

/** Reads a greeks record written by the core into a result object. */
export function readGreeks(buf: Float64Array): Black76Result {
  return {
    value: buf[SLOT_VALUE], delta: buf[SLOT_DELTA], gamma: buf[SLOT_GAMMA], vega: buf[SLOT_VEGA], theta: buf[SLOT_THETA],
    rho: buf[SLOT_RHO], vanna: buf[SLOT_VANNA], volga: buf[SLOT_VOLGA], strikeDelta: buf[SLOT_STRIKE_DELTA],
    strikeGamma: buf[SLOT_STRIKE_GAMMA], itmProbability: buf[SLOT_ITM_PROBABILITY],
  };
}

/**
 * Black-76 value and analytic greeks of a European option on the forward. Delta and gamma are
 * with respect to the forward; theta is ∂V/∂t per year with the forward held fixed
 * (θ = r·V − D·F·n(d1)·σ/(2√T)); rho holds the forward fixed, so ρ = −T·V.
 * Throws {@link PricingError} on a non-positive forward/strike or negative time/vol.
 */
export function black76(input: Black76Input): Black76Result {
  const type = requireOptionType(input.type);
  const a = checkBlackArgs(input);
  black76GreeksAt(optionSign(type), a.forward, a.strike, a.years, a.vol, a.rate, 0, scratch, 0);
  return readGreeks(scratch);
}

/** Black-76 value only, D·φ·[F·N(φd1) − K·N(φd2)]. */
export function black76Price(input: Black76Input): number {
  const type = requireOptionType(input.type);
  const a = checkBlackArgs(input);
  return black76Value(optionSign(type), a.forward, a.strike, a.years, a.vol, Math.exp(-a.rate * a.years));
}
