/**
 * The analysis channels' warm-up steps (worker/idle-warm-up.ts): the payoff chart's default
 * request — today and the next 3 expiries, 400 points — on a small synthetic book of calls and
 * puts (30 options on each of BTC and ETH, synthetic-book.ts), three times, so the dated pricing kernels
 * (`priceOptionPairTimed`, `priceOptionRowTimed`, the bulk book and its group sums) are optimised
 * before a trader's first chart. The book and market are made on the first step; nothing is kept.
 */
import { parseMarginInput, type MarginInput } from '../../engine/margin/margin-input';
import { toMarketView } from '../../engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../../engine/margin/synthetic-book';
import type { MarketView } from '../../engine/scenarios/market-view';
import { payoffCurves } from './payoff';

/** Payoff runs at idle (three were measured to bring the first real chart's time down by a quarter). */
export const PAYOFF_WARM_UP_RUNS = 3;

export function analysisWarmUpSteps(): (() => void)[] {
  let made: { market: MarketView; input: MarginInput } | undefined;
  const payoff = () => {
    if (!made) {
      // 30 options on each (the charted BTC's rows priced at every (price, date), ETH's once per date).
      const syn = syntheticMarket(['BTC', 'ETH'], 30);
      made = { market: toMarketView(syn.market), input: parseMarginInput({ name: 'warm-up', balances: [], positions: syntheticPositions(syn.options, 180) }) };
    }
    const r = payoffCurves(made.market, made.input, { marketId: 'warm-up', underlying: 'BTC', lowerMove: -0.5, upperMove: 0.5, points: 400, nextExpiries: 3 });
    if (r.curves.length !== 4) throw new Error(`payoff warm-up: ${r.curves.length} curves, not 4`);
  };
  return Array.from({ length: PAYOFF_WARM_UP_RUNS }, () => payoff);
}
