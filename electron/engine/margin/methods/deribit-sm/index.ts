/**
 * Deribit-style standard margin (margin-methods.md §2.13): per-position requirements, no
 * scenarios. Parameters and formulas: `deribit-sm.ts` (defaults: Deribit's 2022-01 published
 * rates); aggregation and explanation: `run-deribit-sm.ts`.
 */
import type { MarginMethod } from '../../method-contract';
import { DERIBIT_SM_NUMERIC_PARAMS, resolveDeribitSmParams } from './deribit-sm';
import { DERIBIT_SM_ID } from './id';
import { deribitSmSession } from './deribit-sm-session';
import { runDeribitSm } from './run-deribit-sm';

/** `deribit-sm`: the standard-margin baseline portfolio methods are compared against. */
export const deribitSmMethod: MarginMethod = {
  id: DERIBIT_SM_ID, label: 'Deribit-style standard margin', version: '2022-01', role: 'standard',
  numericParams: DERIBIT_SM_NUMERIC_PARAMS,
  paramsSource: 'Deribit published standard-margin rates, 2022-01 (margin-methods.md §2.13)',
  parseParams: (json) => resolveDeribitSmParams(json),
  usdDecimals: (json) => resolveDeribitSmParams(json).usdDecimals,
  run: runDeribitSm,
  session: deribitSmSession,
};
