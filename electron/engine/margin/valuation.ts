/**
 * Unit valuation in the settlement currency (margin-methods.md §2.9, §6.1): the value of one
 * unit of size (USD for inverse futures/perpetuals, coin for options, linear contracts, spot).
 * P&L of a scenario = value(shocked) − value(base): full revaluation, never greeks.
 */
import type { ShockedInputs } from '../scenarios/shock-inputs';
import type { MarginInstrument } from './margin-instrument';
import { black76Delta, black76Value } from './pricing-adapter';

/**
 * Value of one unit of `inst` under `x`, in its settlement currency.
 * - inverse future/perpetual (per 1 USD): `−1/P`, so P&L = `1/P0 − 1/P1` (§2.9, validated §2.8);
 * - linear future (per coin): `P`;
 * - inverse option (per coin): Black-76 USD value ÷ forward (§6.1, Deribit r = 0);
 * - linear option: Black-76 USD value;
 * - spot (per coin): 1 when held in its own coin, else the index.
 * Expired legs settle at intrinsic against the (shocked) index; inverse ones in coin at that index.
 */
export function unitValue(inst: MarginInstrument, x: ShockedInputs): number {
  switch (inst.kind) {
    case 'spot':
      return inst.settlementCurrency === inst.underlying ? 1 : x.index;
    case 'perpetual': {
      const p = x.index;
      return inst.settlement === 'inverse' ? -1 / p : p;
    }
    case 'future': {
      const p = x.expired ? x.index : x.forward;
      return inst.settlement === 'inverse' ? -1 / p : p;
    }
    case 'option': {
      const isCall = inst.optionType === 'call';
      const k = inst.strike as number;
      if (x.expired) {
        const s = x.index;
        const intrinsic = isCall ? Math.max(s - k, 0) : Math.max(k - s, 0);
        return inst.settlement === 'inverse' ? intrinsic / s : intrinsic;
      }
      const v = black76Value(isCall, x.forward, k, x.vol, x.years);
      return inst.settlement === 'inverse' ? v / x.forward : v;
    }
  }
}

/**
 * Coin delta of one unit (for roll and delta shocks, not for risk arrays): inverse future per USD
 * `1/P`; linear future 1; inverse option Deribit net delta `Δ_BS − V_coin` (§2.9 `delta_total`);
 * linear option `Δ_BS`; spot 0 (collateral, not a traded delta).
 */
export function unitDelta(inst: MarginInstrument, x: ShockedInputs): number {
  switch (inst.kind) {
    case 'spot':
      return 0;
    case 'perpetual':
      return inst.settlement === 'inverse' ? 1 / x.index : 1;
    case 'future':
      return inst.settlement === 'inverse' ? 1 / (x.expired ? x.index : x.forward) : 1;
    case 'option': {
      const isCall = inst.optionType === 'call';
      const k = inst.strike as number;
      const d = black76Delta(isCall, x.forward, k, x.vol, x.expired ? 0 : x.years);
      return inst.settlement === 'inverse' ? d - unitValue(inst, x) : d;
    }
  }
}

/** Whether the settlement currency is a coin (inverse) or USD-like (linear). */
export function isCoinSettled(inst: MarginInstrument): boolean {
  return inst.settlement === 'inverse';
}
