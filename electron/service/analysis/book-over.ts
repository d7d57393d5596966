/** A risk-array book of a parsed portfolio over a scenario set (the margin methods' kernel). */
import type { MarketView } from '../../engine/scenarios/market-view';
import type { ScenarioSet } from '../../engine/scenarios/scenario-types';
import { idsUnique, MarginInputError, type MarginInput } from '../../engine/margin/margin-input';
import type { MarginInstrument } from '../../engine/margin/margin-instrument';
import { RiskArrays } from '../../engine/margin/risk-arrays';
import { RiskBook } from '../../engine/margin/risk-book';

/** How the book is valued: per settlement currency, or every group in USD (with coin collateral rows). */
export interface BookValuation {
  currency: 'settlement' | 'usd';
  collateralRows?: (ccy: string) => boolean;
}

/**
 * Price every position of `input` under every scenario of `set`. As the margin methods build
 * theirs (usd-instruments.ts `usdBookBulk`, run-hvar.ts): each distinct instrument priced once up
 * front with `ensureAll`, which prices a call and a put on the same expiry, strike, forward and vol
 * together (one normal CDF pass for both: the same bits as each alone), then the positions
 * appended in input order (`addNew` when their ids are known unique, as a parsed input's are).
 */
export function bookOver(set: ScenarioSet, market: MarketView, input: MarginInput, how: BookValuation): { book: RiskBook; arrays: RiskArrays } {
  const usd = how.currency === 'usd';
  // One instrument per symbol (in USD, its copy grouped in USD), in order of first appearance.
  const bySymbol = new Map<string, MarginInstrument>();
  const insts: MarginInstrument[] = new Array(input.positions.length);
  input.positions.forEach((p, i) => {
    let inst = bySymbol.get(p.inst.symbol);
    if (!inst) { inst = usd ? { ...p.inst, groupCurrency: 'USD' } : p.inst; bySymbol.set(p.inst.symbol, inst); }
    insts[i] = inst;
  });
  // Sized for every instrument up front (one row each): no regrowth of the scenario × row array.
  const arrays = new RiskArrays(set, market, how.currency, bySymbol.size + input.balances.size);
  // An instrument that cannot be priced is named below, by the first position on it; should
  // pricing fail in a way no position meets again, that failure is not swallowed (after the loop).
  let unpriced: unknown;
  try { arrays.ensureAll([...bySymbol.values()]); } catch (e) { unpriced = e; }
  const book = new RiskBook(arrays);
  const unique = idsUnique(input.positions);
  if (unique) book.reserve(input.positions.length);
  input.positions.forEach((p, i) => {
    try {
      if (unique) book.addNew(p.id, insts[i], p.sizeText ?? p.size, p.sizeText);
      else book.set(p.id, insts[i], p.sizeText ?? p.size);
    } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  if (unpriced !== undefined) throw unpriced;
  if (how.collateralRows) {
    for (const [ccy, amt] of input.balances) {
      if (amt.isZero() || !how.collateralRows(ccy)) continue;
      const inst: MarginInstrument = { symbol: ccy, kind: 'spot', underlying: ccy, settlement: 'linear', settlementCurrency: ccy };
      book.set(`balance:${ccy}`, usd ? { ...inst, groupCurrency: 'USD' } : inst, amt);
    }
  }
  return { book, arrays };
}
