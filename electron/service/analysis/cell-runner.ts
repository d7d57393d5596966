/**
 * The margin heatmap's runner of one method over one book at many markets (the heatmap's cells:
 * spot and vol shifted). The book is parsed once per request, not once per cell and method. A
 * keyed table (house style E10.12) names the methods that also keep their calculator across
 * cells: the Deribit-style pair builds its calculator (rows, aggregated sizes, groups) at the
 * first cell and re-prices each instrument once at every other cell's market (`DeribitPm.atMarket`:
 * full revaluation at that market view, sizes and groups reused, `compute()` equal to a fresh
 * build's bit for bit). Any failure of that path (a cell the market cannot price, bad parameters)
 * falls back to the method's own run at that cell, which gives the same figures or the same
 * error as `runMargin` would. Methods outside the table are run afresh at each cell from the
 * parsed book (what `runMargin` does after parsing).
 */
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../engine/scenarios/market-view';
import type { MarginInput } from '../../engine/margin/margin-input';
import { MarginInputError } from '../../engine/margin/margin-input';
import { MARGIN_METHODS, marginMethod } from '../../engine/margin/registry';
import { DERIBIT_PM_MODES } from '../../engine/margin/methods/deribit-pm';
import type { DeribitPm } from '../../engine/margin/methods/deribit-pm/deribit-pm';
import { buildPm, deribitPmResult } from '../../engine/margin/methods/deribit-pm/run-deribit-pm';
import { resolveDeribitPmParams } from '../../engine/margin/methods/deribit-pm/deribit-params';

/** A method's IM/MM totals (USD decimal strings) at one cell's market. */
export type CellRun = (market: MarketView) => MarginResultDto['totals'];

type FastRunner = (input: MarginInput, params: unknown, plain: CellRun) => CellRun;

/** The Deribit-style calculator built once, re-priced at each further market. */
const deribit = (mode: 'segregated' | 'cross'): FastRunner => (input, params, plain) => {
  let base: DeribitPm | undefined;
  return (market) => {
    try {
      // As runDeribitPm: compute without marginal margin; the totals do not read the contributions.
      if (!base) { base = buildPm(market, resolveDeribitPmParams(params), input, mode); return deribitPmResult(base, base.compute({ marginal: false }), undefined, false).totals; }
      const at = base.atMarket(market);
      return deribitPmResult(at, at.compute({ marginal: false }), undefined, false).totals;
    } catch {
      return plain(market);
    }
  };
};

const FAST: Readonly<Record<string, FastRunner>> = Object.freeze(Object.fromEntries(Object.entries(DERIBIT_PM_MODES).map(([id, mode]) => [id, deribit(mode)])));

/**
 * `runMargin({ methodId, portfolio, snapshot: market, params, account: false, marginal: false }).totals`
 * for the book `input` (parsed from that portfolio, or the error its parse threw) at each market
 * it is called with.
 */
export function cellRunner(methodId: string, input: MarginInput | { error: unknown }, params: unknown): CellRun {
  const method = marginMethod(methodId);
  // runMargin's order: an unknown method first, then a book that does not parse (its error, every cell).
  const refused = !method ? new MarginInputError(`unknown margin method "${methodId}" (known: ${Object.keys(MARGIN_METHODS).join(', ')})`)
    : 'error' in input ? input.error : undefined;
  if (!method || 'error' in input) return () => { throw refused; };
  const plain: CellRun = (market) => method.run({ input, market, params, account: false, marginal: false }).totals;
  const fast = FAST[methodId];
  return fast ? fast(input, params, plain) : plain;
}
