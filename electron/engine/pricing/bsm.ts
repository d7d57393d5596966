/**
 * Black-Scholes-Merton with a continuous carry (dividend) yield, computed through the one
 * Black-76 core with F = S·e^{(r−q)T} and D = e^{−rT} (Merton 1973; Haug 2007 §1.1.6, the
 * generalised BSM with cost of carry b = r − q). Spot greeks follow by the chain rule:
 *   Δ_S = Δ_F·e^{(r−q)T},  Γ_S = Γ_F·e^{2(r−q)T},
 *   θ_S = θ_F − Δ_F·F·(r − q),  ρ_S = −T·V + Δ_F·F·T,  ∂V/∂q = −Δ_F·F·T.
 * These reproduce Haug's closed forms (e.g. ρ_call = T·K·e^{−rT}·N(d2)).
 */
import { black76GreeksAt, GREEK_SLOTS, SLOT_DELTA } from './black76-core';
import { readGreeks, type Black76Result } from './black76';
import {
  optionSign, requireFinite, requireNonNegative, requireOptionType, requirePositive, type OptionGreeks, type OptionType,
} from './pricing-types';

/** Inputs of a BSM valuation on spot. Rates and yields are continuous decimals. */
export interface BsmInput {
  type: OptionType;
  /** Spot price, > 0. */
  spot: number;
  strike: number;
  /** Years to expiry, ≥ 0. */
  expiryYears: number;
  vol: number;
  /** Risk-free rate r; default 0. */
  rate?: number;
  /** Continuous dividend / carry yield q; default 0. */
  dividendYield?: number;
}

/** BSM value and spot greeks, plus dividend rho, elasticity and the implied forward. */
export interface BsmResult extends OptionGreeks {
  /** ∂V/∂q per 1.00 of yield. */
  dividendRho: number;
  /** Δ·S/V (Haug's elasticity / lambda); NaN when V = 0. */
  elasticity: number;
  /** ∂V/∂σ∂S. */
  vanna: number;
  volga: number;
  strikeDelta: number;
  strikeGamma: number;
  itmProbability: number;
  /** The forward S·e^{(r−q)T} used. */
  forward: number;
}

const scratch = new Float64Array(GREEK_SLOTS);

/** BSM value and analytic spot greeks (delta ∂V/∂S, theta ∂V/∂t per year with S fixed, rho per 1.00). */
export function bsm(input: BsmInput): BsmResult {
  const type = requireOptionType(input.type);
  const spot = requirePositive('spot', input.spot);
  const strike = requirePositive('strike', input.strike);
  const years = requireNonNegative('expiryYears', input.expiryYears);
  const vol = requireNonNegative('vol', input.vol);
  const r = requireFinite('rate', input.rate);
  const q = requireFinite('dividendYield', input.dividendYield);
  const growth = Math.exp((r - q) * years);
  const forward = spot * growth;
  black76GreeksAt(optionSign(type), forward, strike, years, vol, r, 0, scratch, 0);
  const g: Black76Result = readGreeks(scratch);
  const deltaF = scratch[SLOT_DELTA];
  const delta = deltaF * growth;
  return {
    value: g.value,
    delta,
    gamma: g.gamma * growth * growth,
    vega: g.vega,
    theta: g.theta - deltaF * forward * (r - q),
    rho: g.rho + deltaF * forward * years,
    dividendRho: -deltaF * forward * years,
    elasticity: g.value !== 0 ? (delta * spot) / g.value : Number.NaN,
    vanna: g.vanna * growth,
    volga: g.volga,
    strikeDelta: g.strikeDelta,
    strikeGamma: g.strikeGamma,
    itmProbability: g.itmProbability,
    forward,
  };
}
