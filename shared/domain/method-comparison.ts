/**
 * Every method's figures side by side (issue 10 §3; `pmdesk margin --method all`, `margin:run`'s
 * `comparison`, the app's Compare view): per method its USD IM and MM, the add-on that binds, and
 * for a portfolio method the saving against the standard method it names (`savingAgainst` in the
 * registry): standard IM − its IM, USD, exact decimals. Pure and shared, so the engine and the
 * renderer give the same rows from the same outcomes; knows no method by name (the roles and
 * pairings come from the method list it is given). shared/ holds no decimal library: the exact
 * subtraction is the caller's (the engine's money module, the renderer's decimal format).
 */
import type { MarginResultDto } from './dto/margin-result.dto';
import type { MethodOutcomeDto } from './dto/margin-run.dto';
import type { MethodComparisonRowDto } from './dto/sweep.dto';

/** Exact `a − b` of two decimal strings, as canonical decimal text. */
export type DecimalMinus = (a: string, b: string) => string;

/** What the comparison needs to know of a method (the registry's list entry, or app:info's). */
export interface ComparedMethod { id: string; label: string; role: MethodComparisonRowDto['role']; savingAgainst?: string }

/** The add-on that binds: the largest in USD, summed over the result's currencies (null if none is positive). */
export function bindingAddOn(r: MarginResultDto): string | null {
  const usd = new Map<string, number>();
  for (const c of Object.values(r.byCurrency)) {
    for (const [k, v] of Object.entries(c.addOns)) usd.set(k, (usd.get(k) ?? 0) + Number(v) * c.usdRate);
  }
  let best: string | null = null, max = 0;
  for (const [k, v] of usd) if (v > max) { max = v; best = k; }
  return best;
}

/** The comparison rows of `outcomes`, in their order; `method(id)` tells each method's label, role and pairing. */
export function comparisonRows(outcomes: readonly MethodOutcomeDto[], method: (id: string) => ComparedMethod | undefined, minus: DecimalMinus): MethodComparisonRowDto[] {
  const byId = new Map(outcomes.map((o) => [o.methodId, o]));
  return outcomes.map((o) => {
    const m = method(o.methodId);
    const row: MethodComparisonRowDto = { methodId: o.methodId, label: m?.label ?? o.methodId, role: m?.role ?? 'placeholder', ok: o.ok };
    if (!o.ok) { row.error = o.error; return row; }
    row.initialMarginUsd = o.result.totals.initialMarginUsd;
    row.maintenanceMarginUsd = o.result.totals.maintenanceMarginUsd;
    row.bindingAddOn = bindingAddOn(o.result);
    if (m?.savingAgainst !== undefined) {
      row.savingAgainst = m.savingAgainst;
      const std = byId.get(m.savingAgainst);
      if (std?.ok) row.savingUsd = minus(std.result.totals.initialMarginUsd, o.result.totals.initialMarginUsd);
    }
    return row;
  });
}
