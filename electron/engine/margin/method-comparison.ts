/**
 * Every method's figures side by side (issue 10 §3, `pmdesk margin --method all`): per method its
 * USD IM and MM, the add-on that binds (the largest), and for a portfolio method the saving
 * against the standard method it names (`MarginMethod.savingAgainst`): standard IM − its IM, in
 * USD, exact decimals. Knows no method by name: the roles and pairings come from the registry.
 */
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MethodComparisonRowDto } from '../../../shared/domain/dto/sweep.dto';
import { Dec, toDecimalString } from '../money';
import { marginMethod } from './registry';
import { bindingAddOn } from './sweep';

/** One method's outcome on the book: its result, or the reason it could not run. */
export type MethodOutcome = { methodId: string; ok: true; result: MarginResultDto } | { methodId: string; ok: false; error: string };

/** The comparison rows of `outcomes`, in their order. */
export function compareMethods(outcomes: readonly MethodOutcome[]): MethodComparisonRowDto[] {
  const byId = new Map(outcomes.map((o) => [o.methodId, o]));
  return outcomes.map((o) => {
    const m = marginMethod(o.methodId);
    const row: MethodComparisonRowDto = { methodId: o.methodId, label: m?.label ?? o.methodId, role: m?.role ?? 'placeholder', ok: o.ok };
    if (!o.ok) { row.error = o.error; return row; }
    row.initialMarginUsd = o.result.totals.initialMarginUsd;
    row.maintenanceMarginUsd = o.result.totals.maintenanceMarginUsd;
    row.bindingAddOn = bindingAddOn(o.result);
    if (m?.savingAgainst !== undefined) {
      row.savingAgainst = m.savingAgainst;
      const std = byId.get(m.savingAgainst);
      if (std?.ok) row.savingUsd = toDecimalString(new Dec(std.result.totals.initialMarginUsd).minus(o.result.totals.initialMarginUsd));
    }
    return row;
  });
}
