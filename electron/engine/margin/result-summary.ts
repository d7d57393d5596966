/**
 * The figures-only form of a margin result: what the method comparison, the sweep and the other
 * methods of a working session need, without the explanation that grows with the book (scenario
 * vectors, groups, per-position contributions, account view). A method's run or session asked
 * for a summary (`MethodRunInput.summary`) may build it directly, without the explanation; it
 * must equal `summarizeMarginResult` of its full result (method-session.property.test.ts and
 * margin-session.property.test.ts check it). Pure; the figures are the run's own strings;
 * summarizing a summary gives it back.
 */
import type { CurrencyMarginResultDto, MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';

/** `result` reduced to its figures: per currency IM/MM (coin and USD), add-ons, binding scenario. */
export function summarizeMarginResult(result: MarginResultDto): MarginResultDto {
  const byCurrency: Record<string, CurrencyMarginResultDto> = {};
  for (const [ccy, c] of Object.entries(result.byCurrency)) {
    byCurrency[ccy] = {
      currency: c.currency, initialMargin: c.initialMargin, maintenanceMargin: c.maintenanceMargin,
      initialMarginUsd: c.initialMarginUsd, maintenanceMarginUsd: c.maintenanceMarginUsd, usdRate: c.usdRate,
      addOns: c.addOns, bindingScenario: c.bindingScenario, vector: [], groups: [], contributions: [], underlyings: [],
    };
  }
  return {
    method: result.method, methodVersion: result.methodVersion, parameterSet: result.parameterSet, asOf: result.asOf,
    mode: result.mode, byCurrency, totals: result.totals, summary: true, notes: result.notes,
  };
}
