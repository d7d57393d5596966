/**
 * Historical VaR / expected shortfall (docs/margin-methods.md 5e): `hvar`. Parameters:
 * `hvar-params.ts` (defaults `default-params.json`, history `synthetic-history.json` unless the
 * parameter set brings one); price-history CSV reader: `price-history-csv.ts`; scenarios (joint
 * h-day returns, optional vol scaling): `scenario-template.ts`; VaR / ES conventions:
 * `tail-measures.ts`; book, aggregation and explanation: `run-hvar.ts`. Regenerate the bundled
 * history with `npx tsx scripts/make-hvar-history.ts`.
 */
import type { MarginMethod } from '../../method-contract';
import { DERIBIT_SM_ID } from '../deribit-sm/id';
import { HVAR_NUMERIC_PARAMS, resolveHvarParams } from './hvar-params';
import { hvarSession } from './hvar-session';
import { HVAR_ID } from './id';
import { runHvar } from './run-hvar';

/** `hvar`: one USD requirement per book, the tail of its historical P&L. */
export const hvarMethod: MarginMethod = {
  id: HVAR_ID, label: 'Historical VaR / expected shortfall (full revaluation, USD)', version: '1', role: 'portfolio', savingAgainst: DERIBIT_SM_ID,
  numericParams: HVAR_NUMERIC_PARAMS,
  paramsSource: 'pmdesk hvar defaults v1, default-params.json (margin-methods.md 5e)',
  parseParams: (json) => resolveHvarParams(json),
  usdDecimals: (json) => resolveHvarParams(json).usdDecimals,
  run: runHvar,
  session: hvarSession,
};
