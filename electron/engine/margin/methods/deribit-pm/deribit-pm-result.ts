/**
 * The `deribit-pm` / `deribit-pm-cross` result DTO of a computed calculator, shared by
 * `runDeribitPm` (run-deribit-pm.ts, which adds the account view) and the service's incremental
 * sessions (electron/service/margin-session.ts): one assembly, so both give the same JSON.
 */
import { Dec, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, MarginResultDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import type { DeribitPm, PmResult } from './deribit-pm';
import { explainPm, summaryPm } from './deribit-pm-explain';
import { summarizeMarginResult } from '../../result-summary';
import { currencyParams, USD_LIKE, type DeribitPmParams } from './deribit-params';
import { DERIBIT_PM_CROSS_ID, DERIBIT_PM_ID } from './id';

/** Cross-mode equity in USD: Σ equity_c · USD rate · (1 − haircut_c) (§2.10 haircuts). */
export function crossEquityOf(m: MarketView, byCcy: Map<string, number>, params: DeribitPmParams): Map<string, number> {
  let usd = 0;
  for (const [c, e] of byCcy) {
    const rate = USD_LIKE.has(c) || c === 'USD' ? 1 : m.index(c);
    usd += e * rate * (1 - currencyParams(params, c).haircut);
  }
  return new Map([['USD', usd]]);
}

/** Margins per currency of a result as floats (the account view's inputs). */
export function marginNumbers(r: PmResult): Map<string, { im: number; mm: number }> {
  const out = new Map<string, { im: number; mm: number }>();
  for (const c of r.currencies) out.set(c.currency, { im: c.im.toNumber(), mm: c.mm.toNumber() });
  return out;
}

/**
 * The result DTO of `pm` computed as `r` (explanation, totals, notes; no account view). With
 * `contributions` false the per-position lists are empty (read `pmContributionColumns` instead).
 */
export function deribitPmResultDto(pm: DeribitPm, r: PmResult, contributions = true): MarginResultDto {
  return resultOf(pm, explainPm(pm, r, pm.params.pmdesk.usdDecimals, contributions));
}

/**
 * The figures-only DTO of `pm` computed as `r`: `summarizeMarginResult(deribitPmResultDto(pm, r))`
 * (result-summary.ts), built from the computed figures without the explanation (O(groups)).
 */
export function deribitPmSummaryDto(pm: DeribitPm, r: PmResult): MarginResultDto {
  return summarizeMarginResult(resultOf(pm, summaryPm(r, pm.params.pmdesk.usdDecimals)));
}

function resultOf(pm: DeribitPm, byCurrency: Record<string, CurrencyMarginResultDto>): MarginResultDto {
  const { params, mode } = pm;
  let imUsd = new Dec(0), mmUsd = new Dec(0);
  for (const c of Object.values(byCurrency)) { imUsd = imUsd.plus(c.initialMarginUsd); mmUsd = mmUsd.plus(c.maintenanceMarginUsd); }
  return {
    method: mode === 'cross' ? DERIBIT_PM_CROSS_ID : DERIBIT_PM_ID,
    methodVersion: '2024',
    parameterSet: { name: params.name, version: params.version },
    asOf: new Date(pm.market.asOfMs).toISOString(),
    mode,
    byCurrency,
    totals: { initialMarginUsd: toDecimalString(imUsd), maintenanceMarginUsd: toDecimalString(mmUsd) },
    notes: [
      'IM = worst case + roll shock + delta shock; MM = mm_factor × IM (margin-methods.md §2.8).',
      'Vector order: 9 buckets from −range to +range × vol (up, same, down), then the extended table (vol up).',
      ...(mode === 'cross' ? ['Cross mode: all groups in USD; coin balances counted as spot rows; equity haircut per currency.'] : []),
    ],
  };
}
