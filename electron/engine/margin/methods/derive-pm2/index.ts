/**
 * Derive PMRM_2-style portfolio margin (shared margin-methods.md §3.4; derivexyz/v2-core
 * `src/risk-managers/PMRMLib_2.sol`, commit 7736900d): `derive-pm2`. Parameters:
 * `derive-pm2-params.ts` (the v2-core test files' `Parameters` block; defaults
 * `default-params.json`); scenarios: the parameter set's `Scenarios` (23 regular, tail with
 * dampening, 2 skew); aggregation: `pm2-kernel.ts`; book mapping and explanation:
 * `run-derive-pm2.ts`; incremental session: `derive-pm2-session.ts`.
 */
import type { MarginMethod } from '../../method-contract';
import { DERIBIT_SM_ID } from '../deribit-sm/id';
import { DERIVE_PM2_NUMERIC_PARAMS, resolveDerivePm2Params } from './derive-pm2-params';
import { DERIVE_PM2_ID } from './id';
import { runDerivePm2 } from './run-derive-pm2';
import { derivePm2Session } from './derive-pm2-session';

/** `derive-pm2`: one USD margin per book, the sum of its underlyings' PMRM_2 requirements. */
export const derivePm2Method: MarginMethod = {
  id: DERIVE_PM2_ID, label: 'Derive-style portfolio margin (PMRM_2, USD)', version: '2.0', role: 'portfolio', savingAgainst: DERIBIT_SM_ID,
  numericParams: DERIVE_PM2_NUMERIC_PARAMS,
  paramsSource: 'derivexyz/v2-core PMRMLib_2 test Parameters, commit 7736900d (margin-methods.md §3.4)',
  parseParams: (json) => resolveDerivePm2Params(json),
  usdDecimals: (json) => resolveDerivePm2Params(json).pmdesk.usdDecimals,
  run: runDerivePm2,
  session: derivePm2Session,
};
