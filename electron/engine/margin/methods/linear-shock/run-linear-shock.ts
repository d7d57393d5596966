/**
 * `linear-shock` — a placeholder method, named as such: worst loss of a ±10 % move of every
 * underlying on delta-one positions (futures, perpetuals), per settlement currency. Options are
 * ignored. Kept for comparison with the issue-2 skeleton; use a portfolio method for real figures.
 */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, MarginResultDto } from '../../../../../shared/domain/dto/margin-result.dto';
import { linearShockScenarioSet } from './scenario-template';
import { groupKey } from '../../margin-instrument';
import { RiskArrays } from '../../risk-arrays';
import { RiskBook } from '../../risk-book';
import type { MethodRunInput } from '../../method-contract';
import type { MarginInput, MarginPosition } from '../../margin-input';
import type { MarketView } from '../../../scenarios/market-view';
import { reusableBuild } from '../../scenario-reuse';
import { LINEAR_SHOCK_ID } from './id';
import { DEFAULT_USD_DECIMALS, roundUsd, USD_LIKE } from '../../usd';

/** The `reusableBuild` key of the placeholder's book (one fixed scenario set). */
export const LINEAR_SHOCK_BUILD_KEY = 'linear-shock ±10%';

/** Whether a position enters the placeholder's book (delta-one only). */
export function linearShockEnters(p: MarginPosition): boolean {
  return p.inst.kind === 'future' || p.inst.kind === 'perpetual';
}

/** The placeholder's book of `input` at `market`: its delta-one positions over the ±10 % set. */
export function fillLinearShock(market: MarketView, input: MarginInput): RiskBook {
  const book = new RiskBook(new RiskArrays(linearShockScenarioSet(0.1), market));
  for (const p of input.positions) if (linearShockEnters(p)) book.set(p.id, p.inst, p.size);
  return book;
}

/** Run the placeholder. IM = MM = worst loss. */
export function runLinearShock(req: MethodRunInput): MarginResultDto {
  // An incremental session (linear-shock-session.ts) hands in the book it keeps for this input.
  const book = reusableBuild(LINEAR_SHOCK_BUILD_KEY, req.market, req.input, () => fillLinearShock(req.market, req.input));
  const byCurrency: Record<string, CurrencyMarginResultDto> = {};
  let tot = new Dec(0);
  const perCcy = new Map<string, number>();
  for (const g of book.groups()) perCcy.set(g.settlementCurrency, (perCcy.get(g.settlementCurrency) ?? 0) + Math.max(0, ...Array.from(g.vector, (v) => -v)));
  for (const [ccy, worst] of perCcy) {
    const dp = USD_LIKE.has(ccy) ? DEFAULT_USD_DECIMALS : 9;
    const im = roundHalfEven(fromFloat(worst), dp);
    const rate = USD_LIKE.has(ccy) ? 1 : req.market.index(ccy);
    const usd = roundUsd(im.times(fromFloat(rate)), DEFAULT_USD_DECIMALS);
    tot = tot.plus(usd);
    byCurrency[ccy] = {
      currency: ccy, initialMargin: toDecimalString(im), maintenanceMargin: toDecimalString(im),
      initialMarginUsd: toDecimalString(usd), maintenanceMarginUsd: toDecimalString(usd), usdRate: rate,
      addOns: { worstCase: toDecimalString(im) }, bindingScenario: null, vector: [], groups: [],
      contributions: req.summary ? [] : book.allPositions().filter((p) => groupKey(p.inst).startsWith(`${ccy}_`)).map((p) => ({
        positionId: p.id, instrument: p.inst.symbol, size: p.sizeText, group: groupKey(p.inst), pnlInBinding: '0', marginalInitialMargin: '0',
      })),
      underlyings: [],
    };
  }
  return {
    method: LINEAR_SHOCK_ID, methodVersion: '1', parameterSet: { name: 'placeholder ±10 %', version: '1' },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'segregated', byCurrency,
    totals: { initialMarginUsd: toDecimalString(tot), maintenanceMarginUsd: toDecimalString(tot) },
    notes: ['Placeholder method: worst loss of a ±10 % move on delta-one positions; options ignored.'],
  };
}
