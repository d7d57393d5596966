/**
 * Inverse (coin-settled) European options, Deribit style: strike in USD, 1 contract = 1 coin of
 * notional, premium and settlement in coin.
 *
 * Valuation (margin-methods.md §6.1): V_coin = V_usd(F, K, σ, T) / F with F the forward of the
 * expiry (Deribit uses r = 0 and the instrument's `underlying_price`), i.e.
 * C_coin = N(d1) − K·N(d2)/F (https://www.damonyuan.com/trading/251218-two-types-of-inverse-options).
 * Net delta (Deribit `delta_total` convention, margin-methods.md §6.1): Δ_net = Δ_BS − V_coin,
 * which equals F·∂V_coin/∂F — the coin-P&L delta per 1.00 relative move of the forward.
 * Settlement (https://testapp.deribit.com/pages/docs/options): call max(D − K, 0)/D, put
 * max(K − D, 0)/D coin per contract, D the delivery price.
 */
import { black76GreeksAt, GREEK_SLOTS, SLOT_DELTA, SLOT_VALUE } from './black76-core';
import { checkBlackArgs, readGreeks, type Black76Input, type Black76Result } from './black76';
import { optionSign, requireOptionType, requirePositive, type OptionType } from './pricing-types';

/** Inputs of an inverse option: as Black-76 (USD forward and strike), result in coin. */
export type InverseInput = Black76Input;

/** Coin value and coin greeks (w.r.t. the USD forward), plus USD figures and Deribit net delta. */
export interface InverseResult extends Black76Result {
  /** Δ_BS − V_coin: Deribit-style net delta in coin per 1 coin of notional. */
  netDelta: number;
  /** Black-76 delta D·φ·N(φ·d1) (the "BS delta" Deribit displays). */
  blackDelta: number;
  /** USD value V_usd = V_coin·F. */
  valueUsd: number;
}

const scratch = new Float64Array(GREEK_SLOTS * 2);

/**
 * Coin value and analytic greeks of an inverse option. `delta` is ∂V_coin/∂F (coin per USD),
 * `gamma` ∂²V_coin/∂F², vega/theta/rho in coin with the forward held fixed.
 */
export function inverseOption(input: InverseInput): InverseResult {
  const type = requireOptionType(input.type);
  const a = checkBlackArgs(input);
  const phi = optionSign(type);
  black76GreeksAt(phi, a.forward, a.strike, a.years, a.vol, a.rate, 1, scratch, 0);
  black76GreeksAt(phi, a.forward, a.strike, a.years, a.vol, a.rate, 0, scratch, GREEK_SLOTS);
  const g = readGreeks(scratch);
  const blackDelta = scratch[GREEK_SLOTS + SLOT_DELTA];
  return { ...g, netDelta: blackDelta - g.value, blackDelta, valueUsd: scratch[GREEK_SLOTS + SLOT_VALUE] };
}

/** Coin paid per contract at expiry for delivery price `deliveryPrice` (USD): max(φ(D − K), 0)/D. */
export function inverseSettlement(type: OptionType, strike: number, deliveryPrice: number): number {
  const phi = optionSign(requireOptionType(type));
  requirePositive('strike', strike);
  requirePositive('deliveryPrice', deliveryPrice);
  return Math.max(phi * (deliveryPrice - strike), 0) / deliveryPrice;
}
