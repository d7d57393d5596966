/** A risk-array book of a parsed portfolio over a scenario set (the margin methods' kernel). */
import type { MarketView } from '../../engine/scenarios/market-view';
import type { ScenarioSet } from '../../engine/scenarios/scenario-types';
import { MarginInputError, type MarginInput } from '../../engine/margin/margin-input';
import type { MarginInstrument } from '../../engine/margin/margin-instrument';
import { RiskArrays } from '../../engine/margin/risk-arrays';
import { RiskBook } from '../../engine/margin/risk-book';

/** How the book is valued: per settlement currency, or every group in USD (with coin collateral rows). */
export interface BookValuation {
  currency: 'settlement' | 'usd';
  collateralRows?: (ccy: string) => boolean;
}

/** Price every position of `input` under every scenario of `set`. */
export function bookOver(set: ScenarioSet, market: MarketView, input: MarginInput, how: BookValuation): { book: RiskBook; arrays: RiskArrays } {
  // Sized for every instrument up front (one row each): no regrowth of the scenario × row array.
  const instruments = new Set<string>();
  for (const p of input.positions) instruments.add(p.inst.symbol);
  const arrays = new RiskArrays(set, market, how.currency, instruments.size + input.balances.size);
  const book = new RiskBook(arrays);
  const usd = how.currency === 'usd';
  const asGroup = (inst: MarginInstrument): MarginInstrument => (usd ? { ...inst, groupCurrency: 'USD' } : inst);
  for (const p of input.positions) {
    try { book.set(p.id, asGroup(p.inst), p.sizeText ?? p.size); } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (how.collateralRows) {
    for (const [ccy, amt] of input.balances) {
      if (amt.isZero() || !how.collateralRows(ccy)) continue;
      const inst: MarginInstrument = { symbol: ccy, kind: 'spot', underlying: ccy, settlement: 'linear', settlementCurrency: ccy };
      book.set(`balance:${ccy}`, asGroup(inst), amt);
    }
  }
  return { book, arrays };
}
