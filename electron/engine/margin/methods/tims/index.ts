/**
 * TIMS/FINRA 4210(g)-style portfolio margin (shared margin-methods.md §5): `tims`. Parameters:
 * `tims-params.ts` (defaults `default-params.json`); valuation points: `scenario-template.ts`;
 * aggregation (class groups, product groups, per-contract minimum) and explanation: `run-tims.ts`.
 */
import type { MarginMethod } from '../../method-contract';
import { DERIBIT_SM_ID } from '../deribit-sm/id';
import { TIMS_ID } from './id';
import { runTims } from './run-tims';
import { timsSession } from './tims-session';
import { TIMS_NUMERIC_PARAMS, resolveTimsParams } from './tims-params';

/** `tims`: one USD requirement per book. */
export const timsMethod: MarginMethod = {
  id: TIMS_ID, label: 'TIMS/FINRA 4210(g)-style portfolio margin (USD)', version: '1', role: 'portfolio', savingAgainst: DERIBIT_SM_ID,
  numericParams: TIMS_NUMERIC_PARAMS,
  paramsSource: 'FINRA 4210(g) / OCC TIMS valuation points, default-params.json (margin-methods.md §5)',
  parseParams: (json) => resolveTimsParams(json),
  usdDecimals: (json) => resolveTimsParams(json).usdDecimals,
  run: runTims,
  session: timsSession,
};
