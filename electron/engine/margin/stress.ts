/**
 * Named (multi-underlying) stress scenarios on a book: the P&L of every scenario of a scenario
 * set per settlement currency, by full revaluation over risk arrays (same kernel as the margin
 * methods), with each position's P&L, and a USD total converted at the shocked index, rounded by
 * `roundUsd` to `usdDecimals` (default 6, as margin results; pass the method's `usdDecimals`).
 */
import { Dec, fromFloat, toDecimalString } from '../money';
import type { StressResultDto } from '../../../shared/domain/dto/margin-result.dto';
import { parseScenarioSet } from '../scenarios/scenario-set-json';
import { shockFor, type ScenarioSet } from '../scenarios/scenario-types';
import { boundText, DECIMALS_BOUND, ParamsError } from './params';
import { floatText } from './float-text';
import { MarginInputError, parseMarginInput, type PortfolioLike } from './margin-input';
import { toMarketView } from './registry';
import { RiskArrays } from './risk-arrays';
import { RiskBook } from './risk-book';
import { DEFAULT_USD_DECIMALS, roundUsd, USD_LIKE } from './usd';

/** Run a scenario-set document (validated by `parseScenarioSet`) on a portfolio. */
export function runStress(req: { portfolio: PortfolioLike; snapshot: unknown; scenarioSet: unknown; usdDecimals?: number }): StressResultDto {
  const usdDecimals = req.usdDecimals ?? DEFAULT_USD_DECIMALS;
  const b = DECIMALS_BOUND;
  if (!Number.isInteger(usdDecimals) || usdDecimals < b.min || usdDecimals > b.max) throw new ParamsError(`usdDecimals: must be ${boundText(b)}, got ${usdDecimals}`);
  const set: ScenarioSet = parseScenarioSet(req.scenarioSet);
  const market = toMarketView(req.snapshot);
  const input = parseMarginInput(req.portfolio);
  const arrays = new RiskArrays(set, market);
  const book = new RiskBook(arrays);
  for (const p of input.positions) {
    try { book.set(p.id, p.inst, p.sizeText ?? p.size); } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const groups = book.groups();
  const positions = book.allPositions();
  const data = arrays.rawData();
  const n = arrays.nScen;
  return {
    setId: set.id, name: set.name, version: set.version, smile: set.smile,
    scenarios: set.scenarios.map((sc, s) => {
      const byCcy = new Map<string, number>();
      for (const g of groups) byCcy.set(g.settlementCurrency, (byCcy.get(g.settlementCurrency) ?? 0) + g.vector[s]);
      let usd = new Dec(0);
      const pnlByCurrency: Record<string, string> = {};
      for (const [c, v] of [...byCcy.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        pnlByCurrency[c] = floatText(v);
        const rate = USD_LIKE.has(c.toUpperCase()) ? 1 : market.index(c) * (1 + shockFor(sc, c).move);
        usd = usd.plus(fromFloat(v * rate));
      }
      return {
        id: sc.id, label: sc.label, timeShiftDays: sc.timeShiftDays ?? 0, pnlByCurrency, pnlUsd: toDecimalString(roundUsd(usd, usdDecimals)),
        positions: positions.map((p) => ({ positionId: p.id, instrument: p.inst.symbol, pnl: floatText(p.sizeF * data[p.row * n + s]) })),
      };
    }),
  };
}
