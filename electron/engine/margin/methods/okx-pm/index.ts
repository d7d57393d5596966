/**
 * OKX-style portfolio margin (shared margin-methods.md §3.1): `okx-pm`. Parameters:
 * `okx-pm-params.ts` (defaults `default-params.json`, Jan-2025 values); MR1/MR6/MR2 scenarios:
 * `scenario-template.ts`; MR3/MR4/MR5/MR7 rows and the per-risk-unit composition: `okx-kernel.ts`;
 * aggregation and explanation: `run-okx-pm.ts`.
 */
import type { MarginMethod } from '../../method-contract';
import { DERIBIT_SM_ID } from '../deribit-sm/id';
import { OKX_PM_ID } from './id';
import { OKX_PM_NUMERIC_PARAMS, resolveOkxPmParams } from './okx-pm-params';
import { okxSession } from './okx-session';
import { runOkxPm } from './run-okx-pm';

/** `okx-pm`: one USD requirement per book, summed over risk units. */
export const okxPmMethod: MarginMethod = {
  id: OKX_PM_ID, label: 'OKX-style portfolio margin (USD, risk units MR1–MR7)', version: '1', role: 'portfolio', savingAgainst: DERIBIT_SM_ID,
  numericParams: OKX_PM_NUMERIC_PARAMS,
  paramsSource: 'OKX portfolio-margin tiers, Jan-2025 values, default-params.json (margin-methods.md §3.1)',
  parseParams: (json) => resolveOkxPmParams(json),
  usdDecimals: (json) => resolveOkxPmParams(json).usdDecimals,
  run: runOkxPm,
  session: okxSession,
};
