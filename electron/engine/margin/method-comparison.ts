/**
 * Every method's figures side by side (issue 10 §3, `pmdesk margin --method all`): the shared
 * comparison (shared/domain/method-comparison.ts) over the registry's methods, so the CLI, the
 * service's `margin:run` and the app's Compare view give the same rows.
 */
import type { MethodComparisonRowDto } from '../../../shared/domain/dto/sweep.dto';
import { comparisonRows } from '../../../shared/domain/method-comparison';
import type { MethodOutcomeDto } from '../../../shared/domain/dto/margin-run.dto';
import { Dec, toDecimalString } from '../money';
import { marginMethod } from './registry';

/** One method's outcome on the book: its result, or the reason it could not run. */
export type MethodOutcome = MethodOutcomeDto;

/** The comparison rows of `outcomes`, in their order. */
export function compareMethods(outcomes: readonly MethodOutcome[]): MethodComparisonRowDto[] {
  return comparisonRows(outcomes, (id) => marginMethod(id), (a, b) => toDecimalString(new Dec(a).minus(b)));
}
